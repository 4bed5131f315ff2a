/**
 * The page's side of the checker worker, guarded like the terminal's
 * (`GuardedRemote`). The message's bytes are transferred, not copied. If the
 * worker crashes or stops answering, the call fails with a reason and the next
 * call starts a fresh worker, so the page keeps working.
 */
import { transfer } from 'comlink';
import { GuardedRemote, WorkerGoneError, type WorkerLike } from '../workers/guarded-remote.ts';
import type { CheckOptions, CheckResult, CheckerHost } from './checker-host.ts';

export type { WorkerLike } from '../workers/guarded-remote.ts';

export class CheckerGoneError extends Error {
  constructor(readonly reason: 'crashed' | 'timeout') {
    super(`the checker ${reason === 'crashed' ? 'crashed' : 'stopped answering'}`);
    this.name = 'CheckerGoneError';
  }
}

/** Parsing 30 MB takes a few seconds on a slow phone; far longer means it is stuck. */
export const CHECK_TIMEOUT_MS = 60_000;

export class CheckerClient {
  private live: GuardedRemote<CheckerHost> | null = null;

  constructor(
    private readonly start: () => WorkerLike,
    private readonly timeoutMs = CHECK_TIMEOUT_MS,
  ) {}

  /** Checks a message; `buffer` is detached afterwards. */
  async check(buffer: ArrayBuffer, options: CheckOptions): Promise<CheckResult> {
    const live = this.ensure();
    try {
      return await live.call<CheckResult>((remote) => remote.check(transfer(buffer, [buffer]), options));
    } catch (error) {
      if (!(error instanceof WorkerGoneError)) throw error;
      if (this.live === live) this.live = null;
      throw new CheckerGoneError(error.cause.kind === 'timeout' ? 'timeout' : 'crashed');
    }
  }

  dispose(): void {
    this.live?.dispose();
    this.live = null;
  }

  private ensure(): GuardedRemote<CheckerHost> {
    if (this.live && this.live.failure === null) return this.live;
    const live = new GuardedRemote<CheckerHost>(this.start(), {
      timeoutMs: this.timeoutMs,
      // The next call starts a fresh worker.
      onGone: () => {
        if (this.live === live) this.live = null;
      },
      explain: (cause) => new CheckerGoneError(cause.kind === 'timeout' ? 'timeout' : 'crashed').message,
    });
    this.live = live;
    return live;
  }
}

/** Starts the checker worker the browser way; the bundler turns the URL into the worker's chunk. */
export function startCheckerWorker(): WorkerLike {
  return new Worker(new URL('./checker.worker.ts', import.meta.url), { type: 'module', name: 'message-checker' });
}
