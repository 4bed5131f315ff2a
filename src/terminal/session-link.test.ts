import { describe, expect, it } from 'vitest';
import type { HostResult } from './host-events.ts';
import { NOTES } from './notes.ts';
import { SessionLink } from './session-link.ts';
import { WorkerGoneError, type SessionApi } from './worker-client.ts';

const RESULT = { events: [] } as unknown as HostResult;

/** A fake worker whose calls the test settles by hand. */
function fakeWorker() {
  const pending: { resolve: (r: HostResult) => void; reject: (e: unknown) => void }[] = [];
  let disposed = 0;
  let reportGone: (reason: string) => void = () => undefined;
  const call = () => new Promise<HostResult>((resolve, reject) => pending.push({ resolve, reject }));
  const api: SessionApi = { connect: call, send: call, disconnect: call, crash: async () => undefined, snapshot: async () => null, dispose: () => void disposed++ };
  return {
    pending,
    disposed: () => disposed,
    goneFromWorker: (reason: string) => reportGone(reason),
    start: (onGone: (reason: string) => void) => {
      reportGone = onGone;
      return api;
    },
  };
}

describe('SessionLink', () => {
  it('starts the worker once, opens on the greeting, and closes on a disconnect', async () => {
    const worker = fakeWorker();
    let starts = 0;
    const link = new SessionLink((onGone) => (starts++, worker.start(onGone)), () => undefined);
    const connecting = link.connect({ port: 587, failures: [] });
    expect(link.status).toBe('connecting');
    worker.pending.shift()!.resolve(RESULT);
    expect(await connecting).toBe(RESULT);
    expect(link.open).toBe(true);
    const again = link.connect({ port: 587, failures: [] });
    worker.pending.shift()!.resolve(RESULT);
    await again;
    expect(starts).toBe(1);
    const closing = link.disconnect();
    worker.pending.shift()!.resolve(RESULT);
    expect(await closing).toBe(RESULT);
    expect(link.status).toBe('open'); // the caller applies the goodbye, then closes
    link.closed();
    expect(link.status).toBe('closed');
  });

  it('drops a result that arrives after the worker was replaced', async () => {
    const first = fakeWorker();
    const lost: string[] = [];
    const link = new SessionLink((onGone) => first.start(onGone), (reason) => lost.push(reason));
    const connecting = link.connect({ port: 587, failures: [] });
    first.pending.shift()!.resolve(RESULT);
    await connecting;
    const sending = link.send('NOOP\r\n');
    first.goneFromWorker('stopped answering');
    first.pending.shift()!.resolve(RESULT);
    expect(await sending).toBeNull();
    expect(link.status).toBe('dead');
    expect(link.goneReason).toBe('stopped answering');
    expect(first.disposed()).toBe(1);
    expect(lost).toEqual(['stopped answering']);
  });

  it('counts an unexpected failure as the worker going away, once; a reported one is not counted twice', async () => {
    const worker = fakeWorker();
    const lost: string[] = [];
    const link = new SessionLink((onGone) => worker.start(onGone), (reason) => lost.push(reason));
    const connecting = link.connect({ port: 587, failures: [] });
    worker.pending.shift()!.reject(new Error('boom'));
    expect(await connecting).toBeNull();
    expect(link.status).toBe('dead');
    expect(lost).toEqual([NOTES.failed('boom')]);
    expect(link.gone('again')).toBe(false);
    link.closed();
    expect(link.status).toBe('dead');

    const next = fakeWorker();
    const link2 = new SessionLink((onGone) => next.start(onGone), (reason) => lost.push(reason));
    const c2 = link2.connect({ port: 587, failures: [] });
    next.goneFromWorker('crashed');
    next.pending.shift()!.reject(new WorkerGoneError('crashed'));
    expect(await c2).toBeNull();
    expect(lost).toEqual([NOTES.failed('boom'), 'crashed']);
  });

  it('sends nothing without a worker', async () => {
    const link = new SessionLink(() => fakeWorker().start(() => undefined), () => undefined);
    expect(link.open).toBe(false);
    expect(await link.send('NOOP\r\n')).toBeNull();
  });
});
