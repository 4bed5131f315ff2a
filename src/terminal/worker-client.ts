/**
 * The page's side of the session worker: the host's methods over comlink, each
 * call guarded (`GuardedRemote`: a deadline, terminate, fail pending calls, report
 * once). The widget offers to reconnect when the worker is gone, which makes a new
 * client and a new worker.
 *
 * `SessionApi` is derived from `SessionHost`, so a method added to the host is
 * callable from the page (a helper's `ctx.worker`) with no wrapper written here.
 */
import { forwardAll, GuardedRemote, type Asynced, type GoneCause, type WorkerLike } from '../workers/guarded-remote.ts';
import type { SessionHost } from './session-host.ts';

export { WorkerGoneError, type WorkerLike } from '../workers/guarded-remote.ts';

/** What the terminal needs from a session, wherever it runs: the host's methods, asynchronously. */
export type SessionApi = Asynced<SessionHost> & {
  /** Ends the session for good, without reporting it as a failure. */
  dispose(): void;
};

/** A session in a worker, which a prewarmed page script can hand to a widget. */
export type WorkerSessionClient = SessionApi & {
  readonly failure: string | null;
  /** Hands the client to a new owner; reports an earlier failure at once. */
  adopt(onGone: (reason: string) => void): WorkerSessionClient;
  /** Declares the worker gone (tests). */
  fail(cause: GoneCause): void;
};

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

function explain(cause: GoneCause): string {
  switch (cause.kind) {
    case 'crashed':
      return cause.message ? `the simulator crashed (${cause.message})` : 'the simulator crashed';
    case 'unreadable':
      return 'the simulator sent a message the page could not read';
    case 'timeout':
      return cause.booted
        ? `the simulator stopped answering (no reply in ${cause.limitMs / 1000} s)`
        : `the simulator did not start (no reply in ${cause.limitMs / 1000} s)`;
    case 'closed':
      return 'the session was closed';
  }
}

/** The session host in `worker`, every call guarded. */
export function workerSession(worker: WorkerLike, options: WorkerClientOptions = {}): WorkerSessionClient {
  const guard = new GuardedRemote<SessionHost>(worker, {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    bootTimeoutMs: options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS,
    ...(options.onGone ? { onGone: options.onGone } : {}),
    explain,
  });
  const own = {
    get failure() {
      return guard.failure;
    },
    adopt(onGone: (reason: string) => void) {
      guard.adopt(onGone);
      return client;
    },
    fail: (cause: GoneCause) => guard.fail(cause),
    dispose: () => guard.dispose(),
  };
  const client: WorkerSessionClient = forwardAll<SessionHost, typeof own>(own, (name, args) =>
    guard.call((remote) => (remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...args)),
  );
  return client;
}

/** Starts the session worker the browser way; the bundler turns the URL into the worker's chunk. */
export function startSessionWorker(options: WorkerClientOptions = {}): WorkerSessionClient {
  const worker = new Worker(new URL('./session.worker.ts', import.meta.url), { type: 'module', name: 'smtp-session' });
  return workerSession(worker, options);
}

/**
 * A session in the same thread, for tests and for environments without workers:
 * every method of the host, answered asynchronously. (`crash` needs a worker.)
 */
export function localSession(host: SessionHost): SessionApi {
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(host)).filter((name) => name !== 'constructor');
  const api = Object.fromEntries(
    methods.map((name) => [name, async (...args: unknown[]) => (host as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args)]),
  ) as unknown as SessionApi;
  return {
    ...api,
    crash: async () => {
      throw new Error('crash() is not available without a worker');
    },
    dispose: () => undefined,
  };
}
