/**
 * The webhook sender's thread: a delivery made there reaches a real receiver signed
 * with the sandbox's key; a run of deliveries goes out in order and stops at the first
 * failure; a thread that stops turns what it held into a temporary failure and the
 * next delivery is sent from the main thread; closing ends what waits.
 */
import { createPublicKey, verify } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WEBHOOKS, type MessageRecord } from '../../simulator/index.ts';
import { webhookDocument } from '../webhooks/payload.ts';
import { threadSender, type SendRequest, type WebhookSender } from '../webhooks/sender.ts';
import { generateWebhookKey } from '../webhooks/signing-key.ts';

const key = generateWebhookKey();
const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

/** A receiver that answers `status(n)` to its nth request (200 by default), or holds every request when `hang`. */
async function receiver(hang = false, status = (_n: number) => 200): Promise<{ url: string; bodies: { body: Buffer; signature: string }[] }> {
  const bodies: { body: Buffer; signature: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ body: Buffer.concat(chunks), signature: String(req.headers[WEBHOOKS.signatureHeader.toLowerCase()]) });
      if (!hang) res.writeHead(status(bodies.length)).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push({ close: () => (server.closeAllConnections(), server.close()) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, bodies };
}

/** A run of one `email.queued` per inbox ID in `ids`. */
function request(url: string, timeoutMs = 5_000, ids = [7]): SendRequest {
  const record = { id: 'q1', payload: { from: 'app@example.com', to: 'reader@example.net', subject: 'Hello', textbody: 'Hi there' } } as unknown as MessageRecord;
  const at = new Date(0).toISOString();
  const documents = ids.map((id) => webhookDocument('email.queued', { id, record }, 1, { created_at: at, updated_at: at }));
  return { url, documents, timeoutMs };
}

const postedIds = (bodies: { body: Buffer }[]) => bodies.map(({ body }) => (JSON.parse(body.toString()) as { payload: { id: number } }).payload.id);

function sender(entry?: URL): WebhookSender {
  const s = threadSender(key, 2, entry);
  open.push(s);
  return s;
}

const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey, 'base64').toString('base64url') }, format: 'jwk' });

describe('threadSender', () => {
  it.runIf(process.platform === 'linux')('runs at the lowest CPU priority on Linux, so a busy machine serves SMTP first', async () => {
    const niceValues = () =>
      readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19: nice
      });
    // First in this file (its own process), so no sender thread of an earlier test is still about.
    expect(niceValues()).not.toContain(19);
    const hook = await receiver();
    await sender().send(request(hook.url));
    expect(niceValues()).toContain(19);
  });

  it('posts from its thread a body signed with the sandbox key', async () => {
    const hook = await receiver();
    const results = await sender().send(request(hook.url));
    expect(results).toMatchObject([{ outcome: 'delivered', status: 200, answer: 'ok' }]);
    const [{ body, signature }] = hook.bodies as [{ body: Buffer; signature: string }];
    expect(JSON.parse(body.toString())).toMatchObject({ event: 'email.queued', payload: { id: 7, subject: 'Hello' } });
    expect(verify(null, body, publicKey, Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('posts a run in order, one request after another, and stops at the first that is not delivered', async () => {
    const hook = await receiver(false, (n) => (n === 3 ? 500 : 200));
    const results = await sender().send(request(hook.url, 5_000, [1, 2, 3, 4, 5]));
    expect(results.map((r) => r.status)).toEqual([200, 200, 500]);
    expect(results.map((r) => r.outcome)).toEqual(['delivered', 'delivered', 'refused']);
    // Nothing went out past the refusal.
    expect(postedIds(hook.bodies)).toEqual([1, 2, 3]);
  });

  it('a thread that stops: what it held fails as temporary, and the next delivery goes out from here', async () => {
    const hook = await receiver();
    const s = sender(new URL('data:text/javascript,process.exit(3)'));
    expect(await s.send(request(hook.url, 5_000, [1, 2]))).toMatchObject([{ outcome: 'temporary', status: null, answer: 'the webhook thread stopped' }]);
    expect(await s.send(request(hook.url, 5_000, [1, 2]))).toMatchObject([{ outcome: 'delivered', status: 200 }, { outcome: 'delivered', status: 200 }]);
    expect(postedIds(hook.bodies)).toEqual([1, 2]);
  });

  it('closing ends a delivery in flight and any later one as temporary', async () => {
    const hook = await receiver(true);
    const s = sender();
    const inFlight = s.send(request(hook.url, 60_000));
    while (hook.bodies.length === 0) await new Promise((r) => setTimeout(r, 10));
    s.close();
    expect(await inFlight).toMatchObject([{ outcome: 'temporary', answer: 'the sandbox is closing' }]);
    expect(await s.send(request(hook.url))).toMatchObject([{ outcome: 'temporary', answer: 'the sandbox is closing' }]);
  });
});
