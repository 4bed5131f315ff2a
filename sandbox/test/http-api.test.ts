/**
 * The inbox API over plain HTTP (node's fetch and node:http): list with filters, get,
 * raw, delete, long poll, live feed; the gates (Host, password); the OpenAPI file
 * matching the routes; and the inbox reloading from --out.
 */
import { request } from 'node:http';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE, parseCliArgs, UsageError } from '../cli.ts';
import { inboxRoutes } from '../http-api.ts';
import { inboxesRoute } from '../inboxes.ts';
import { sendRoute } from '../send-api.ts';
import { reloadMessages } from '../store-disk.ts';
import type { MessageDetail } from '../api-types.ts';
import { MessageStore } from '../store.ts';
import { WebhookDispatcher } from '../webhooks/dispatcher.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import { generateWebhookKey } from '../webhooks/signing-key.ts';
import { DOMAIN, TOKEN, buildMessage, smtpSend, startTestApp, type TestApp } from './helpers.ts';

interface Summary {
  id: number;
  source: string;
  status: string;
  subject: string | null;
  tags: string[];
  has_raw: boolean;
}
interface List {
  total: number;
  dropped: number;
  keep: number;
  matched: number;
  messages: Summary[];
}

async function list(origin: string, query = ''): Promise<List> {
  const r = await fetch(`${origin}/api/messages${query}`);
  expect(r.status).toBe(200);
  return (await r.json()) as List;
}

function apiSend(origin: string, fields: Record<string, unknown>) {
  return fetch(`${origin}/api/v1/send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN },
    body: JSON.stringify({ from: `app@${DOMAIN}`, to: 'reader@example.net', textbody: 'Hi.', ...fields }),
  });
}

/** Reads Server-Sent Events from a fetch response until `count` events named `name` arrived. */
async function readEvents(response: Response, name: string, count: number): Promise<{ id?: string; data: unknown }[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { event: string; id?: string; data: unknown }[] = [];
  let buffer = '';
  while (events.filter((e) => e.event === name).length < count) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the feed ended after ${events.length} events`);
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(': ')).map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
      if (fields.event) events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? 'null') as unknown });
    }
  }
  await reader.cancel();
  return events.filter((e) => e.event === name);
}

