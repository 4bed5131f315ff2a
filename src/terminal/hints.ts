/**
 * The hint line: the next sensible step for where the session stands, worked out
 * from the core's snapshot and the last reply's catalogue name (never its wording). `command`
 * is the literal line to type when there is one: Tab on an empty line inserts it, so a
 * keyboard reader goes from EHLO to 235 with Tab and Enter alone.
 */
import type { PortMode, ReplyName, SessionSnapshot } from '../../simulator/index.ts';
import { CLIENT_NAME, RECIPIENT } from './examples.ts';

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'closed' | 'dead';

export interface HintInput {
  status: ConnectionStatus;
  portMode: PortMode;
  snapshot: SessionSnapshot | null;
  /** The catalogue name of the last reply received, e.g. "authChallengeUser". */
  lastReply: ReplyName | null;
}

export interface Hint {
  text: string;
  command?: string;
}

export function nextHint({ status, portMode, snapshot, lastReply }: HintInput): Hint {
  if (status === 'idle') return { text: 'Press Connect to open a session with the simulated server.' };
  if (status === 'connecting') return { text: 'Connecting…' };
  if (status === 'dead') return { text: 'The simulator stopped. Press Reconnect to start a new session.' };
  if (status === 'closed' || !snapshot || snapshot.state === 'closed') {
    return { text: 'The connection is closed. Press Connect (or type /reset) for a new session.', command: '/reset' };
  }
  switch (snapshot.state) {
    case 'new':
      return { text: 'Wait for the greeting: a client speaks only after the 220.' };
    case 'connected':
      if (snapshot.tls && portMode === 'starttls') {
        return { text: 'TLS is up and the server forgot the earlier EHLO: say hello again.', command: `EHLO ${CLIENT_NAME}` };
      }
      return { text: 'Say hello with your host name: the reply lists what the server offers.', command: `EHLO ${CLIENT_NAME}` };
    case 'tls-handshake':
      return { text: 'The TLS handshake is in progress…' };
    case 'ready':
      if (!snapshot.tls) return { text: 'Upgrade the connection to TLS before logging in.', command: 'STARTTLS' };
      if (!snapshot.authenticated) {
        return {
          text: 'Log in with your API token: /plain puts the AUTH PLAIN line on the prompt (or try AUTH LOGIN).',
          command: '/plain',
        };
      }
      return {
        text: lastReply === 'queued'
          ? 'Message accepted. Send another with MAIL FROM, or say QUIT.'
          : `Start a message: the envelope sender, on ${snapshot.domain ?? 'your domain'}.`,
        command: `MAIL FROM:<hello@${snapshot.domain ?? 'example.com'}>`,
      };
    case 'auth':
      if (lastReply === 'authChallengeUser') return { text: 'The server asks for the username: your API token in base64 (/login puts it on the prompt).', command: '/login' };
      if (lastReply === 'authChallengePass') return { text: 'The server asks for the password: the same token in base64 again.', command: '/login' };
      return { text: 'Send base64 of <NUL>TOKEN<NUL>TOKEN (/plain puts it on the prompt), or * to cancel.', command: '/plain' };
    case 'mail':
      return { text: 'Name a recipient.', command: `RCPT TO:<${RECIPIENT}>` };
    case 'rcpt':
      return { text: 'Add another recipient, or start the message with DATA.', command: 'DATA' };
    case 'data':
      return {
        text: 'Type the headers (From:, To:, Subject:), an empty line, the body, then a line with only a dot.',
      };
  }
}
