/**
 * The terminal's line to its session worker: the worker is started on first use,
 * and every call is guarded, so a result that arrives after the session was
 * replaced or lost is dropped rather than applied to the wrong one. A call that
 * fails for any reason but a worker already reported gone counts as the worker
 * going away. The controller decides what to print and what to run next.
 */
import type { ConnectionStatus } from './hints.ts';
import type { ConnectOptions, HostResult } from './host-events.ts';
import { NOTES } from './notes.ts';
import { WorkerGoneError, type SessionApi } from './worker-client.ts';

export type StartSession = (onGone: (reason: string) => void) => SessionApi;

export class SessionLink {
  private current: ConnectionStatus = 'idle';
  goneReason: string | null = null;
  private api: SessionApi | null = null;

  /** `lost` runs once each time the worker goes away, with a reason to show. */
  constructor(
    private readonly start: StartSession,
    private readonly lost: (reason: string) => void,
  ) {}

  get status(): ConnectionStatus {
    return this.current;
  }

  /** A session is open and its worker alive: lines can be sent. */
  get open(): boolean {
    return this.current === 'open' && this.api !== null;
  }

  /** The session ended (a goodbye, or hanging up before the greeting); a lost worker stays lost. */
  closed(): void {
    if (this.current === 'open' || this.current === 'connecting') this.current = 'closed';
  }

  /** Opens a new session (starting a worker if there is none); null when it failed or was replaced. */
  async connect(options: ConnectOptions): Promise<HostResult | null> {
    this.api ??= this.start((reason) => this.gone(reason));
    this.current = 'connecting';
    this.goneReason = null;
    const result = await this.call((api) => api.connect(options));
    if (result) this.current = 'open';
    return result;
  }

  send(text: string): Promise<HostResult | null> {
    return this.call((api) => api.send(text));
  }

  /** Says QUIT for the reader; the caller applies the goodbye, then marks the session closed. */
  disconnect(): Promise<HostResult | null> {
    return this.call((api) => api.disconnect());
  }

  /** The worker went away: false when that was already known. */
  gone(reason: string): boolean {
    if (this.current === 'dead') return false;
    this.current = 'dead';
    this.goneReason = reason;
    const api = this.api;
    this.api = null;
    api?.dispose();
    this.lost(reason);
    return true;
  }

  dispose(): void {
    this.api?.dispose();
    this.api = null;
  }

  /** Any call to the worker, guarded like the others (helpers reach the worker through this). */
  async call<T>(request: (api: SessionApi) => Promise<T>): Promise<T | null> {
    const api = this.api;
    if (!api) return null;
    try {
      const result = await request(api);
      return this.api === api ? result : null;
    } catch (error) {
      // A WorkerGoneError was already reported through `gone` (or the session was closed on purpose).
      if (!(error instanceof WorkerGoneError)) this.gone(NOTES.failed(error instanceof Error ? error.message : String(error)));
      return null;
    }
  }
}
