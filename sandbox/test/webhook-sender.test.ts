/**
 * The webhook sender's thread: a delivery made there reaches a real receiver signed
 * with the sandbox's key; a thread that stops turns what it held into a temporary
 * failure and the next delivery is sent from the main thread; closing ends what waits.
 */
import { createPublicKey, verify } from 'node:crypto';
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

/** A receiver that answers 200, or holds every request when `hang`. */
async function receiver(hang = false): Promise<{ url: string; bodies: { body: Buffer; signature: string }[] }> {
  const bodies: { body: Buffer; signature: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ body: Buffer.concat(chunks), signature: String(req.headers[WEBHOOKS.signatureHeader.toLowerCase()]) });
      if (!hang) res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push({ close: () => (server.closeAllConnections(), server.close()) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, bodies };
}

function request(url: string, timeoutMs = 5_000): SendRequest {
  const record = { id: 'q1', payload: { from: 'app@example.com', to: 'reader@example.net', subject: 'Hello', textbody: 'Hi there' } } as unknown as MessageRecord;
  const at = new Date(0).toISOString();
  return { url, document: webhookDocument('email.queued', { id: 7, record }, 1, { created_at: at, updated_at: at }), timeoutMs };
}

function sender(entry?: URL): WebhookSender {
  const s = threadSender(key, 2, entry);
  open.push(s);
  return s;
}

const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey, 'base64').toString('base64url') }, format: 'jwk' });

describe('threadSender', () => {
  it('posts from its thread a body signed with the sandbox key', async () => {
    const hook = await receiver();
    const result = await sender().send(request(hook.url));
    expect(result).toMatchObject({ outcome: 'delivered', status: 200, answer: 'ok' });
    const [{ body, signature }] = hook.bodies as [{ body: Buffer; signature: string }];
    expect(JSON.parse(body.toString())).toMatchObject({ event: 'email.queued', payload: { id: 7, subject: 'Hello' } });
    expect(verify(null, body, publicKey, Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('a thread that stops: what it held fails as temporary, and the next delivery goes out from here', async () => {
    const hook = await receiver();
    const s = sender(new URL('data:text/javascript,process.exit(3)'));
    expect(await s.send(request(hook.url))).toMatchObject({ outcome: 'temporary', status: null, answer: 'the webhook thread stopped' });
    expect(await s.send(request(hook.url))).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(hook.bodies).toHaveLength(1);
  });

  it('closing ends a delivery in flight and any later one as temporary', async () => {
    const hook = await receiver(true);
    const s = sender();
    const inFlight = s.send(request(hook.url, 60_000));
    while (hook.bodies.length === 0) await new Promise((r) => setTimeout(r, 10));
    s.close();
    expect(await inFlight).toMatchObject({ outcome: 'temporary', answer: 'the sandbox is closing' });
    expect(await s.send(request(hook.url))).toMatchObject({ outcome: 'temporary', answer: 'the sandbox is closing' });
  });
});
