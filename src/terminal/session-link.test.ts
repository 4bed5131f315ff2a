import { describe, expect, it, vi } from 'vitest';
import { SessionHost } from './session-host.ts';
import { SessionLink } from './session-link.ts';
import { localSession, WorkerGoneError, type SessionApi } from './worker-client.ts';

const local = (): SessionApi => localSession(new SessionHost());

describe('SessionLink', () => {
  it('connects: connecting at once, open with the greeting', async () => {
    const link = new SessionLink(local, () => undefined);
    const connecting = link.connect({ port: 587 });
    expect(link.status).toBe('connecting');
    const result = await connecting;
    expect(link.status).toBe('open');
    expect(link.open).toBe(true);
    expect(result?.events.some((e) => e.kind === 'reply' && e.code === 220)).toBe(true);
  });

  it('reports a failed call once, as gone, and drops the session', async () => {
    const onGone = vi.fn();
    const dispose = vi.fn();
    const link = new SessionLink(() => ({ ...local(), send: () => Promise.reject(new Error('boom')), dispose }), onGone);
    await link.connect({ port: 587 });
    expect(await link.call((api) => api.send('NOOP\r\n'))).toBeUndefined();
    expect(await link.call((api) => api.send('NOOP\r\n'))).toBeUndefined();
    expect(onGone).toHaveBeenCalledTimes(1);
    expect(onGone.mock.calls[0]![0]).toMatch(/boom/);
    expect(link.status).toBe('dead');
    expect(link.goneReason).toMatch(/boom/);
    expect(dispose).toHaveBeenCalledTimes(1);
  });

  it('leaves a WorkerGoneError to the worker client, which reports it itself', async () => {
    const onGone = vi.fn();
    const link = new SessionLink(() => ({ ...local(), send: () => Promise.reject(new WorkerGoneError('crashed')) }), onGone);
    await link.connect({ port: 587 });
    expect(await link.call((api) => api.send('NOOP\r\n'))).toBeUndefined();
    expect(onGone).not.toHaveBeenCalled();
  });

  it('drops an answer from a session that was replaced meanwhile', async () => {
    let release!: () => void;
    const slow: SessionApi = { ...local(), send: async (text) => (await new Promise<void>((r) => (release = r)), local().send(text)) };
    const sessions = [slow, local()];
    const link = new SessionLink(() => sessions.shift()!, () => undefined);
    await link.connect({ port: 587 });
    const answer = link.call((api) => api.send('NOOP\r\n'));
    link.gone('replaced');
    await link.connect({ port: 587 });
    release();
    expect(await answer).toBeUndefined();
  });

  it('hangs up: closed after the close event, or at once when nothing was open', async () => {
    const link = new SessionLink(local, () => undefined);
    expect(await link.hangUp()).toBeUndefined();
    expect(link.status).toBe('idle');
    await link.connect({ port: 587 });
    const result = await link.hangUp();
    expect(result?.events).toEqual([{ kind: 'closed', by: 'client' }]);
    expect(link.status).toBe('closed');
  });

  it('ends quietly when disposed', async () => {
    const onGone = vi.fn();
    const link = new SessionLink(local, onGone);
    await link.connect({ port: 587 });
    link.dispose();
    link.gone('late');
    expect(onGone).not.toHaveBeenCalled();
    expect(await link.call((api) => api.send('NOOP\r\n'))).toBeUndefined();
  });
});
