/**
 * The simulated send API over plain HTTP (node's fetch): MailPace's published status
 * codes and bodies, word for word; the same rules as SMTP; bad input refused while the
 * server carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERRORS, SEND_API, type ApiErrorName, type MessageRecord } from '../../simulator/index.ts';
import { TOKEN, startTestApp, type TestApp } from './helpers.ts';

const ok = { from: 'App <app@example.com>', to: 'reader@example.net', subject: 'Hi', textbody: 'Hello.' };

function post(origin: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/v1/send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function expectPublished(response: Response, name: ApiErrorName): Promise<void> {
  expect({ status: response.status, body: await response.text() }).toEqual(API_ERRORS[name]);
}

interface Detail {
  id: number;
  source: string;
  record: MessageRecord & { source?: string; payload: MessageRecord['payload'] & { inreplyto?: string; references?: string } };
}

async function getMessage(origin: string, id: number): Promise<Detail> {
  const r = await fetch(`${origin}/api/messages/${id}`);
  expect(r.status).toBe(200);
  return (await r.json()) as Detail;
}

describe('POST /api/v1/send', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ tokens: { [TOKEN]: 'example.com', 'acme-token': 'acme.test' } });
  });
  afterAll(() => t.close());

  it('accepts a message: 200 {id, status: pending}, and the inbox holds it under that id', async () => {
    const r = await post(t.origin, {
      ...ok,
      htmlbody: '<p>Hello.</p>',
      cc: 'Cc Person <cc@example.net>',
      bcc: 'hidden@example.net',
      replyto: 'help@example.com',
      inreplyto: '<earlier@example.com>',
      references: '<first@example.com> <earlier@example.com>',
      list_unsubscribe: '<https://example.com/unsub?u=1>',
      tags: ['welcome', 'onboarding'],
      attachments: [
        { name: 'report.pdf', content: Buffer.from('%PDF-1.4 fake').toString('base64'), content_type: 'application/pdf' },
        { name: 'logo.png', content: Buffer.from('png bytes').toString('base64'), content_type: 'image/png', cid: 'logo' },
      ],
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { id: number; status: string };
    expect(body).toEqual({ id: expect.any(Number), status: 'pending' });
    expect(Number.isInteger(body.id)).toBe(true);

    const m = await getMessage(t.origin, body.id);
    expect(m.source).toBe('api');
    expect(m.record).toMatchObject({
      status: 'accepted',
      source: 'api',
      reply: `200 {"id":${body.id},"status":"pending"}`,
      envelope: { mail_from: 'app@example.com', rcpt_to: ['reader@example.net', 'cc@example.net', 'hidden@example.net'] },
      payload: {
        from: 'App <app@example.com>', to: 'reader@example.net', cc: 'Cc Person <cc@example.net>', bcc: 'hidden@example.net',
        subject: 'Hi', textbody: 'Hello.', htmlbody: '<p>Hello.</p>', replyto: 'help@example.com',
        inreplyto: '<earlier@example.com>', references: '<first@example.com> <earlier@example.com>',
        list_unsubscribe: '<https://example.com/unsub?u=1>', tags: ['welcome', 'onboarding'],
      },
      dropped_headers: [],
    });
    expect(m.record.payload.attachments).toEqual([
      { name: 'report.pdf', content_type: 'application/pdf', content: Buffer.from('%PDF-1.4 fake').toString('base64') },
      { name: 'logo.png', content_type: 'image/png', content: Buffer.from('png bytes').toString('base64'), cid: 'logo' },
    ]);
    // The raw download is the MIME message the request describes.
    const raw = await (await fetch(`${t.origin}/api/messages/${body.id}/raw`)).text();
    expect(raw).toContain('From: App <app@example.com>\r\n');
    expect(raw).toContain('X-MailPace-Tags: welcome, onboarding\r\n');
  });

  it('keeps non-ASCII text and never lets a field add a header', async () => {
    const r = await post(t.origin, { ...ok, from: 'Jürgen <app@example.com>', subject: 'Grüße\r\nBcc: evil@example.org', textbody: 'Schöne Grüße' });
    expect(r.status).toBe(200);
    const { id } = (await r.json()) as { id: number };
    const m = await getMessage(t.origin, id);
    expect(m.record.payload).toMatchObject({ from: 'Jürgen <app@example.com>', subject: 'Grüße Bcc: evil@example.org', textbody: 'Schöne Grüße' });
    expect(m.record.payload.bcc).toBeUndefined();
    expect(m.record.envelope.rcpt_to).toEqual(['reader@example.net']);
  });

  it('takes one tag as a string, as the API does', async () => {
    const { id } = (await (await post(t.origin, { ...ok, tags: 'single' })).json()) as { id: number };
    expect((await getMessage(t.origin, id)).record.payload.tags).toEqual(['single']);
  });

  it.each<[string, Record<string, string>, ApiErrorName]>([
    ['no token', { 'MailPace-Server-Token': '' }, 'missingToken'],
    ['a wrong token', { 'MailPace-Server-Token': 'not-a-token' }, 'invalidToken'],
    ['a token of another domain', { 'MailPace-Server-Token': 'acme-token' }, 'domainMismatch'],
    ['a form body', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'badRequestFormat'],
  ])('%s gets MailPace\'s published error', async (_what, headers, name) => {
    const init = { ...headers };
    const r = await post(t.origin, ok, init);
    await expectPublished(r, name);
  });

  it('refuses a request without the token header at all: 401', async () => {
    const r = await fetch(`${t.origin}/api/v1/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ok) });
    await expectPublished(r, 'missingToken');
  });

  it.each<[string, unknown, ApiErrorName]>([
    ['bad JSON', '{"from": ', 'badRequestFormat'],
    ['a JSON array', '[1,2]', 'badRequestFormat'],
    ['a field of the wrong type', { ...ok, to: ['reader@example.net'] }, 'badRequestFormat'],
    ['an attachment without content', { ...ok, attachments: [{ name: 'a.pdf', content_type: 'application/pdf' }] }, 'badRequestFormat'],
    ['no from', { ...ok, from: undefined }, 'fromNotParseable'],
    ['a from that is no address', { ...ok, from: 'nobody' }, 'fromNotParseable'],
    ['two from addresses', { ...ok, from: 'a@example.com, b@example.com' }, 'fromNotParseable'],
    ['a from on another domain', { ...ok, from: 'App <app@other.test>' }, 'domainMismatch'],
    ['no to', { ...ok, to: undefined }, 'toUndefined'],
    ['an empty to', { ...ok, to: ' ' }, 'toUndefined'],
    ['a to that is no address', { ...ok, to: 'reader@example.net, not-an-address' }, 'toInvalid'],
    ['too many to addresses', { ...ok, to: Array.from({ length: SEND_API.maxToAddresses + 1 }, (_, i) => `r${i}@example.net`).join(', ') }, 'tooManyTo'],
    ['a blocked recipient', { ...ok, cc: 'blocked@example.net' }, 'blockedAddress'],
    ['an .exe attachment', { ...ok, attachments: [{ name: 'setup.exe', content: 'TVo=', content_type: 'application/octet-stream' }] }, 'attachmentBlocked'],
    ['a name with two dots', { ...ok, attachments: [{ name: 'image.001.jpeg', content: 'TVo=', content_type: 'image/jpeg' }] }, 'attachmentBlocked'],
    ['no body (simulated)', { ...ok, textbody: undefined }, 'badRequestFormat'],
  ])('%s: MailPace\'s published error, and the server carries on', async (_what, body, name) => {
    await expectPublished(await post(t.origin, body), name);
    expect((await post(t.origin, ok)).status).toBe(200);
  });

  it('exactly the published limit of To addresses is fine', async () => {
    const to = Array.from({ length: SEND_API.maxToAddresses }, (_, i) => `r${i}@example.net`).join(', ');
    expect((await post(t.origin, { ...ok, to })).status).toBe(200);
  });

  it('records a refused message as rejected, with the response as its reply', async () => {
    const before = (await (await fetch(`${t.origin}/api/messages?limit=1`)).json()) as { messages: { id: number }[] };
    await post(t.origin, { ...ok, from: 'App <app@other.test>', subject: 'wrong domain' });
    const list = (await (await fetch(`${t.origin}/api/messages?since=${before.messages[0]?.id ?? 0}`)).json()) as { messages: { id: number; status: string; reply: string; source: string }[] };
    expect(list.messages).toHaveLength(1);
    expect(list.messages[0]).toMatchObject({ status: 'rejected', source: 'api', reply: `${API_ERRORS.domainMismatch.status} ${API_ERRORS.domainMismatch.body}` });
  });

  it('answers GET with 405 and the allowed method', async () => {
    const r = await fetch(`${t.origin}/api/v1/send`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });
});

describe('--fail knobs on the send API', () => {
  it.each<[string, ApiErrorName]>([
    ['dkim', 'dkimNotVerified'],
    ['plan', 'noActivePlan'],
    ['disabled', 'organizationDisabled'],
    ['rate', 'rateLimited'],
    ['blocked', 'blockedAddress'],
  ])('--fail %s: %s', async (knob, name) => {
    const t = await startTestApp({ failures: [knob as 'dkim'] });
    try {
      await expectPublished(await post(t.origin, ok), name);
    } finally {
      await t.close();
    }
  });

  it('--fail down: 500 with no content, before the token is even read', async () => {
    const t = await startTestApp({ failures: ['down'] });
    try {
      const r = await post(t.origin, ok, { 'MailPace-Server-Token': '' });
      expect(r.status).toBe(API_ERRORS.serverDown.status);
      expect(await r.text()).toBe('');
    } finally {
      await t.close();
    }
  });
});

describe('size limit', () => {
  const max = 256 * 1024;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ maxMessageBytes: max });
  });
  afterAll(() => t.close());

  it('refuses a declared body over the limit with 413 (simulated) and stays up', async () => {
    const big = { ...ok, textbody: 'x'.repeat(max * 2) };
    const r = await post(t.origin, big);
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: expect.stringMatching(/^Simulated: /) });
    expect((await post(t.origin, ok)).status).toBe(200);
  });

  it('refuses a streamed body without a length once it passes the limit', async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"from":"app@example.com","to":"r@example.net","textbody":"'));
      },
      pull(controller) {
        // Far more than the limit if nobody stopped it: the server must answer before the end.
        if (sent > max * 40) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const r = await fetch(`${t.origin}/api/v1/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(r.status).toBe(413);
    expect((await post(t.origin, ok)).status).toBe(200);
  });

  it('a message whose MIME form is over the limit is refused and recorded as too big', async () => {
    // Under the body allowance, over the message limit once written out as MIME.
    const r = await post(t.origin, { ...ok, textbody: 'y'.repeat(max - 1000) });
    expect(r.status).toBe(413);
    const list = (await (await fetch(`${t.origin}/api/messages?status=rejected&limit=1`)).json()) as { messages: { has_raw: boolean; reply: string }[] };
    expect(list.messages[0]).toMatchObject({ has_raw: false, reply: expect.stringMatching(/^413 /) });
  });
});
