/**
 * The page's side of the checker worker. The message's bytes are transferred, not
 * copied. If the worker crashes or stops answering, the call fails with a reason and
 * the next call starts a fresh worker, so the page keeps working.
 */
import { transfer, wrap, type Endpoint, type Remote } from 'comlink';
import type { CheckOptions, CheckResult, CheckerHost } from './checker-host.ts';

export interface WorkerLike extends Endpoint {
  terminate(): void;
}

export class CheckerGoneError extends Error {
  constructor(readonly reason: 'crashed' | 'timeout') {
    super(`the checker ${reason === 'crashed' ? 'crashed' : 'stopped answering'}`);
    this.name = 'CheckerGoneError';
  }
}

/** Parsing 30 MB takes a few seconds on a slow phone; far longer means it is stuck. */
export const CHECK_TIMEOUT_MS = 60_000;

interface Live {
  worker: WorkerLike;
  remote: Remote<CheckerHost>;
  /** Rejects every pending call on this worker. */
  pending: Set<(error: CheckerGoneError) => void>;
}

export class CheckerClient {
  private live: Live | null = null;

  constructor(
    private readonly start: () => WorkerLike,
    private readonly timeoutMs = CHECK_TIMEOUT_MS,
  ) {}

  /** Checks a message; `buffer` is detached afterwards. */
  check(buffer: ArrayBuffer, options: CheckOptions): Promise<CheckResult> {
    const live = this.ensure();
    return new Promise<CheckResult>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        live.pending.delete(onGone);
      };
      const onGone = (error: CheckerGoneError) => {
        settle();
        reject(error);
      };
      const timer = setTimeout(() => this.drop(live, new CheckerGoneError('timeout')), this.timeoutMs);
      live.pending.add(onGone);
      live.remote.check(transfer(buffer, [buffer]), options).then(
        (result) => {
          settle();
          resolve(result);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  dispose(): void {
    this.live?.worker.terminate();
    this.live = null;
  }

  private ensure(): Live {
    if (this.live) return this.live;
    const worker = this.start();
    const live: Live = { worker, remote: wrap<CheckerHost>(worker), pending: new Set() };
    worker.addEventListener('error', (event) => {
      // Reported on the page; the default would log it a second time.
      (event as Event).preventDefault?.();
      this.drop(live, new CheckerGoneError('crashed'));
    });
    this.live = live;
    return live;
  }

  private drop(live: Live, error: CheckerGoneError): void {
    live.worker.terminate();
    if (this.live === live) this.live = null;
    for (const reject of [...live.pending]) reject(error);
  }
}

/** Starts the checker worker the browser way; the bundler turns the URL into the worker's chunk. */
export function startCheckerWorker(): WorkerLike {
  return new Worker(new URL('./checker.worker.ts', import.meta.url), { type: 'module', name: 'message-checker' });
}