describe('the inbox API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists SMTP and API messages together, newest first, with filters', async () => {
    await t.app.store!.clear();
    await smtpSend(t.port, buildMessage({ to: 'Ann <ann@example.net>', subject: 'Welcome Ann', headers: { 'X-MailPace-Tags': 'welcome, smtp' } }));
    await smtpSend(t.port, buildMessage({ from: 'x@other.test', subject: 'Wrong domain' }));
    expect((await apiSend(t.origin, { to: 'bob@example.net', subject: 'Invoice', tags: ['billing'] })).status).toBe(200);

    const all = await list(t.origin);
    expect(all).toMatchObject({ total: 3, dropped: 0, keep: 1000, matched: 3 });
    expect(all.messages.map((m) => [m.subject, m.source, m.status])).toEqual([
      ['Invoice', 'api', 'accepted'],
      ['Wrong domain', 'smtp', 'rejected'],
      ['Welcome Ann', 'smtp', 'accepted'],
    ]);
    const subjects = async (q: string) => (await list(t.origin, q)).messages.map((m) => m.subject);
    expect(await subjects('?to=ann')).toEqual(['Welcome Ann']);
    expect(await subjects('?subject=WELCOME')).toEqual(['Welcome Ann']);
    expect(await subjects('?tag=billing')).toEqual(['Invoice']);
    expect(await subjects('?status=rejected')).toEqual(['Wrong domain']);
    expect(await subjects('?source=api')).toEqual(['Invoice']);
    expect(await subjects('?q=smtp')).toEqual(['Welcome Ann']);
    expect(await subjects('?limit=1')).toEqual(['Invoice']);
    expect((await list(t.origin, '?limit=1')).matched).toBe(3);
  });

  it('answers a bad query with 400 and says why', async () => {
    for (const q of ['?status=maybe', '?limit=0', '?limit=x', '?since=-1', '?source=fax']) {
      const r = await fetch(`${t.origin}/api/messages${q}`);
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(/must be/);
    }
    expect((await fetch(`${t.origin}/api/messages/wait?timeout=0`)).status).toBe(400);
    expect((await fetch(`${t.origin}/api/messages/wait?timeout=301`)).status).toBe(400);
  });

  it('gets one message, its raw source as an .eml download, and deletes one or all', async () => {
    await smtpSend(t.port, buildMessage({ subject: 'Fetch me', body: 'The body.' }));
    const [newest] = (await list(t.origin, '?limit=1')).messages;
    const one = await fetch(`${t.origin}/api/messages/${newest!.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: newest!.id, source: 'smtp', has_raw: true, record: { status: 'accepted', payload: { subject: 'Fetch me', textbody: expect.stringContaining('The body.') } } });

    const raw = await fetch(`${t.origin}/api/messages/${newest!.id}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="message-${newest!.id}.eml"`);
    expect(await raw.text()).toBe(buildMessage({ subject: 'Fetch me', body: 'The body.' }));

    expect((await fetch(`${t.origin}/api/messages/${newest!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${t.origin}/api/messages/${newest!.id}`)).status).toBe(404);
    expect((await fetch(`${t.origin}/api/messages/${newest!.id}/raw`)).status).toBe(404);
    expect((await fetch(`${t.origin}/api/messages/${newest!.id}`, { method: 'DELETE' })).status).toBe(404);

    const total = (await list(t.origin)).total;
    const cleared = await fetch(`${t.origin}/api/messages`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ deleted: total });
    expect(await list(t.origin)).toMatchObject({ total: 0, dropped: 0, messages: [] });
  });

  it('streams a message with big attachments in chunks, whole and byte for byte', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024, 7);
    const sent = await apiSend(t.origin, { subject: 'Big', attachments: [{ name: 'big.pdf', content: bytes.toString('base64'), content_type: 'application/pdf' }] });
    expect(sent.status).toBe(200);
    const [newest] = (await list(t.origin, '?limit=1')).messages;
    const one = await fetch(`${t.origin}/api/messages/${newest!.id}`);
    expect(one.status).toBe(200);
    // Streamed rather than built whole to count its length first.
    expect(one.headers.get('content-length')).toBeNull();
    expect(one.headers.get('transfer-encoding')).toBe('chunked');
    const body = (await one.json()) as { record: { payload: { attachments: { name: string; content: string }[] } } };
    const [attachment] = body.record.payload.attachments;
    expect(attachment!.name).toBe('big.pdf');
    expect(Buffer.from(attachment!.content, 'base64').equals(bytes)).toBe(true);
    // A small one still goes out whole, with its length.
    const small = await fetch(`${t.origin}/api/messages?limit=1`);
    expect(Number(small.headers.get('content-length'))).toBeGreaterThan(0);
  });

  it('wait: a long poll answered by the next matching message, over SMTP or the API', async () => {
    const waiting = fetch(`${t.origin}/api/messages/wait?to=carol@&timeout=20`);
    await waitForPolls(t, 1);
    await smtpSend(t.port, buildMessage({ to: 'dave@example.net', subject: 'not this one' }));
    await smtpSend(t.port, buildMessage({ to: 'carol@example.net', subject: 'for carol' }));
    const r = await waiting;
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ source: 'smtp', record: { payload: { subject: 'for carol' } } });

    const viaApi = fetch(`${t.origin}/api/messages/wait?tag=api-wait&timeout=20`);
    await waitForPolls(t, 1);
    await apiSend(t.origin, { subject: 'tagged', tags: ['api-wait'] });
    expect(await (await viaApi).json()).toMatchObject({ source: 'api', record: { payload: { subject: 'tagged' } } });
  });

  it('wait with since returns a message that arrived before the poll; 408 on timeout', async () => {
    const since = (await list(t.origin, '?limit=1')).messages[0]?.id ?? 0;
    await smtpSend(t.port, buildMessage({ subject: 'already here' }));
    const r = await fetch(`${t.origin}/api/messages/wait?since=${since}&timeout=5`);
    expect(await r.json()).toMatchObject({ record: { payload: { subject: 'already here' } } });

    const late = await fetch(`${t.origin}/api/messages/wait?subject=never&timeout=0.2`);
    expect(late.status).toBe(408);
    expect(await late.json()).toEqual({ error: expect.stringContaining('0.2 s') });
  });

  it('a long poll whose client gives up stops waiting', async () => {
    const controller = new AbortController();
    const gone = fetch(`${t.origin}/api/messages/wait?subject=nobody&timeout=60`, { signal: controller.signal }).catch(() => 'aborted');
    await waitForPolls(t, 1);
    controller.abort();
    expect(await gone).toBe('aborted');
    await waitForPolls(t, 0);
  });

  it('the live feed: hello, then each message, deletion and clear as they happen; Last-Event-ID replays', async () => {
    const feed = await fetch(`${t.origin}/api/events`);
    expect(feed.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const messages = readEvents(feed, 'message', 2);
    await smtpSend(t.port, buildMessage({ subject: 'live one' }));
    await apiSend(t.origin, { subject: 'live two' });
    const got = await messages;
    expect(got.map((e) => (e.data as { message: Summary }).message.subject)).toEqual(['live one', 'live two']);
    expect(got[0]!.id).toBe(String((got[0]!.data as { message: Summary }).message.id));

    const firstId = Number(got[0]!.id);
    const replay = await fetch(`${t.origin}/api/events`, { headers: { 'Last-Event-ID': String(firstId - 1) } });
    expect((await readEvents(replay, 'message', 2)).map((e) => (e.data as { message: Summary }).message.subject)).toEqual(['live one', 'live two']);

    const changes = await fetch(`${t.origin}/api/events`);
    const deletes = readEvents(changes, 'delete', 1);
    await fetch(`${t.origin}/api/messages/${firstId}`, { method: 'DELETE' });
    expect((await deletes)[0]!.data).toMatchObject({ ids: [firstId], reason: 'deleted' });
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(t.origin);
      request({ host: url.hostname, port: url.port, path: '/api/messages', headers: { Host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
    const localhost = await fetch(`http://localhost:${new URL(t.origin).port}/api/messages`).catch(() => null);
    // localhost may resolve to ::1 first, where nothing listens; when it reaches us, it is served.
    if (localhost) expect(localhost.status).toBe(200);
  });

  it('answers an unknown route with 404 and a wrong method with 405', async () => {
    expect((await fetch(`${t.origin}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${t.origin}/api/messages/abc`)).status).toBe(404);
    const r = await fetch(`${t.origin}/api/messages`, { method: 'POST' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, DELETE');
  });
});

async function waitForPolls(t: TestApp, count: number): Promise<void> {
  for (let i = 0; i < 500 && t.app.store!.waiting !== count; i++) await new Promise((r) => setTimeout(r, 10));
  expect(t.app.store!.waiting).toBe(count);
}

describe('--keep', () => {
  it('drops the oldest and says how many', async () => {
    const t = await startTestApp({ inbox: { port: 0, keep: 2, password: null } });
    try {
      for (let i = 1; i <= 4; i++) expect((await apiSend(t.origin, { subject: `k${i}` })).status).toBe(200);
      expect(await list(t.origin)).toMatchObject({ total: 2, dropped: 2, keep: 2 });
      expect((await list(t.origin)).messages.map((m) => m.subject)).toEqual(['k4', 'k3']);
    } finally {
      await t.close();
    }
  });
});

describe('--ui-password', () => {
  it('asks for Basic auth on the inbox routes, not on the token-protected send API', async () => {
    const t = await startTestApp({ inbox: { port: 0, keep: 10, password: 's3cret' } });
    try {
      const bare = await fetch(`${t.origin}/api/messages`);
      expect(bare.status).toBe(401);
      expect(bare.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      const auth = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
      expect((await fetch(`${t.origin}/api/messages`, { headers: auth('me', 'wrong') })).status).toBe(401);
      expect((await fetch(`${t.origin}/api/events`, { headers: auth('me', 'wrong') })).status).toBe(401);
      expect((await fetch(`${t.origin}/api/messages`, { method: 'DELETE' })).status).toBe(401);
      expect((await apiSend(t.origin, { subject: 'by token' })).status).toBe(200);
      const ok = await fetch(`${t.origin}/api/messages`, { headers: auth('anyone', 's3cret') });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as List).messages.map((m) => m.subject)).toEqual(['by token']);
    } finally {
      await t.close();
    }
  });

  it('is required when --host is not loopback; the flags are in the help and the README', async () => {
    expect(() => parseCliArgs(['--host', '0.0.0.0'])).toThrow(UsageError);
    expect(() => parseCliArgs(['--host', '0.0.0.0'])).toThrow(/--ui-password/);
    expect(parseCliArgs(['--host', '0.0.0.0', '--ui-password', 'pw']).inbox).toEqual({ port: 2580, keep: 1000, password: 'pw' });
    expect(parseCliArgs(['--host', '0.0.0.0', '--no-ui']).inbox).toBeNull();
    expect(parseCliArgs([]).inbox).toEqual({ port: 2580, keep: 1000, password: null });
    expect(parseCliArgs(['--port', '0']).inbox?.port).toBe(0);
    expect(parseCliArgs(['--ui-port', '9000', '--keep', '5']).inbox).toEqual({ port: 9000, keep: 5, password: null });
    expect(() => parseCliArgs(['--no-ui', '--keep', '3'])).toThrow(/--no-ui/);
    expect(() => parseCliArgs(['--keep', '0'])).toThrow(/--keep/);
    expect(() => parseCliArgs(['--ui-port', '2525'])).toThrow(/must differ/);
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Local SMTP sandbox'), readme.indexOf('\n## ', readme.indexOf('## Local SMTP sandbox') + 1));
    for (const flag of ['--ui-port', '--no-ui', '--keep', '--ui-password']) {
      expect(USAGE).toContain(`${flag} `);
      expect(section).toContain(flag);
    }
  });
});

describe('the OpenAPI file', () => {
  type Spec = { openapi: string; paths: Record<string, Record<string, { responses?: unknown }>> };
  const specText = readFile(new URL('../openapi.yaml', import.meta.url), 'utf8');
  const routes = [
    ...inboxRoutes(new MessageStore(1)),
    inboxesRoute(new MessageStore(1), {}, null),
    sendRoute({ tokens: {}, policy: { hostname: 'h', failures: new Set(), limits: {}, nextId: () => 'x' }, nextInboxId: () => 1, deliver: () => 1 }),
    ...webhookRoutes(new WebhookDispatcher({ urls: [], key: generateWebhookKey() }, () => undefined)),
  ];

  it('is OpenAPI 3.1 and lists exactly the routes the server answers', async () => {
    const spec = parse(await specText) as Spec;
    expect(spec.openapi).toMatch(/^3\.1\./);
    const documented = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) if (method !== 'parameters') expect(op.responses, `${method} ${path}`).toBeDefined();
    }
  });

  it('every documented route is answered over HTTP (never "no such route")', async () => {
    const t = await startTestApp();
    try {
      const spec = parse(await specText) as Spec;
      for (const [path, item] of Object.entries(spec.paths)) {
        for (const method of Object.keys(item).filter((k) => k !== 'parameters')) {
          const url = `${t.origin}${path.replace('{id}', '999')}${path.endsWith('/wait') ? '?timeout=0.05' : ''}`;
          const controller = new AbortController();
          const r = await fetch(url, { method: method.toUpperCase(), signal: controller.signal });
          const text = path === '/api/events' ? '' : await r.text();
          controller.abort();
          expect(r.status, `${method} ${path}`).not.toBe(405);
          expect(text, `${method} ${path}`).not.toMatch(/No such route/);
        }
      }
    } finally {
      await t.close();
    }
  });
});

