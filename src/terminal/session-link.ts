/**
 * The terminal's line to one session: the `SessionApi` in use, the connection
 * status and, once it died, why. Every call goes through `call`, which drops an
 * answer from a session replaced meanwhile and turns a failure into `gone`,
 * reported to the owner once.
 */
import type { ConnectionStatus } from './hints.ts';
import type { ConnectOptions, HostResult } from './host-events.ts';
import { NOTES } from './notes.ts';
import { WorkerGoneError, type SessionApi } from './worker-client.ts';

export class SessionLink {
  status: ConnectionStatus = 'idle';
  goneReason: string | null = null;
  private api: SessionApi | null = null;
  private disposed = false;

  /** `start` makes a session (normally a worker); `onGone` hears once that it died. */
  constructor(
    private readonly start: (onGone: (reason: string) => void) => SessionApi,
    private readonly onGone: (reason: string) => void,
  ) {}

  /** Lines can be sent. */
  get open(): boolean {
    return this.status === 'open' && this.api !== null;
  }

  /**
   * Starts a session unless one is running and opens a connection: `connecting` at
   * once, `open` with the greeting (undefined when it failed or was overtaken).
   */
  async connect(options: ConnectOptions): Promise<HostResult | undefined> {
    this.api ??= this.start((reason) => this.gone(reason));
    this.status = 'connecting';
    this.goneReason = null;
    const result = await this.call((api) => api.connect(options));
    if (result) this.status = 'open';
    return result;
  }

  /**
   * Runs `fn` on the current session. Resolves `undefined` when there is none, when
   * another session replaced it meanwhile (a stale answer), or when it failed.
   */
  async call<T>(fn: (api: SessionApi) => Promise<T>): Promise<T | undefined> {
    const api = this.api;
    if (!api) return undefined;
    try {
      const result = await fn(api);
      return this.api === api ? result : undefined;
    } catch (error) {
      // A WorkerGoneError was already reported through gone() (or the session was closed on purpose).
      if (!(error instanceof WorkerGoneError)) this.gone(NOTES.failed(error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  }

  /** Hangs up: the session's closing events (undefined when none was open, or it failed); the status ends closed. */
  async hangUp(): Promise<HostResult | undefined> {
    const open = this.open;
    const result = open ? await this.call((api) => api.disconnect()) : undefined;
    if (result || (!open && (this.status === 'open' || this.status === 'connecting'))) this.status = 'closed';
    return result;
  }

  /** The session died: it is dropped for good, and the owner hears it once. */
  gone(reason: string): void {
    if (this.status === 'dead' || this.disposed) return;
    this.status = 'dead';
    this.goneReason = reason;
    const api = this.api;
    this.api = null;
    api?.dispose();
    this.onGone(reason);
  }

  /** The terminal went away: end the session without reporting it. */
  dispose(): void {
    this.disposed = true;
    this.api?.dispose();
    this.api = null;
  }
}
