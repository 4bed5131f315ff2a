import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionHost } from './session-host.ts';
import { WorkerGoneError, workerSession, type WorkerLike } from './worker-client.ts';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const ch of channels.splice(0)) {
    ch.port1.close();
    ch.port2.close();
  }
});

/** A fake worker: the page's end of a MessageChannel whose other end runs a SessionHost. */
function fakeWorker(answer = true): WorkerLike & { terminated: boolean; crash(): void } {
  const channel = new MessageChannel();
  channels.push(channel);
  if (answer) expose(new SessionHost(), channel.port1);
  const port = channel.port2;
  const target = new EventTarget();
  const worker = {
    terminated: false,
    postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer ?? []),
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
      if (type === 'message') port.addEventListener('message', listener as EventListener);
      else target.addEventListener(type, listener);
    },
    removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
      if (type === 'message') port.removeEventListener('message', listener as EventListener);
      else target.removeEventListener(type, listener);
    },
    start: () => port.start(),
    terminate: () => {
      worker.terminated = true;
      port.close();
    },
    crash: () => target.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught Error: boom' })),
  };
  port.start();
  return worker;
}

describe('workerSession', () => {
  it('talks to the session host through comlink', async () => {
    const client = workerSession(fakeWorker());
    const hello = await client.connect({ port: 587 });
    expect(hello.events.some((e) => e.kind === 'reply' && e.code === 220)).toBe(true);
    const reply = await client.send('EHLO a.test\r\n');
    expect(reply.snapshot.state).toBe('ready');
    client.dispose();
  });

  it('reaches every method of the host with no wrapper of its own, and is no thenable', async () => {
    const client = workerSession(fakeWorker());
    await client.connect({ port: 587 });
    // `snapshot` has no client code anywhere: the API follows the host's type.
    expect((await client.snapshot())?.state).toBe('connected');
    expect((client as unknown as { then?: unknown }).then).toBeUndefined();
    client.dispose();
    await expect(client.send('NOOP\r\n')).rejects.toThrow('the session was closed');
    expect(client.failure).toBeNull();
  });

  it('gives up on a worker that stops answering, once, and terminates it', async () => {
    const reasons: string[] = [];
    const worker = fakeWorker(false);
    const client = workerSession(worker, { timeoutMs: 50, bootTimeoutMs: 80, onGone: (r) => reasons.push(r) });
    await expect(client.connect({ port: 587 })).rejects.toBeInstanceOf(WorkerGoneError);
    expect(reasons).toEqual(['the simulator did not start (no reply in 0.08 s)']);
    expect(worker.terminated).toBe(true);
    await expect(client.send('NOOP\r\n')).rejects.toBeInstanceOf(WorkerGoneError);
    expect(reasons).toHaveLength(1);
  });

  it('allows a slow start, then holds later calls to the shorter deadline', async () => {
    const reasons: string[] = [];
    const channel = new MessageChannel();
    channels.push(channel);
    // A host that takes 60 ms to answer everything.
    const host = new SessionHost();
    const slow = {
      connect: async (o: Parameters<SessionHost['connect']>[0]) => (await new Promise((r) => setTimeout(r, 60)), host.connect(o)),
      send: async (t: string) => (await new Promise((r) => setTimeout(r, 60)), host.send(t)),
    };
    expose(slow, channel.port1);
    const port = channel.port2;
    port.start();
    const worker: WorkerLike = {
      postMessage: (m: unknown, t?: Transferable[]) => port.postMessage(m, t ?? []),
      addEventListener: (type: string, l: EventListenerOrEventListenerObject) => type === 'message' && port.addEventListener('message', l as EventListener),
      removeEventListener: (type: string, l: EventListenerOrEventListenerObject) => type === 'message' && port.removeEventListener('message', l as EventListener),
      terminate: () => port.close(),
    };
    const client = workerSession(worker, { timeoutMs: 30, bootTimeoutMs: 1000, onGone: (r) => reasons.push(r) });
    await expect(client.connect({ port: 587 })).resolves.toBeTruthy();
    await expect(client.send('NOOP\r\n')).rejects.toBeInstanceOf(WorkerGoneError);
    expect(reasons).toEqual(['the simulator stopped answering (no reply in 0.03 s)']);
  });

  it('fails pending calls when the worker reports an error', async () => {
    const reasons: string[] = [];
    const worker = fakeWorker(false);
    const client = workerSession(worker, { timeoutMs: 10_000, onGone: (r) => reasons.push(r) });
    const pending = client.connect({ port: 587 });
    worker.crash();
    await expect(pending).rejects.toThrow(/crashed \(Uncaught Error: boom\)/);
    expect(reasons).toHaveLength(1);
  });
});
