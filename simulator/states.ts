/**
 * The SMTP session's states and the one table of allowed transitions.
 *
 * The session consults this table before any command handler runs: a verb with no
 * edge out of the current state gets 503 from here, never from a handler. The docs
 * draw the state diagram from the same rows, so picture and behaviour cannot drift.
 * TLS and authentication are session flags, not states; guards check them
 * (see `guards.ts`).
 */

export const STATES = [
  'new', // connected, greeting not sent yet: the peer must not speak
  'connected', // greeting sent, waiting for EHLO/HELO
  'ready', // EHLO done, no transaction open
  'auth', // inside an AUTH exchange, waiting for a 334 answer
  'mail', // MAIL FROM accepted, waiting for RCPT TO
  'rcpt', // at least one recipient accepted
  'data', // reading message text until <CRLF>.<CRLF>
  'tls-handshake', // STARTTLS accepted, waiting for the adapter to finish TLS
  'closed',
] as const;
export type SessionState = (typeof STATES)[number];

/** Commands the server knows. Events that are not typed commands use lower case. */
export const VERBS = [
  'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'RSET', 'NOOP', 'QUIT', 'HELP', 'VRFY',
] as const;
export type Verb = (typeof VERBS)[number];

/** Known verbs the simulator deliberately does not offer (502 rather than 500). */
export const NOT_IMPLEMENTED_VERBS = ['EXPN', 'TURN', 'ETRN', 'ATRN', 'BDAT', 'SEND', 'SOML', 'SAML'] as const;

export type Trigger = Verb | 'greeting' | 'auth-response' | 'end-of-data' | 'tls-ready';

export interface Transition {
  from: SessionState;
  on: Trigger;
  /** State after success. A failed command leaves the state as it was. */
  to: SessionState;
  /** Short label for the diagram. */
  label: string;
}

const greeted: SessionState[] = ['connected', 'ready', 'mail', 'rcpt'];
const afterHelo: SessionState[] = ['ready', 'mail', 'rcpt'];

/** Commands allowed wherever a command is read; they do not move the session. */
function everywhere(verb: Verb, label: string): Transition[] {
  return greeted.map((from) => ({ from, on: verb, to: from, label }));
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'new', on: 'greeting', to: 'connected', label: '220 greeting' },
  // EHLO/HELO can restart from any command state and clear the transaction (RFC 5321 §4.1.4).
  ...greeted.map((from) => ({ from, on: 'EHLO' as const, to: 'ready' as const, label: 'EHLO' })),
  ...greeted.map((from) => ({ from, on: 'HELO' as const, to: 'ready' as const, label: 'HELO' })),
  { from: 'ready', on: 'STARTTLS', to: 'tls-handshake', label: 'STARTTLS' },
  { from: 'tls-handshake', on: 'tls-ready', to: 'connected', label: 'TLS up: EHLO again' },
  { from: 'ready', on: 'AUTH', to: 'auth', label: 'AUTH' },
  { from: 'auth', on: 'auth-response', to: 'ready', label: '235 or 535' },
  { from: 'ready', on: 'MAIL', to: 'mail', label: 'MAIL FROM' },
  { from: 'mail', on: 'RCPT', to: 'rcpt', label: 'RCPT TO' },
  { from: 'rcpt', on: 'RCPT', to: 'rcpt', label: 'RCPT TO' },
  { from: 'rcpt', on: 'DATA', to: 'data', label: 'DATA' },
  { from: 'data', on: 'end-of-data', to: 'ready', label: '<CRLF>.<CRLF>' },
  // RSET clears the transaction but keeps EHLO, TLS and AUTH (RFC 5321 §4.1.1.5).
  { from: 'connected', on: 'RSET', to: 'connected', label: 'RSET' },
  ...afterHelo.map((from) => ({ from, on: 'RSET' as const, to: 'ready' as const, label: 'RSET' })),
  ...everywhere('NOOP', 'NOOP'),
  ...everywhere('HELP', 'HELP'),
  ...everywhere('VRFY', 'VRFY'),
  ...greeted.map((from) => ({ from, on: 'QUIT' as const, to: 'closed' as const, label: 'QUIT' })),
];

const lookup = new Map(TRANSITIONS.map((t) => [`${t.from} ${t.on}`, t.to]));

/** Where `trigger` leads from `state`, or undefined when the table has no such edge. */
export function nextState(state: SessionState, trigger: Trigger): SessionState | undefined {
  return lookup.get(`${state} ${trigger}`);
}
