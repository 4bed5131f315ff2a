/**
 * Webhooks over real loopback HTTP: a receiver in this process (node:http) gets what
 * the sandbox posts for messages sent over SMTP and the send API. The body, the
 * signature, the order of events, MailPace's rule for refusals (off at once) and for
 * temporary errors (retried, then off), the bounded queue and the replay route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createPublicKey, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WEBHOOKS } from '../../simulator/index.ts';
import { createSelfSignedCertificate } from '../certificate.ts';
import { parseWebhookUrl } from '../webhooks/endpoint-url.ts';
import { parseWebhookKey, generateWebhookKey } from '../webhooks/signing-key.ts';
import type { WebhookDelivery, WebhookStatus } from '../webhooks/types.ts';
import { buildMessage, smtpSend, startTestApp, TOKEN, until, type TestApp } from './helpers.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

async function startReceiver(answer: Answer = (_q, res) => res.writeHead(200).end('ok')) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      answer(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function app(options: Parameters<typeof startTestApp>[0]): Promise<TestApp> {
  const t = await startTestApp(options);
  cleanup.push(() => t.close());
  return t;
}

async function receiver(answer?: Answer) {
  const r = await startReceiver(answer);
  cleanup.push(r.close);
  return r;
}

const getJson = async <T>(url: string, init?: RequestInit): Promise<T> => (await fetch(url, init)).json() as Promise<T>;
const deliveries = async (t: TestApp, message?: number) =>
  (await getJson<{ deliveries: WebhookDelivery[] }>(`${t.origin}/api/webhooks/deliveries${message ? `?message=${message}` : ''}`)).deliveries;
/** Asks again every 20 ms until `done` holds (at most 20 s). */
async function pollUntil<T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const value = await ask();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const status = (t: TestApp) => getJson<WebhookStatus>(`${t.origin}/api/webhooks`);

function verifies(publicKeyBase64: string, body: Buffer, signature: string): boolean {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyBase64, 'base64').toString('base64url') }, format: 'jwk' });
  return verify(null, body, key, Buffer.from(signature, 'base64'));
}

async function sendApi(t: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${t.origin}/api/v1/send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN, ...headers },
    body: JSON.stringify(body),
  });
}

