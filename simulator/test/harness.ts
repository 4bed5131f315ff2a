/** Shared helpers for the core's tests: deterministic sessions and wire helpers. */
import { DEMO_DOMAIN, DEMO_TOKEN, counterIds, type SessionOptions } from '../config.ts';
import type { SessionAction } from '../output.ts';
import { formatReply, makeReply, type ReplyName, type ReplyParams } from '../replies.ts';
import { SmtpSession } from '../session.ts';

export { DEMO_DOMAIN, DEMO_TOKEN };

export const FIXED_NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

export function newSession(options: SessionOptions = {}): SmtpSession {
  return new SmtpSession({ now: () => FIXED_NOW, nextId: counterIds('test'), ...options });
}

/** The exact wire text of a catalogue reply: tests name replies instead of repeating strings. */
export function wireReply(name: ReplyName, params: ReplyParams = {}): string {
  return formatReply(makeReply(name, params));
}

export const plainArg = (user: string, pass = user, authzid = ''): string =>
  Buffer.from(`${authzid}\0${user}\0${pass}`).toString('base64');
export const b64 = (text: string): string => Buffer.from(text).toString('base64');

export interface Fed {
  text: string;
  actions: SessionAction[];
}

/**
 * Feeds chunks in order, finishing any STARTTLS handshake the session asks for,
 * and collects everything it wrote.
 */
export async function feed(session: SmtpSession, chunks: Iterable<string | Uint8Array>): Promise<Fed> {
  let text = '';
  const actions: SessionAction[] = [];
  for (const chunk of chunks) {
    const out = await session.receive(chunk);
    text += out.text;
    actions.push(...out.actions);
    if (out.actions.some((a) => a.type === 'start-tls')) session.tlsEstablished();
  }
  return { text, actions };
}

/** A session that has greeted, done EHLO, STARTTLS, EHLO again and AUTH PLAIN with the demo token. */
export async function authenticatedSession(options: SessionOptions = {}): Promise<SmtpSession> {
  const session = newSession(options);
  session.start();
  await feed(session, ['EHLO client.test\r\nSTARTTLS\r\n', `EHLO client.test\r\nAUTH PLAIN ${plainArg(DEMO_TOKEN)}\r\n`]);
  if (!session.snapshot().authenticated) throw new Error('harness: AUTH failed');
  return session;
}

/** Reply lines (without CRLF) from wire text. */
export function replyLines(text: string): string[] {
  return text.split('\r\n').filter((l) => l !== '');
}

export function lastReply(text: string): string {
  const lines = replyLines(text);
  return lines[lines.length - 1] ?? '';
}

export const simpleMessage = (extraHeaders = '', body = 'Hello from the tests.'): string =>
  `From: Sender <sender@example.com>\r\nTo: Reader <reader@example.net>\r\nSubject: Test\r\n${extraHeaders}\r\n${body}\r\n`;

/** MAIL, RCPT, DATA, the message and the final dot, as one pipelined chunk. */
export const transaction = (message: string, from = 'sender@example.com', to = ['reader@example.net']): string =>
  `MAIL FROM:<${from}>\r\n${to.map((t) => `RCPT TO:<${t}>\r\n`).join('')}DATA\r\n${message}.\r\n`;
