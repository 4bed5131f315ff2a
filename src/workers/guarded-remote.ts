/**
 * One guarded line to a Web Worker through comlink, for every worker the page runs
 * (the terminal's session, the message checker).
 *
 * A worker can die (an uncaught error, a failed load, a message the page cannot
 * read) or stop answering (stuck in a loop). Either way it is terminated, so it
 * cannot come back half-alive; every pending and later call fails with
 * `WorkerGoneError`, and `onGone` fires once with a reason the page can show.
 */
import { wrap, type Endpoint, type Remote } from 'comlink';

/** A Worker, or anything shaped like one (tests use a MessagePort). */
export interface WorkerLike extends Endpoint {
  terminate(): void;
}

/** Why a worker went away: each client words it for the reader. */
export type GoneCause =
  | { kind: 'crashed'; message?: string }
  | { kind: 'unreadable' }
  | { kind: 'timeout'; limitMs: number; booted: boolean }
  | { kind: 'closed' };

export class WorkerGoneError extends Error {
  constructor(
    readonly reason: string,
    readonly cause: GoneCause = { kind: 'crashed' },
  ) {
    super(reason);
    this.name = 'WorkerGoneError';
  }
}

export interface GuardOptions {
  /** How long a call may take before the worker counts as not answering. */
  timeoutMs: number;
  /** The same until the worker first answered: loading it can take a while on a slow device. */
  bootTimeoutMs?: number;
  /** Called once when the worker crashed or stopped answering (not when disposed). */
  onGone?: (reason: string) => void;
  /** The reason shown for a cause. */
  explain: (cause: GoneCause) => string;
}

export class GuardedRemote<T> {
  private readonly remote: Remote<T>;
  private gone: WorkerGoneError | null = null;
  private readonly waiting = new Set<(error: WorkerGoneError) => void>();
  private booted = false;

  constructor(
    private readonly worker: WorkerLike,
    private options: GuardOptions,
  ) {
    this.remote = wrap<T>(worker);
    worker.addEventListener('error', (event) => {
      // The event's default would log "Uncaught Error" a second time; the page reports it.
      (event as Event).preventDefault?.();
      const message = (event as { message?: string }).message;
      this.fail(message ? { kind: 'crashed', message } : { kind: 'crashed' });
    });
    worker.addEventListener('messageerror', () => this.fail({ kind: 'unreadable' }));
  }

  /** The reason the worker went away; null while it is alive. */
  get failure(): string | null {
    return this.gone && this.gone.cause.kind !== 'closed' ? this.gone.reason : null;
  }

  /** Hands the worker to a new owner; reports an earlier failure to it at once. */
  adopt(onGone: (reason: string) => void): void {
    this.options = { ...this.options, onGone };
    if (this.failure !== null) onGone(this.failure);
  }

  /** Calls the worker under the deadline; fails with `WorkerGoneError` once it is gone. */
  call<R>(run: (remote: Remote<T>) => Promise<R>): Promise<R> {
    if (this.gone) return Promise.reject(this.gone);
    return new Promise<R>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.waiting.delete(onGone);
      };
      const onGone = (error: WorkerGoneError) => {
        settle();
        reject(error);
      };
      const booted = this.booted;
      const limitMs = booted ? this.options.timeoutMs : Math.max(this.options.timeoutMs, this.options.bootTimeoutMs ?? 0);
      const timer = setTimeout(() => this.fail({ kind: 'timeout', limitMs, booted }), limitMs);
      this.waiting.add(onGone);
      run(this.remote).then(
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

  /** Declares the worker gone: terminates it, fails pending calls, reports once. */
  fail(cause: GoneCause): void {
    if (this.gone) return;
    this.end(new WorkerGoneError(this.options.explain(cause), cause));
    if (cause.kind !== 'closed') this.options.onGone?.(this.gone!.reason);
  }

  /** Ends the worker for good, without reporting it as a failure. */
  dispose(): void {
    this.fail({ kind: 'closed' });
  }

  private end(error: WorkerGoneError): void {
    this.gone = error;
    this.worker.terminate();
    for (const reject of [...this.waiting]) reject(error);
    this.waiting.clear();
  }
}

/** Every method of `T`, answered with a promise: what a host looks like from across the worker boundary. */
export type Asynced<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/**
 * An object whose every method is `call(name, args)`, except those in `own`: the
 * methods follow the host's type, so a method added to the host needs no wrapper.
 */
export function forwardAll<T, Own extends object>(own: Own, call: (name: string, args: unknown[]) => Promise<unknown>): Omit<Asynced<T>, keyof Own> & Own {
  return new Proxy(own, {
    get(target, key) {
      if (key in target) return Reflect.get(target, key);
      // Not a thenable, and no symbols: only method names are forwarded.
      if (typeof key !== 'string' || key === 'then') return undefined;
      return (...args: unknown[]) => call(key, args);
    },
  }) as Omit<Asynced<T>, keyof Own> & Own;
}
