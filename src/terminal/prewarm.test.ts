import { afterEach, describe, expect, it, vi } from 'vitest';

const KEY = Symbol.for('mailpace-smtp-playground.prewarmed-session');
const greeting = { events: [], snapshot: {}, closed: false };
const connect = vi.fn(async () => greeting);

vi.mock('./worker-client.ts', () => ({
  startSessionWorker: () => ({
    connect,
    adopt(this: unknown) {
      return this;
    },
    send: vi.fn(async (text: string) => `sent ${text}`),
    snapshot: vi.fn(async () => 'snapshot'),
    disconnect: vi.fn(),
    crash: vi.fn(),
    dispose: vi.fn(),
  }),
}));

const { prewarmSession, takePrewarmed } = await import('./prewarm.ts');

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KEY];
  vi.unstubAllGlobals();
  connect.mockClear();
});

describe('prewarm', () => {
  it('does nothing without Worker support', () => {
    vi.stubGlobal('Worker', undefined);
    prewarmSession({ port: 587 });
    expect(connect).not.toHaveBeenCalled();
  });

  it('starts nothing once a widget has looked for a warm session', () => {
    vi.stubGlobal('Worker', class {});
    expect(takePrewarmed(() => undefined)).toBeNull();
    prewarmSession({ port: 587 });
    expect(connect).not.toHaveBeenCalled();
  });

  it('hands the warm session to the first widget only, with its greeting when the options match', async () => {
    vi.stubGlobal('Worker', class {});
    prewarmSession({ port: 465, failures: ['rate'] });
    expect(connect).toHaveBeenCalledTimes(1);
    const api = takePrewarmed(() => undefined)!;
    expect(takePrewarmed(() => undefined)).toBeNull();
    await expect(api.connect({ port: 465, failures: ['rate'] })).resolves.toBe(greeting);
    expect(connect).toHaveBeenCalledTimes(1);
    // Later connects open new sessions.
    await api.connect({ port: 465, failures: ['rate'] });
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('opens a new session when the widget wants other options', async () => {
    vi.stubGlobal('Worker', class {});
    prewarmSession({ port: 587 });
    const api = takePrewarmed(() => undefined)!;
    await api.connect({ port: 465 });
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('passes every other method of the host to the warm client, with no wrapper for each', async () => {
    vi.stubGlobal('Worker', class {});
    prewarmSession({ port: 587 });
    const api = takePrewarmed(() => undefined)!;
    await expect(api.send('NOOP\r\n')).resolves.toBe('sent NOOP\r\n');
    await expect(api.snapshot()).resolves.toBe('snapshot');
  });
});
