/**
 * Checks that run, in this fixed order, before any command handler (the order
 * nodemailer's smtp-server uses): an HTTP request closes at once; EHLO comes first;
 * no second TLS and no second login; TLS before credentials or mail where the port
 * requires it; AUTH before mail; then the transition table decides whether the verb
 * fits the state.
 */
import type { ReplyName, ReplyParams } from './replies.ts';
import { nextState, type SessionState, type Verb } from './states.ts';

export interface GuardView {
  state: SessionState;
  tls: boolean;
  tlsRequired: boolean;
  /** TLS from the first byte: STARTTLS is not offered at all. */
  implicitTls: boolean;
  port: number;
  authenticated: boolean;
}

export interface GuardFailure {
  reply: ReplyName;
  params: ReplyParams;
}

const NEEDS_HELO: ReadonlySet<Verb> = new Set(['STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA']);
const NEEDS_TLS: ReadonlySet<Verb> = new Set(['AUTH', 'MAIL', 'RCPT', 'DATA']);
const NEEDS_AUTH: ReadonlySet<Verb> = new Set(['MAIL', 'RCPT', 'DATA']);

const HTTP_REQUEST = /^(?:(?:GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT|TRACE) \S+ HTTP\/\d|(?:Host|User-Agent|Accept|Content-Length):)/i;

export function isHttpRequest(line: string): boolean {
  return HTTP_REQUEST.test(line);
}

/** Why `verb` is out of sequence in `state`, in words a reader can act on. */
function sequenceHint(state: SessionState, verb: Verb): string {
  if (state === 'ready' && (verb === 'RCPT' || verb === 'DATA')) return 'Send MAIL FROM first';
  if (state === 'mail' && verb === 'DATA') return 'Send RCPT TO first: at least one recipient is needed';
  if ((state === 'mail' || state === 'rcpt') && verb === 'MAIL') return 'A transaction is already open; send RSET to start again';
  if (state === 'mail' || state === 'rcpt') return `${verb} is not allowed during a mail transaction; send RSET first`;
  return `${verb} is not allowed now`;
}

/** The first guard that refuses `verb`, or null when the handler may run. */
export function checkGuards(view: GuardView, verb: Verb): GuardFailure | null {
  if (view.state === 'connected' && NEEDS_HELO.has(verb)) {
    return { reply: 'badSequence', params: { why: 'Send EHLO first' } };
  }
  if (verb === 'STARTTLS' && view.implicitTls) return { reply: 'startTlsOnTlsPort', params: { port: view.port } };
  if (verb === 'STARTTLS' && view.tls) return { reply: 'badSequence', params: { why: 'TLS is already active' } };
  if (verb === 'AUTH' && view.authenticated) return { reply: 'badSequence', params: { why: 'Already authenticated' } };
  if (view.tlsRequired && !view.tls && NEEDS_TLS.has(verb)) return { reply: 'tlsRequired', params: {} };
  if (!view.authenticated && NEEDS_AUTH.has(verb)) return { reply: 'authRequired', params: {} };
  if (nextState(view.state, verb) === undefined) {
    return { reply: 'badSequence', params: { why: sequenceHint(view.state, verb) } };
  }
  return null;
}