describe('--out', () => {
  it('keeps messages on disk, reloads them on the next start, and deletes them there too', async () => {
    const out = await mkdtemp(join(tmpdir(), 'inbox-out-'));
    const first = await startTestApp({ out });
    await smtpSend(first.port, buildMessage({ subject: 'survives' }));
    await apiSend(first.origin, { subject: 'api survives', tags: ['kept'] });
    await smtpSend(first.port, buildMessage({ subject: 'deleted' }));
    const deleted = (await list(first.origin, '?subject=deleted')).messages[0]!;
    expect((await fetch(`${first.origin}/api/messages/${deleted.id}`, { method: 'DELETE' })).status).toBe(204);

    // The SMTP message's inbox and transcript, to compare after the reload.
    const survivor = (await list(first.origin, '?subject=survives')).messages.find((m) => m.subject === 'survives')!;
    const before = (await (await fetch(`${first.origin}/api/messages/${survivor.id}`)).json()) as MessageDetail;
    expect(before.transcript?.lines.length).toBeGreaterThan(5);
    await first.close();
    expect(await readdir(out)).toHaveLength(4);
    // The files keep what the inbox showed: its inbox and its transcript, line for line.
    const onDisk = (await reloadMessages(out, 10)).messages.find((m) => m.record.payload.subject === 'survives')!;
    expect(onDisk).toMatchObject({ inbox: before.inbox, transcript: before.transcript });

    const second = await startTestApp({ out, inbox: { port: 0, keep: 1, password: null } });
    try {
      expect(second.app.reloaded).toEqual({ count: 1, skipped: 1, problems: [] });
      const again = await list(second.origin);
      expect(again).toMatchObject({ total: 1, dropped: 1 });
      expect(again.messages[0]).toMatchObject({ id: 1, source: 'api', subject: 'api survives', tags: ['kept'], has_raw: true });
      const raw = await fetch(`${second.origin}/api/messages/1/raw`);
      expect(await raw.text()).toContain('X-MailPace-Tags: kept');
      // New messages continue after the reloaded ones, and delete-all empties the folder.
      expect(((await (await apiSend(second.origin, { subject: 'new' })).json()) as { id: number }).id).toBe(2);
      await fetch(`${second.origin}/api/messages`, { method: 'DELETE' });
    } finally {
      await second.close();
    }
    expect(await readdir(out)).toEqual([]);
  });
});
