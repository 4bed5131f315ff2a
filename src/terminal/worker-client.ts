/**
 * The page's side of the session worker: comlink calls with a deadline.
 *
 * A worker can die (an uncaught error, a failed load) or stop answering (stuck in
 * a loop). Either way every pending and later call fails with `WorkerGoneError`
 * and `onGone` fires once with a reason the widget can show; the worker is
 * terminated so it cannot come back half-alive. The widget then offers to
 * reconnect, which makes a new client and a new worker.
 */
import { wrap, type Endpoint, type Remote } from 'comlink';
import type { ConnectOptions, HostResult } from './host-events.ts';
import type { SessionHost } from './session-host.ts';

/** What the terminal needs from a session, wherever it runs. */
export interface SessionApi {
  connect(options: ConnectOptions): Promise<HostResult>;
  send(text: string): Promise<HostResult>;
  disconnect(): Promise<HostResult>;
  crash(mode: 'throw' | 'hang'): Promise<void>;
  /** Ends the session for good, without reporting it as a failure. */
  dispose(): void;
}

export class WorkerGoneError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WorkerGoneError';
  }
}

/** A Worker, or anything shaped like one (tests use a MessagePort). */
export interface WorkerLike extends Endpoint {
  terminate(): void;
}

export interface WorkerClientOptions {
  /** How long a call may take before the worker counts as not answering. */
  timeoutMs?: number;
  /** The same until the worker first answered: loading it can take a while on a slow device. */
  bootTimeoutMs?: number;
  /** Called once when the worker crashed or stopped answering. */
  onGone?: (reason: string) => void;
}

export const DEFAULT_TIMEOUT_MS = 4000;
export const DEFAULT_BOOT_TIMEOUT_MS = 20_000;

export class WorkerSessionClient implements SessionApi {
  private readonly remote: Remote<SessionHost>;
  private gone: string | null = null;
  private disposed = false;
  private readonly waiting = new Set<(error: WorkerGoneError) => void>();
  private readonly timeoutMs: number;
  private readonly bootTimeoutMs: number;
  private booted = false;

  constructor(
    private readonly worker: WorkerLike,
    private options: WorkerClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.bootTimeoutMs = Math.max(this.timeoutMs, options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS);
    this.remote = wrap<SessionHost>(worker);
    worker.addEventListener('error', (event) => {
      // The event's default would log "Uncaught Error" a second time; the widget reports it.
      event.preventDefault?.();
      const message = (event as { message?: string }).message;
      this.fail(message ? `the simulator crashed (${message})` : 'the simulator crashed');
    });
    worker.addEventListener('messageerror', () => this.fail('the simulator sent a message the page could not read'));
  }

  get failure(): string | null {
    return this.gone;
  }

  /** Hands the client to a new owner (a prewarmed worker adopted by a widget); reports an earlier failure at once. */
  adopt(onGone: (reason: string) => void): this {
    this.options = { ...this.options, onGone };
    if (this.gone !== null) onGone(this.gone);
    return this;
  }

  connect(options: ConnectOptions): Promise<HostResult> {
    return this.call(() => this.remote.connect(options));
  }

  send(text: string): Promise<HostResult> {
    return this.call(() => this.remote.send(text));
  }

  disconnect(): Promise<HostResult> {
    return this.call(() => this.remote.disconnect());
  }

  crash(mode: 'throw' | 'hang'): Promise<void> {
    return this.call(() => this.remote.crash(mode));
  }

  /** Declares the worker gone: terminates it, fails pending calls, reports once. */
  fail(reason: string): void {
    if (this.gone !== null || this.disposed) return;
    this.gone = reason;
    this.worker.terminate();
    const error = new WorkerGoneError(reason);
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
    this.options.onGone?.(reason);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker.terminate();
    const error = new WorkerGoneError('the session was closed');
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
  }

  private call<T>(run: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new WorkerGoneError('the session was closed'));
    if (this.gone !== null) return Promise.reject(new WorkerGoneError(this.gone));
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.waiting.delete(onGone);
      };
      const onGone = (error: WorkerGoneError) => {
        settle();
        reject(error);
      };
      const limit = this.booted ? this.timeoutMs : this.bootTimeoutMs;
      const timer = setTimeout(
        () => this.fail(this.booted ? `the simulator stopped answering (no reply in ${limit / 1000} s)` : `the simulator did not start (no reply in ${limit / 1000} s)`),
        limit,
      );
      this.waiting.add(onGone);
      run().then(
        (value) => {
          this.booted = true;
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }
}

/** Starts the session worker the browser way; the bundler turns the URL into the worker's chunk. */
export function startSessionWorker(options: WorkerClientOptions = {}): WorkerSessionClient {
  const worker = new Worker(new URL('./session.worker.ts', import.meta.url), { type: 'module', name: 'smtp-session' });
  return new WorkerSessionClient(worker, options);
}

/** A session in the same thread, for tests and for environments without workers. */
export function localSession(host: SessionHost): SessionApi {
  return {
    connect: async (options) => host.connect(options),
    send: (text) => host.send(text),
    disconnect: async () => host.disconnect(),
    crash: async () => {
      throw new Error('crash() is not available without a worker');
    },
    dispose: () => undefined,
  };
}
