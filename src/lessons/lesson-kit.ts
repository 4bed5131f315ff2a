/**
 * What the lessons are built from: the lines a reader types, the checks each step
 * makes (reply names and session state, never wording), the steps several lessons
 * share, why common mistakes fail, and the builder that fills in a lesson's solution.
 */
import { DEMO_DOMAIN, DEMO_TOKEN } from '../../simulator/config.ts';
import type { MessageRecord, ReplyName } from '../../simulator/index.ts';
import { b64, plainArgument } from '../terminal/encoding.ts';
import { helperThenSend, typeLine, typeLines } from './keystrokes.ts';
import type { Lesson, LessonObservation, LessonStep } from './lesson-types.ts';

export const HELLO = 'EHLO laptop.example.com';
export const PLAIN = `AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`;
export const LOGIN_ANSWER = b64(DEMO_TOKEN);
export const TLS_HELLO = [HELLO, 'STARTTLS', HELLO];
export const OPEN = [...TLS_HELLO, PLAIN];
export const FROM = `you@${DEMO_DOMAIN}`;
export const ENVELOPE = [`MAIL FROM:<${FROM}>`, 'RCPT TO:<friend@example.net>', 'DATA'];
/** Keystrokes for a whole transaction: the envelope, DATA, then each line of `lines` with Enter after it. */
export const sendMessage = (lines: readonly string[], envelope: readonly string[] = ENVELOPE) => [...envelope.map((l) => typeLine(l)), typeLines(lines)];
export const message = (...headers: string[]) => [`From: ${FROM}`, 'To: friend@example.net', 'Subject: Hi', ...headers, '', 'Hello!', '.'];

/** Checks on what the session saw: reply names and records, never wording. */
export const saw = (o: LessonObservation, reply: ReplyName) => o.replies.includes(reply);
export const accepted = (o: LessonObservation): MessageRecord[] => o.records.filter((r) => r.status === 'accepted');

/** Why common mistakes fail, by reply name. Lessons add their own or override. */
export const COMMON_MISTAKES: Partial<Record<ReplyName, string>> = {
  tlsRequired: 'AUTH or MAIL before STARTTLS: the server will not take your token over plaintext (simulated). Send STARTTLS, then EHLO again.',
  authRequired: 'MAIL before AUTH: only a logged-in API token may send, so the server asks you to log in first.',
  authFailed: 'The login was refused: the username and the password must both be the API token (the demo token here). Use /plain or /login to build the line.',
  badSequence: 'That command is not allowed at this point of the session: the server follows a fixed order (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA).',
  unknownCommand: 'The server did not recognise the command: check its spelling (/help lists the helpers, HELP the commands).',
  syntax: 'The command was understood but its arguments were not: addresses go in angle brackets, as in MAIL FROM:<you@example.com>.',
  badSender: 'The sender address is malformed: write it in angle brackets, as in MAIL FROM:<you@example.com>.',
  badRecipient: 'The recipient address is malformed: write it in angle brackets, as in RCPT TO:<friend@example.net>.',
  domainMismatch: `The From header is not on ${DEMO_DOMAIN}, the domain the demo token sends for: the message was refused after the final dot.`,
  badMessage: 'The message needs From and To headers, then a blank line, then the body.',
};

export const hello: LessonStep = {
  goal: 'Introduce yourself with EHLO and read the list of extensions.',
  keys: [typeLine(HELLO)],
  needs: 'greeted',
  why: 'EHLO opens every session: the reply lists what this server supports, so a client knows it may use STARTTLS and AUTH.',
  done: (o) => o.snapshot.heloName !== null,
};
export const startTls: LessonStep = {
  goal: 'Upgrade the connection to TLS.',
  keys: [typeLine('STARTTLS')],
  needs: 'hello',
  why: 'From here on, everything, including your token, travels encrypted.',
  done: (o) => o.snapshot.tls,
};
export const helloAgain: LessonStep = {
  goal: 'Say EHLO again inside TLS: AUTH now appears in the list.',
  keys: [typeLine(HELLO)],
  needs: 'encrypted',
  why: 'TLS starts a fresh session, so the server forgets the first EHLO; the new list now offers AUTH.',
  done: (o) => o.snapshot.tls && o.snapshot.heloName !== null,
};
export const logIn: LessonStep = {
  goal: 'Log in with the demo API token: the /plain helper builds the AUTH PLAIN line for it.',
  keys: helperThenSend('/plain', 'the AUTH PLAIN line with the demo token'),
  needs: 'secure',
  why: 'The token is both username and password; it also decides which domain you may send from.',
  done: (o) => o.snapshot.authenticated,
};
export const sender: LessonStep = {
  goal: 'Start a message: give the envelope sender on the demo domain.',
  keys: [typeLine(`MAIL FROM:<${FROM}>`)],
  needs: 'logged-in',
  why: 'MAIL FROM opens a transaction and names where bounces go; it is not the From header readers see.',
  done: (o) => o.snapshot.envelope !== null || accepted(o).length > 0,
};
export const recipient: LessonStep = {
  goal: 'Add a recipient.',
  keys: [typeLine('RCPT TO:<friend@example.net>')],
  needs: 'sender',
  why: 'Each RCPT TO adds one envelope recipient: the list the server really delivers to.',
  done: (o) => (o.snapshot.envelope?.rcptTo.length ?? 0) > 0 || accepted(o).length > 0,
};

export type LessonInput = Omit<Lesson, 'solution' | 'mistakes'> & { mistakes?: Lesson['mistakes'] };

/** Fills in the solution (setup, then practice) and merges the common mistakes. */
export function lesson(input: LessonInput): Lesson {
  return { ...input, mistakes: { ...COMMON_MISTAKES, ...input.mistakes }, solution: [...input.setup, ...input.practice] };
}

export const AT_DATA = 'The terminal has already logged in, given the envelope (MAIL FROM and RCPT TO) and sent DATA: the server waits for the message.';
