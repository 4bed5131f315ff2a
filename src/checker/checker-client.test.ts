import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckerClient, CheckerGoneError, type WorkerLike } from './checker-client.ts';
import { CheckerHost } from './checker-host.ts';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const ch of channels.splice(0)) {
    ch.port1.close();
    ch.port2.close();
  }
});

/** A fake worker: one end of a MessageChannel, a CheckerHost (or nothing) on the other. */
function fakeWorker(answer: boolean): WorkerLike & { crash(): void } {
  const channel = new MessageChannel();
  channels.push(channel);
  if (answer) expose(new CheckerHost(), channel.port1);
  const port = channel.port2;
  const target = new EventTarget();
  port.start();
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer ?? []),
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
      type === 'message' ? port.addEventListener('message', listener as EventListener) : target.addEventListener(type, listener),
    removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
      type === 'message' ? port.removeEventListener('message', listener as EventListener) : target.removeEventListener(type, listener),
    terminate: () => port.close(),
    crash: () => target.dispatchEvent(new Event('error')),
  };
}

const MESSAGE = 'From: hello@example.com\r\nTo: ada@example.net\r\nSubject: Hi\r\n\r\nHello\r\n';

describe('CheckerClient', () => {
  it('transfers the bytes to the worker instead of copying them', async () => {
    const client = new CheckerClient(() => fakeWorker(true));
    const bytes = new TextEncoder().encode(MESSAGE);
    const result = await client.check(bytes.buffer, { domain: 'example.com' });
    expect(result).toMatchObject({ kind: 'checked', record: { status: 'accepted' } });
    expect(bytes.buffer.detached).toBe(true);
    client.dispose();
  });

  it('fails a call when the worker crashes, then starts a fresh worker', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = new CheckerClient(() => {
      const w = fakeWorker(workers.length > 0);
      workers.push(w);
      return w;
    });
    const first = client.check(new TextEncoder().encode(MESSAGE).buffer, { domain: '' });
    workers[0]!.crash();
    await expect(first).rejects.toEqual(new CheckerGoneError('crashed'));
    const second = await client.check(new TextEncoder().encode(MESSAGE).buffer, { domain: 'example.com' });
    expect(second.kind).toBe('checked');
    expect(workers).toHaveLength(2);
    client.dispose();
  });

  it('gives up on a worker that stops answering, terminates it, and starts a fresh one', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    let terminated = 0;
    const client = new CheckerClient(() => {
      const w = fakeWorker(workers.length > 0);
      const terminate = w.terminate;
      w.terminate = () => (terminated++, terminate());
      workers.push(w);
      return w;
    }, 50);
    await expect(client.check(new TextEncoder().encode(MESSAGE).buffer, { domain: '' })).rejects.toEqual(new CheckerGoneError('timeout'));
    expect(terminated).toBe(1);
    expect((await client.check(new TextEncoder().encode(MESSAGE).buffer, { domain: '' })).kind).toBe('checked');
    client.dispose();
  });
});