describe('webhooks', () => {
  it('posts email.queued then email.delivered, with every payload field MailPace lists, signed with Ed25519 over the raw body', async () => {
    const hook = await receiver();
    const t = await app({ webhooks: { urls: [hook.url] } });
    const reply = await smtpSend(t.port, buildMessage({ subject: 'Welcome', headers: { 'X-MailPace-Tags': 'welcome, signup' } }), { to: ['someone@example.net'] });
    expect(reply).toMatch(/^250 /);
    await until(() => hook.received.length >= 2, 10_000, 'two webhooks');

    const { public_key, algorithm, signature_header } = await getJson<{ public_key: string; algorithm: string; signature_header: string }>(`${t.origin}/api/webhooks/public-key`);
    expect({ algorithm, signature_header }).toEqual({ algorithm: 'Ed25519', signature_header: WEBHOOKS.signatureHeader });
    expect(Buffer.from(public_key, 'base64')).toHaveLength(32);

    const bodies = hook.received.map((r) => JSON.parse(r.body.toString()) as { event: string; payload: Record<string, unknown> });
    expect(bodies.map((b) => b.event)).toEqual(['email.queued', 'email.delivered']);
    for (const [i, r] of hook.received.entries()) {
      expect(r.headers['content-type']).toBe(WEBHOOKS.contentType);
      const signature = r.headers[WEBHOOKS.signatureHeader.toLowerCase()] as string;
      expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==$/); // 64 bytes, strict base64
      expect(verifies(public_key, r.body, signature)).toBe(true);
      // One changed byte and it no longer verifies: the check can fail.
      const tampered = Buffer.from(r.body);
      tampered.writeUInt8(tampered.readUInt8(tampered.length - 2) ^ 1, tampered.length - 2);
      expect(verifies(public_key, tampered, signature)).toBe(false);
      expect(Object.keys(bodies[i]!)).toEqual([...WEBHOOKS.bodyKeys]);
      expect(Object.keys(bodies[i]!.payload)).toEqual([...WEBHOOKS.payloadFields]);
    }
    expect(bodies[0]!.payload).toMatchObject({
      status: 'queued', id: 1, domain_id: 1, from: 'App <app@example.com>', to: 'someone@example.net', subject: 'Welcome',
      tags: ['welcome', 'signup'], htmlbody: null, cc: null, bcc: null, replyto: null, list_unsubscribe: null,
      message_id: expect.stringMatching(new RegExp(`^<sandbox-[^@]+@${WEBHOOKS.messageIdHost.replace(/\./g, '\\.')}>$`)),
    });
    expect(bodies[1]!.payload).toMatchObject({ status: 'delivered', id: 1, message_id: bodies[0]!.payload.message_id, created_at: bodies[0]!.payload.created_at });

    const log = await deliveries(t, 1);
    expect(log.map((d) => [d.event, d.state, d.attempts.length, d.attempts[0]?.status, d.attempts[0]?.answer])).toEqual([
      ['email.queued', 'delivered', 1, 200, 'ok'],
      ['email.delivered', 'delivered', 1, 200, 'ok'],
    ]);
  });

  it('sends none for a rejected message, and the same events for one from the send API', async () => {
    const hook = await receiver();
    const t = await app({ webhooks: { urls: [hook.url] } });
    const refused = await sendApi(t, { from: 'app@elsewhere.test', to: 'a@example.net', textbody: 'x' });
    expect(refused.status).toBe(403);
    const ok = await sendApi(t, { from: 'app@example.com', to: 'a@example.net', textbody: 'Hello', htmlbody: '<p>Hello</p>' });
    const { id } = (await ok.json()) as { id: number };
    await until(() => hook.received.length >= 2, 10_000, 'two webhooks');
    const bodies = hook.received.map((r) => JSON.parse(r.body.toString()) as { event: string; payload: { id: number; textbody: string; htmlbody: string } });
    expect(bodies.map((b) => [b.event, b.payload.id, b.payload.textbody, b.payload.htmlbody])).toEqual([
      ['email.queued', id, 'Hello', '<p>Hello</p>'],
      ['email.delivered', id, 'Hello', '<p>Hello</p>'],
    ]);
    expect(await deliveries(t, id - 1)).toEqual([]);
  });

  it('lets a plain outcome function choose the second event (the input failure rules can drive)', async () => {
    const hook = await receiver();
    const t = await app({ webhooks: { urls: [hook.url], outcome: (m) => (m.record.payload.to?.startsWith('bounce@') ? 'email.bounced' : 'email.delivered') } });
    await smtpSend(t.port, buildMessage({ to: 'bounce@example.net' }), { to: ['bounce@example.net'] });
    await until(() => hook.received.length >= 2, 10_000, 'two webhooks');
    expect(hook.received.map((r) => (JSON.parse(r.body.toString()) as { payload: { status: string } }).payload.status)).toEqual(['queued', 'bounced']);
  });

  it('turns an endpoint off at its first HTTP error, skips its events while off, and turns it on again on request', async () => {
    let refuse = true;
    const hook = await receiver((_q, res) => (refuse ? res.writeHead(500).end('receiver broke') : res.writeHead(204).end()));
    const t = await app({ webhooks: { urls: [hook.url] } });
    await smtpSend(t.port, buildMessage({}));
    await until(() => hook.received.length >= 1, 10_000, 'the first webhook');
    const first = await pollUntil(() => deliveries(t, 1), (d) => d.length === 2 && d.every((x) => x.state !== 'pending'), 'the first message to be settled');
    expect((await status(t)).endpoints[0]).toMatchObject({ id: 1, enabled: false, disabled_reason: expect.stringContaining('500') });
    // The person running the sandbox is told, with how to turn it on again.
    expect(t.logs.filter((l) => l.startsWith('webhooks:'))).toEqual([
      `webhooks: ${hook.url} is turned off (refused: 500), as MailPace does; its events are skipped until it is turned on again on the inbox page, or with POST ${t.origin}/api/webhooks/endpoints/1/enable`,
    ]);
    expect(first.map((d) => [d.event, d.state, d.attempts.map((a) => [a.outcome, a.status, a.answer])])).toEqual([
      ['email.queued', 'failed', [['refused', 500, 'receiver broke']]],
      ['email.delivered', 'skipped', []],
    ]);

    // SMTP goes on as before while the endpoint is off; its events are skipped.
    expect(await smtpSend(t.port, buildMessage({}))).toMatch(/^250 /);
    const second = await pollUntil(() => deliveries(t, 2), (d) => d.length === 2 && d.every((x) => x.state !== 'pending'), 'the second message to be settled');
    expect(second.map((d) => [d.state, d.attempts.length])).toEqual([['skipped', 0], ['skipped', 0]]);
    expect(hook.received).toHaveLength(1);

    refuse = false;
    const enabled = await fetch(`${t.origin}/api/webhooks/endpoints/1/enable`, { method: 'POST' });
    expect(await enabled.json()).toMatchObject({ id: 1, enabled: true, disabled_reason: null });
    expect(t.logs.at(-1)).toBe(`webhooks: ${hook.url} is turned on again`);
    await smtpSend(t.port, buildMessage({}));
    await until(() => hook.received.length >= 3, 10_000, 'the webhooks of the third message');
    const third = await pollUntil(() => deliveries(t, 3), (d) => d.every((x) => x.state === 'delivered'), 'the third message delivered');
    expect(third.map((d) => d.attempts[0]!.status)).toEqual([204, 204]);
  });

  it('sends what piled up behind a slow receiver in order, and nothing past a refusal', async () => {
    // The first request is held while four more messages finish, so their events wait
    // and go to the sender thread together; the fourth request after that is refused.
    let answered = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const hook = await receiver((_q, res) => {
      answered++;
      if (answered === 1) void held.then(() => res.writeHead(200).end('ok'));
      // A slow answer within the run: the attempts' times must still follow the order they went out in.
      else if (answered === 4) setTimeout(() => res.writeHead(200).end('ok'), 150);
      else res.writeHead(answered === 5 ? 500 : 200).end(answered === 5 ? 'broke' : 'ok');
    });
    const t = await app({ webhooks: { urls: [hook.url] } });
    for (let i = 0; i < 5; i++) expect(await smtpSend(t.port, buildMessage({ subject: `Message ${i + 1}` }))).toMatch(/^250 /);
    release();
    const log = await pollUntil(() => deliveries(t), (d) => d.length === 10 && d.every((x) => x.state !== 'pending'), 'every delivery to be settled');
    const posted = hook.received.map((r) => {
      const { event, payload } = JSON.parse(r.body.toString()) as { event: string; payload: { id: number } };
      return `${payload.id} ${event}`;
    });
    expect(posted).toEqual(['1 email.queued', '1 email.delivered', '2 email.queued', '2 email.delivered', '3 email.queued']);
    expect(log.map((d) => `${d.message_id} ${d.event} ${d.state}`)).toEqual([
      '1 email.queued delivered',
      '1 email.delivered delivered',
      '2 email.queued delivered',
      '2 email.delivered delivered',
      '3 email.queued failed',
      '3 email.delivered skipped',
      '4 email.queued skipped',
      '4 email.delivered skipped',
      '5 email.queued skipped',
      '5 email.delivered skipped',
    ]);
    const startedAt = log.flatMap((d) => d.attempts.map((a) => Date.parse(a.at)));
    expect(startedAt).toHaveLength(5);
    // Durations are whole milliseconds, so allow a few of rounding between neighbours.
    for (let i = 1; i < startedAt.length; i++) expect(startedAt[i]!).toBeGreaterThanOrEqual(startedAt[i - 1]! - 5);
    expect((await status(t)).queue).toMatchObject({ pending: 0, dropped: 0 });
  });

  it('turns an endpoint off when nothing listens (a connection error), without retrying', async () => {
    const gone = await startReceiver();
    await gone.close();
    const t = await app({ webhooks: { urls: [gone.url] } });
    expect(await smtpSend(t.port, buildMessage({}))).toMatch(/^250 /);
    const log = await pollUntil(() => deliveries(t, 1), (d) => d[0]?.state === 'failed', 'the delivery to fail');
    expect(log[0]).toMatchObject({ state: 'failed', attempts: [{ outcome: 'refused', status: null, answer: expect.stringContaining('ECONNREFUSED') }] });
    expect((await status(t)).endpoints[0]!.enabled).toBe(false);
  });

  it('retries a receiver that hangs, ten times, then turns it off; SMTP answers meanwhile', async () => {
    const hook = await receiver(() => undefined); // never answers
    const t = await app({ webhooks: { urls: [hook.url], timeoutMs: 50, retryDelaysMs: Array(WEBHOOKS.maxRetries).fill(1) } });
    // The first message is accepted while its webhook hangs, and so is a second one.
    expect(await smtpSend(t.port, buildMessage({}))).toMatch(/^250 /);
    expect(await smtpSend(t.port, buildMessage({}))).toMatch(/^250 /);
    const log = await pollUntil(() => deliveries(t, 1), (d) => d[0]?.state === 'failed', 'the delivery to run out of retries');
    expect(log[0]!.attempts).toHaveLength(1 + WEBHOOKS.maxRetries);
    expect(log[0]!.attempts.every((a) => a.outcome === 'temporary' && a.status === null && a.answer.startsWith('timed out'))).toBe(true);
    expect((await status(t)).endpoints[0]).toMatchObject({ enabled: false, disabled_reason: `still failing after ${WEBHOOKS.maxRetries} retries` });
  });

  it('counts a TLS error (a certificate it cannot trust) as temporary: retried, then the endpoint is off', async () => {
    const tls = await createSelfSignedCertificate();
    const server = createHttpsServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('never reached'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(() => r())));
    const t = await app({ webhooks: { urls: [`https://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`], retryDelaysMs: [1, 1] } });
    expect(await smtpSend(t.port, buildMessage({}))).toMatch(/^250 /);
    const log = await pollUntil(() => deliveries(t, 1), (d) => d[0]?.state === 'failed', 'the delivery to run out of retries');
    expect(log[0]!.attempts.map((a) => a.outcome)).toEqual(['temporary', 'temporary', 'temporary']);
    expect(log[0]!.attempts[0]!.answer).toMatch(/certificate/i);
    expect((await status(t)).endpoints[0]).toMatchObject({ enabled: false, disabled_reason: 'still failing after 2 retries' });
  });

  it('keeps its queue bounded: past the limit, deliveries are recorded as dropped', async () => {
    const hook = await receiver(() => undefined);
    const t = await app({ webhooks: { urls: [hook.url], timeoutMs: 60_000, maxPending: 4 } });
    for (let i = 0; i < 3; i++) expect(await smtpSend(t.port, buildMessage({}))).toMatch(/^250 /);
    const s = await status(t);
    expect(s.queue).toEqual({ pending: 4, max: 4, dropped: 2 });
    expect((await deliveries(t, 3)).map((d) => d.state)).toEqual(['dropped', 'dropped']);
    expect(t.logs.filter((l) => l.startsWith('webhooks:'))).toEqual(['webhooks: the queue is full (at most 4 waiting): new ones are dropped (logged as "dropped") until there is room']);
  });

  it('says once when the full queue starts dropping, and how many it dropped once it is empty again', async () => {
    const held: (() => void)[] = [];
    let hold = true;
    const hook = await receiver((_q, res) => (hold ? held.push(() => res.writeHead(200).end()) : res.writeHead(200).end()));
    const t = await app({ webhooks: { urls: [hook.url], maxPending: 2 } });
    for (let i = 0; i < 3; i++) expect(await smtpSend(t.port, buildMessage({}))).toMatch(/^250 /);
    await until(() => held.length === 1, 10_000, 'the first webhook, held');
    hold = false;
    held.shift()!();
    await pollUntil(() => status(t), (s) => s.queue.pending === 0, 'the queue to empty');
    expect(t.logs.filter((l) => l.startsWith('webhooks:'))).toEqual([
      'webhooks: the queue is full (at most 2 waiting): new ones are dropped (logged as "dropped") until there is room',
      'webhooks: the queue is empty again; 4 deliveries were dropped while it was full',
    ]);
    expect(hook.received.map((r) => (JSON.parse(r.body.toString()) as { event: string }).event)).toEqual(['email.queued', 'email.delivered']);
  });

  it('replays a delivery on request: the same signed body again, logged as a replay', async () => {
    const hook = await receiver();
    const t = await app({ webhooks: { urls: [hook.url] } });
    await smtpSend(t.port, buildMessage({}));
    await until(() => hook.received.length >= 2, 10_000, 'two webhooks');
    const [queued] = await deliveries(t, 1);
    const r = await fetch(`${t.origin}/api/webhooks/deliveries/${queued!.id}/replay`, { method: 'POST' });
    expect(r.status).toBe(200);
    const replayed = (await r.json()) as WebhookDelivery;
    expect(replayed.attempts.map((a) => a.replay)).toEqual([false, true]);
    expect(hook.received).toHaveLength(3);
    expect(hook.received[2]!.body.equals(hook.received[0]!.body)).toBe(true);
    expect(hook.received[2]!.headers[WEBHOOKS.signatureHeader.toLowerCase()]).toBe(hook.received[0]!.headers[WEBHOOKS.signatureHeader.toLowerCase()]);

    const missing = await fetch(`${t.origin}/api/webhooks/deliveries/999/replay`, { method: 'POST' });
    expect(missing.status).toBe(404);
    await fetch(`${t.origin}/api/messages`, { method: 'DELETE' });
    const gone = await fetch(`${t.origin}/api/webhooks/deliveries/${queued!.id}/replay`, { method: 'POST' });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: string }).error).toContain('no longer in the inbox');
  });

  it('signs with the key it is given', async () => {
    const hook = await receiver();
    const key = generateWebhookKey();
    const again = parseWebhookKey(key.privatePem());
    expect(again.publicKey).toBe(key.publicKey);
    const t = await app({ webhooks: { urls: [hook.url], key: again } });
    expect((await status(t)).public_key).toBe(key.publicKey);
    await smtpSend(t.port, buildMessage({}));
    await until(() => hook.received.length >= 1, 10_000, 'a webhook');
    expect(verifies(key.publicKey, hook.received[0]!.body, hook.received[0]!.headers['x-mailpace-signature'] as string)).toBe(true);
  });

  it('reads a key as PEM or as a base64 seed, and says what is wrong with anything else', () => {
    const seed = Buffer.alloc(32, 7).toString('base64');
    expect(parseWebhookKey(seed).publicKey).toBe(parseWebhookKey(`${seed}\n`).publicKey);
    expect(() => parseWebhookKey('not a key')).toThrow(/PEM Ed25519 private key, or its 32-byte seed in base64/);
    expect(() => parseWebhookKey(Buffer.alloc(16).toString('base64'))).toThrow(/32-byte seed/);
  });

  it('posts only to this machine', () => {
    expect(parseWebhookUrl('http://127.0.0.1:4000/hooks')).toBe('http://127.0.0.1:4000/hooks');
    expect(parseWebhookUrl('http://localhost:4000')).toBe('http://localhost:4000/');
    expect(parseWebhookUrl('https://[::1]:4000/x')).toBe('https://[::1]:4000/x');
    expect(() => parseWebhookUrl('https://example.com/hooks')).toThrow(/must point at this machine .*"example.com"/);
    expect(() => parseWebhookUrl('http://10.0.0.1/hooks')).toThrow(/must point at this machine/);
    expect(() => parseWebhookUrl('ftp://127.0.0.1/')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseWebhookUrl('127.0.0.1:4000')).toThrow(/expects a URL/);
  });
});
