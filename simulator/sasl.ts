/**
 * The SASL exchanges MailPace offers over SMTP: PLAIN (RFC 4616) and LOGIN
 * (draft-murchison-sasl-login). Pure: it turns base64 answers into a username and
 * password, or names the reply for a malformed answer. Checking the credentials is
 * the policy's job, not this file's.
 */
import { base64Decode, decodeUtf8Strict } from './bytes.ts';
import { SMTP } from './mailpace-facts.ts';
import type { ReplyName } from './replies.ts';

/** The mechanisms MailPace publishes; EHLO, HELP-style texts and the 504 reply read this list. */
export const MECHANISMS = SMTP.authMechanisms;
export type Mechanism = (typeof MECHANISMS)[number];

export type SaslStep =
  | { kind: 'challenge'; reply: 'authChallengePlain' | 'authChallengeUser' | 'authChallengePass' }
  | { kind: 'credentials'; username: string; password: string }
  | { kind: 'error'; reply: ReplyName };

export function isMechanism(name: string): name is Mechanism {
  return (MECHANISMS as readonly string[]).includes(name);
}

function decodeAnswer(answer: string): string | null {
  // RFC 4954 §4: "=" stands for an empty initial response.
  if (answer === '=') return '';
  const bytes = base64Decode(answer);
  return bytes && decodeUtf8Strict(bytes);
}

export class SaslExchange {
  private username: string | null = null;

  constructor(readonly mechanism: Mechanism) {}

  /** Starts the exchange, with the optional initial response from the AUTH line. */
  start(initial: string | undefined): SaslStep {
    if (initial === undefined) {
      return { kind: 'challenge', reply: this.mechanism === 'PLAIN' ? 'authChallengePlain' : 'authChallengeUser' };
    }
    return this.answer(initial);
  }

  /** Handles one client answer to a 334 challenge. */
  answer(line: string): SaslStep {
    if (line === '*') return { kind: 'error', reply: 'authCancelled' };
    const text = decodeAnswer(line);
    if (text === null) return { kind: 'error', reply: 'badBase64' };
    if (this.mechanism === 'PLAIN') {
      const parts = text.split('\u0000');
      if (parts.length !== 3) return { kind: 'error', reply: 'badPlain' };
      const [authzid, username, password] = parts as [string, string, string];
      // An authorization identity other than the user itself is not supported.
      if (authzid !== '' && authzid !== username) return { kind: 'credentials', username: authzid, password: '' };
      return { kind: 'credentials', username, password };
    }
    if (this.username === null) {
      this.username = text;
      return { kind: 'challenge', reply: 'authChallengePass' };
    }
    return { kind: 'credentials', username: this.username, password: text };
  }
}
