/**
 * The adapter between one `SmtpSession` and the page: it carries out the core's
 * actions the way a browser can (the TLS handshake is simulated on the spot) and
 * returns plain, cloneable events and a snapshot after every call. It writes no
 * wording for the reader: events say what happened, the page says it (`notes.ts`).
 *
 * It runs inside the Web Worker (`session.worker.ts` exposes it with comlink), and
 * in Node for the unit tests; it touches neither the DOM nor Node APIs.
 */
import { SmtpSession } from '../../simulator/index.ts';
import type { ConnectOptions, HostEvent, HostResult } from './host-events.ts';
import { portMode } from './ports.ts';

export type { ConnectOptions, HostEvent, HostResult } from './host-events.ts';

export const SIMULATED_TLS_VERSION = 'TLSv1.3';

const decoder = new TextDecoder();

let counter = 0;
/** Queue IDs that look like a real server's: unique per page load. */
function nextQueueId(): string {
  counter++;
  return `sim-${Date.now().toString(36)}-${counter.toString(36).padStart(3, '0')}`;
}

export class SessionHost {
  private session: SmtpSession | null = null;

  /** Opens a new session (dropping any previous one) and returns the greeting. */
  connect(options: ConnectOptions): HostResult {
    this.session?.connectionLost();
    const mode = portMode(options.port);
    const session = new SmtpSession({
      now: () => Date.now(),
      nextId: nextQueueId,
      ...options.session,
      port: options.port,
      portMode: mode,
      failures: new Set(options.failures ?? []),
    });
    this.session = session;
    const tls = mode === 'implicit-tls' ? { version: SIMULATED_TLS_VERSION, simulated: true as const } : null;
    const events: HostEvent[] = [{ kind: 'connected', port: options.port, mode, tls }];
    this.collect(session.start().actions, events);
    return this.result(events);
  }

  /** Feeds text from the client (lines must end with CRLF) and returns what the session did. */
  async send(text: string): Promise<HostResult> {
    const session = this.requireSession();
    const events: HostEvent[] = [];
    this.collect((await session.receive(text)).actions, events);
    return this.result(events);
  }

  /** The client hung up. */
  disconnect(): HostResult {
    const session = this.requireSession();
    session.connectionLost();
    return this.result([{ kind: 'closed', by: 'client' }]);
  }

  snapshot(): ReturnType<SmtpSession['snapshot']> | null {
    return this.session?.snapshot() ?? null;
  }

  /**
   * Debugging helper behind `/crash`: `throw` raises an uncaught error in the
   * worker, `hang` blocks it, so the page's recovery paths can be tried by hand and
   * by the end-to-end tests.
   */
  crash(mode: 'throw' | 'hang'): void {
    if (mode === 'hang') {
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        // Busy on purpose: the page must notice the worker stopped answering.
      }
      return;
    }
    setTimeout(() => {
      throw new Error('crash requested with /crash');
    }, 0);
  }

  private requireSession(): SmtpSession {
    if (!this.session) throw new Error('SessionHost: connect() first');
    return this.session;
  }

  private collect(actions: ReturnType<SmtpSession['start']>['actions'], events: HostEvent[]): void {
    for (const action of actions) {
      switch (action.type) {
        case 'send':
          events.push({ kind: 'reply', name: action.reply.name, code: action.reply.code, lines: [...action.reply.lines] });
          break;
        case 'authenticated':
          // The core reports the login itself, right after the reply that says so.
          events.push({ kind: 'authenticated', domain: action.domain });
          break;
        case 'start-tls':
          // No real TLS in a browser tab: finish the handshake at once; the event says it was simulated.
          this.session!.tlsEstablished();
          events.push({ kind: 'tls', version: SIMULATED_TLS_VERSION, simulated: true });
          break;
        case 'message':
          events.push({ kind: 'message', record: action.record, raw: action.raw ? decoder.decode(action.raw) : null });
          break;
        case 'close':
          events.push({ kind: 'closed', by: 'server' });
          break;
      }
    }
  }

  private result(events: HostEvent[]): HostResult {
    const session = this.requireSession();
    return { events, snapshot: session.snapshot(), closed: session.closed };
  }
}
