/**
 * Example sessions for the "International mail" page, played through the protocol core
 * at build time: only the client lines are written here, every server line and the
 * payload come from the simulator.
 */
import { SMTP, formatTranscript, playScript, type MessageRecord } from '../../../simulator/index.ts';
import { DEFAULT_SCRIPT_CONTEXT as demo, authPlainLines, helloLines } from '../../terminal/examples.ts';

const login = [...helloLines(demo), ...authPlainLines(demo)];
const options = { port: SMTP.defaultPort, now: () => Date.UTC(2026, 0, 1) };

/** A UTF-8 subject and display name, written as RFC 2047 encoded words. */
export const ENCODED_HEADERS = [
  'From: =?UTF-8?Q?Z=C3=BCrich_B=C3=BCro?= <hello@example.com>',
  'To: =?UTF-8?B?5bGx55Sw5aSq6YOO?= <taro@example.net>',
  'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_Z=C3=BCrich_=E2=9C=93?=',
];

/** What the headers above decode to. */
export const DECODED = { from: 'Zürich Büro', to: '山田太郎', subject: 'Grüße aus Zürich ✓' } as const;

const envelope = ['MAIL FROM:<hello@example.com>', 'RCPT TO:<taro@example.net>', 'DATA'];

export interface PlayedExample {
  transcript: string;
  records: MessageRecord[];
}

/** Plays the lines; with `from`, the transcript starts at the first client line beginning so. */
async function play(lines: string[], from?: string): Promise<PlayedExample> {
  const played = await playScript(lines, options);
  const start = from ? played.lines.findIndex((l) => l.from === 'C' && l.text.startsWith(from)) : 0;
  if (start < 0) throw new Error(`no client line starts with ${from}`);
  return { transcript: formatTranscript(played.lines.slice(start)), records: played.records };
}

/** The EHLO reply: the extensions the simulator advertises. */
export const ehlo = await play([...helloLines(demo), 'QUIT']);

/** The punycode form of the IDN domain used below. */
export const IDN = { unicode: 'münchen.example', ascii: 'xn--mnchen-3ya.example' } as const;

/** Encoded words travel as plain ASCII: no extension needed. */
export const encodedWords = await play([
  ...login, ...envelope,
  ...ENCODED_HEADERS, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Hallo!', '.', 'QUIT',
], 'MAIL FROM');

/** A UTF-8 local part without SMTPUTF8 on MAIL FROM is refused (RFC 6531 §3.5). */
export const withoutSmtpUtf8 = await play([...login, 'MAIL FROM:<hello@example.com>', 'RCPT TO:<jürgen@example.net>', 'QUIT'], 'MAIL FROM');

/** The same recipient, with SMTPUTF8 declared on MAIL FROM. */
export const withSmtpUtf8 = await play([...login, 'MAIL FROM:<hello@example.com> SMTPUTF8', 'RCPT TO:<jürgen@example.net>', 'QUIT'], 'MAIL FROM');

/** An IDN domain in its punycode (A-label) form is plain ASCII. */
export const punycodeDomain = await play([...login, 'MAIL FROM:<hello@example.com>', 'RCPT TO:<info@xn--mnchen-3ya.example>', 'QUIT'], 'MAIL FROM');
