/**
 * `Idempotency-Key` on the send API over real HTTP: the stored answer for the same key
 * and token, one message and one set of webhooks however often it is sent, nothing kept
 * for a failed request, the 255-character limit, the 24-hour expiry and a concurrent
 * request with the same key.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { API_ERRORS, IDEMPOTENCY } from '../../simulator/index.ts';
import { startHttpServer, type HttpServerHandle } from '../http-server.ts';
import { IDEMPOTENCY_ERRORS, withIdempotency } from '../idempotency.ts';
import { TOKEN, startTestApp, until, type TestApp } from './helpers.ts';

const ok = { from: 'App <app@example.com>', to: 'reader@example.net', subject: 'Receipt', textbody: 'Thanks.' };

function send(origin: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/v1/send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN, ...headers },
    body: JSON.stringify(body),
  });
}

const answer = async (r: Response) => ({ status: r.status, body: await r.text() });
const inboxTotal = async (t: TestApp) => ((await (await fetch(`${t.origin}/api/messages`)).json()) as { total: number }).total;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('Idempotency-Key on POST /api/v1/send', () => {
  it('answers a repeat with the stored response, whatever its body: one message, one set of webhooks', async () => {
    const hooks: string[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hooks.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => receiver.close(() => r())));
    const t = await startTestApp({ webhooks: { urls: [`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`] } });
    cleanup.push(() => t.close());

    const key = 'order-1234-receipt';
    const first = await answer(await send(t.origin, ok, { [IDEMPOTENCY.header]: key }));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ id: 1, status: 'pending' });
    for (const body of [ok, { ...ok, subject: 'Another subject' }, { nonsense: true }]) {
      expect(await answer(await send(t.origin, body, { [IDEMPOTENCY.header]: key }))).toEqual(first);
    }
    expect(await inboxTotal(t)).toBe(1);
    await until(() => hooks.length >= 2, 10_000, 'the first message\'s webhooks');

    // Without the key, or with another one, the same request sends again.
    expect(JSON.parse((await answer(await send(t.origin, ok))).body)).toEqual({ id: 2, status: 'pending' });
    expect(JSON.parse((await answer(await send(t.origin, ok, { [IDEMPOTENCY.header]: 'another' }))).body)).toEqual({ id: 3, status: 'pending' });
    expect(await inboxTotal(t)).toBe(3);
    await until(() => hooks.length >= 6, 10_000, 'six webhooks');
    // Those were all: the repeats queued none (deliveries are logged as a message is stored).
    const log = (await (await fetch(`${t.origin}/api/webhooks/deliveries`)).json()) as { deliveries: { message_id: number }[] };
    expect(log.deliveries.map((d) => d.message_id)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(hooks.map((h) => (JSON.parse(h) as { payload: { id: number } }).payload.id).sort()).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('keeps a key per token: the same key with another token sends', async () => {
    const t = await startTestApp({ tokens: { [TOKEN]: 'example.com', 'acme-token': 'acme.test' } });
    cleanup.push(() => t.close());
    const a = await answer(await send(t.origin, ok, { [IDEMPOTENCY.header]: 'k' }));
    const b = await answer(await send(t.origin, { ...ok, from: 'app@acme.test' }, { [IDEMPOTENCY.header]: 'k', 'MailPace-Server-Token': 'acme-token' }));
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).not.toBe(b.body);
    expect(await inboxTotal(t)).toBe(2);
  });

  it('keeps nothing for a failed request, so the same key can be retried', async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const key = 'retry-me';
    const refused = await answer(await send(t.origin, { ...ok, from: 'app@elsewhere.test' }, { [IDEMPOTENCY.header]: key }));
    expect(refused).toEqual(API_ERRORS.domainMismatch);
    const bad = await answer(await send(t.origin, { ...ok, to: undefined }, { [IDEMPOTENCY.header]: key }));
    expect(bad).toEqual(API_ERRORS.toUndefined);
    const sent = await answer(await send(t.origin, ok, { [IDEMPOTENCY.header]: key }));
    expect(sent.status).toBe(200);
    expect(await answer(await send(t.origin, ok, { [IDEMPOTENCY.header]: key }))).toEqual(sent);
  });

  it(`takes keys of up to ${IDEMPOTENCY.maxKeyLength} characters and refuses longer ones, sending nothing`, async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const longest = 'k'.repeat(IDEMPOTENCY.maxKeyLength);
    expect((await send(t.origin, ok, { [IDEMPOTENCY.header]: longest })).status).toBe(200);
    const tooLong = await answer(await send(t.origin, ok, { [IDEMPOTENCY.header]: `${longest}k` }));
    expect(tooLong).toEqual(IDEMPOTENCY_ERRORS.tooLong);
    expect(JSON.parse(tooLong.body).error).toMatch(/^Simulated: /);
    expect(await inboxTotal(t)).toBe(1);
  });
});

describe('withIdempotency around a route (real HTTP, a clock of our own)', () => {
  async function serve(now: () => number, handle: (n: number) => Promise<void> | void) {
    let calls = 0;
    const http: HttpServerHandle = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      password: null,
      loopback: true,
      routes: [
        withIdempotency(
          {
            method: 'POST',
            path: '/api/v1/send',
            ownAuth: true,
            async handle({ req, res }) {
              const n = ++calls;
              req.resume();
              await handle(n);
              res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: n, status: 'pending' }));
            },
          },
          { now },
        ),
      ],
    });
    cleanup.push(() => http.close());
    return { origin: http.origin, calls: () => calls };
  }

  it(`forgets a key after ${IDEMPOTENCY.hours} hours`, async () => {
    let clock = 1_000_000;
    const s = await serve(() => clock, () => undefined);
    const key = { [IDEMPOTENCY.header]: 'daily' };
    expect(await (await send(s.origin, ok, key)).json()).toEqual({ id: 1, status: 'pending' });
    clock += IDEMPOTENCY.hours * 3600_000 - 1;
    expect(await (await send(s.origin, ok, key)).json()).toEqual({ id: 1, status: 'pending' });
    clock += 1;
    expect(await (await send(s.origin, ok, key)).json()).toEqual({ id: 2, status: 'pending' });
    expect(s.calls()).toBe(2);
  });

  it('answers a request whose key is still being handled with a conflict, and stores nothing for it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const s = await serve(Date.now, (n) => (n === 1 ? held : undefined));
    const key = { [IDEMPOTENCY.header]: 'twice-at-once' };
    const first = send(s.origin, ok, key);
    await until(() => s.calls() === 1, 10_000, 'the first request to be running');
    expect(await answer(await send(s.origin, ok, key))).toEqual(IDEMPOTENCY_ERRORS.inProgress);
    release();
    expect(await (await first).json()).toEqual({ id: 1, status: 'pending' });
    expect(await (await send(s.origin, ok, key)).json()).toEqual({ id: 1, status: 'pending' });
    expect(s.calls()).toBe(1);
  });
});
