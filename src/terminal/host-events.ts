/**
 * What crosses between the session worker and the page: typed events and a
 * snapshot, never a sentence. The worker reports what happened (a reply by its
 * catalogue name, TLS up, logged in, a message recorded); the page decides what
 * to say about it (`notes.ts`), so rewording a reply or a note cannot break a
 * hint, a goal or a lesson.
 *
 * Types only: the page imports this file without loading any of the core.
 */
import type { FailureKnob, MessageRecord, PortMode, ReplyName, SessionOptions, SessionSnapshot } from '../../simulator/index.ts';
import type { Port } from './ports.ts';

export type HostEvent =
  /** A new session: on an implicit-TLS port `tls` says the handshake came before the greeting. */
  | { kind: 'connected'; port: Port; mode: PortMode; tls: { version: string; simulated: true } | null }
  /** One server reply: its catalogue name, code and wire lines (without CRLF). */
  | { kind: 'reply'; name: ReplyName; code: number; lines: string[] }
  /** STARTTLS finished: the connection is encrypted from here on. */
  | { kind: 'tls'; version: string; simulated: true }
  /** AUTH succeeded: the session sends for `domain`. */
  | { kind: 'authenticated'; domain: string | null }
  /** A message finished (accepted or rejected) and was recorded. */
  | { kind: 'message'; record: MessageRecord; raw: string | null }
  /** The connection ended: `server` after QUIT or a 421, `client` when the page hung up. */
  | { kind: 'closed'; by: 'server' | 'client' };

export interface HostResult {
  events: HostEvent[];
  snapshot: SessionSnapshot;
  closed: boolean;
}

export interface ConnectOptions {
  port: Port;
  failures?: readonly FailureKnob[];
  /** Extra session options for tests (clock, IDs). */
  session?: Omit<SessionOptions, 'port' | 'portMode' | 'failures'>;
}
