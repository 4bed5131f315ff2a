/**
 * Starts the session worker, and the session itself, before the island has loaded.
 *
 * Loading the worker (the protocol core) takes a while; the island (React, then
 * xterm) takes longer. The terminal's Astro shell calls `prewarmSession()` from a
 * small page script as soon as the page is parsed, with the port and failure knobs
 * it rendered, so the 220 greeting is usually waiting by the time the island asks
 * for it. The first widget takes the warm session with `takePrewarmed`; later ones
 * start their own.
 */
import type { FailureKnob } from '../../simulator/index.ts';
import { forwardAll } from '../workers/guarded-remote.ts';
import type { ConnectOptions, HostResult, SessionHost } from './session-host.ts';
import { startSessionWorker, type SessionApi, type WorkerSessionClient } from './worker-client.ts';

// On globalThis, so the page script and the island share it however the bundler splits them.
const KEY = Symbol.for('mailpace-smtp-playground.prewarmed-session');

interface Warm {
  client: WorkerSessionClient;
  options: ConnectOptions;
  greeting: Promise<HostResult>;
}

type Slot = { [KEY]?: Warm | null };

function sameOptions(a: ConnectOptions, b: ConnectOptions): boolean {
  const knobs = (o: ConnectOptions) => [...(o.failures ?? [])].sort().join(',');
  return a.port === b.port && knobs(a) === knobs(b) && a.session === undefined && b.session === undefined;
}

/** Starts one worker and one session for the page, once. */
export function prewarmSession(options: ConnectOptions): void {
  const slot = globalThis as Slot;
  if (slot[KEY] !== undefined || typeof Worker === 'undefined') return;
  try {
    const client = startSessionWorker();
    const greeting = client.connect(options);
    // Failures surface when the widget adopts the session; never as an unhandled rejection.
    greeting.catch(() => undefined);
    slot[KEY] = { client, options, greeting };
  } catch {
    slot[KEY] = null;
  }
}

/**
 * The warm session, if there is one not yet taken. Its first `connect` returns the
 * greeting already received when the options match, and opens a new session otherwise.
 */
export function takePrewarmed(onGone: (reason: string) => void): SessionApi | null {
  const slot = globalThis as Slot;
  const warm = slot[KEY];
  // Taken (or too late): a page script that runs after this starts no second worker.
  slot[KEY] = null;
  if (!warm) return null;
  const client = warm.client.adopt(onGone);
  let first: Warm | null = warm;
  const own = {
    connect: (options: ConnectOptions): Promise<HostResult> => {
      const pending = first;
      first = null;
      return pending && sameOptions(pending.options, options) ? pending.greeting : client.connect(options);
    },
    dispose: () => client.dispose(),
  };
  // Every other method goes straight to the client, whatever methods the host has.
  return forwardAll<SessionHost, typeof own>(own, (name, args) => (client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...args));
}

/** Reads the knobs a shell rendered as `data-failures="dkim,rate"`. */
export function parseFailures(value: string | undefined, known: readonly FailureKnob[]): FailureKnob[] {
  return (value ?? '').split(',').filter((k): k is FailureKnob => (known as readonly string[]).includes(k));
}
