import { describe, expect, it } from 'vitest';
import { DEMO_DOMAIN, SEND_API } from '../../simulator/index.ts';
import { addressParser } from 'postal-mime';
import { CheckerHost, envelopeFromHeaders, MAX_RAW_CHARS } from './checker-host.ts';
import { readHeaderBlock } from './header-block.ts';

const MESSAGE = [
  'From: Example App <hello@example.com>',
  'To: Ada <ada@example.net>',
  'Cc: grace@example.org',
  'Subject: Welcome',
  'Message-ID: <1@example.com>',
  'X-MailPace-Tags: welcome, onboarding',
  'X-List-Unsubscribe: <https://example.com/unsub>',
  '',
  'Hello!',
  '',
].join('\r\n');

const buffer = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const host = new CheckerHost();

describe('CheckerHost', () => {
  it('evaluates a message through the core: payload, tags, unsubscribe, dropped headers', async () => {
    const result = await host.check(buffer(MESSAGE), { domain: 'example.com' });
    if (result.kind !== 'checked') throw new Error(result.kind);
    expect(result.record.status).toBe('accepted');
    expect(result.record.payload).toMatchObject({
      from: 'Example App <hello@example.com>',
      to: 'Ada <ada@example.net>',
      cc: 'grace@example.org',
      subject: 'Welcome',
      tags: ['welcome', 'onboarding'],
      list_unsubscribe: '<https://example.com/unsub>',
      textbody: 'Hello!\n',
    });
    expect(result.record.dropped_headers.map((h) => h.name)).toEqual(['Message-ID']);
    expect(result.record.envelope).toEqual({ mail_from: 'hello@example.com', rcpt_to: ['ada@example.net', 'grace@example.org'] });
    expect(result.bareLf).toBe(0);
    expect(result.domain).toBe('example.com');
  });

  it('normalises bare LFs, counts them, and does not raise the SMTP bare-LF warning', async () => {
    const lf = MESSAGE.replace(/\r\n/g, '\n');
    const result = await host.check(buffer(lf), { domain: 'example.com' });
    if (result.kind !== 'checked') throw new Error(result.kind);
    expect(result.bareLf).toBe(MESSAGE.split('\r\n').length - 1);
    expect(result.raw).toBe(MESSAGE);
    expect(result.record.warnings.some((w) => /bare LF/.test(w))).toBe(false);
  });

  it('refuses a From domain that is not the sending domain, as MailPace does', async () => {
    const result = await host.check(buffer(MESSAGE), { domain: 'other.example' });
    expect(result).toMatchObject({ kind: 'checked', record: { status: 'rejected' } });
    if (result.kind === 'checked') expect(result.record.reply).toMatch(/^5/);
  });

  it('checks against the demo domain when no domain is given', async () => {
    const result = await host.check(buffer(MESSAGE.replace('hello@example.com', 'hi@elsewhere.example')), { domain: '' });
    expect(result).toMatchObject({ kind: 'checked', domain: DEMO_DOMAIN, record: { status: 'rejected' } });
  });

  it('returns typed refusals for empty, binary and non-message input', async () => {
    expect(await host.check(new ArrayBuffer(0), { domain: '' })).toEqual({ kind: 'refused', refusal: { kind: 'empty' } });
    expect(await host.check(buffer('%PDF\0'), { domain: '' })).toMatchObject({ kind: 'refused', refusal: { kind: 'binary' } });
    expect(await host.check(buffer('just some words'), { domain: '' })).toMatchObject({ kind: 'refused', refusal: { kind: 'not-mime' } });
  });

  it('refuses input over the published limit', async () => {
    const result = await host.check(new ArrayBuffer(SEND_API.maxSizeBytes + 1), { domain: '' });
    expect(result).toEqual({ kind: 'refused', refusal: { kind: 'too-big', size: SEND_API.maxSizeBytes + 1, max: SEND_API.maxSizeBytes } });
  });

  it('shortens long attachment contents and the raw text it returns', async () => {
    const data = Buffer.alloc(300 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const mime = [
      'From: hello@example.com',
      'To: ada@example.net',
      'Subject: Report',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'See attached.',
      '--b',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      data,
      '--b--',
      '',
    ].join('\r\n');
    const result = await host.check(buffer(mime), { domain: 'example.com' });
    if (result.kind !== 'checked') throw new Error(result.kind);
    expect(result.record.status).toBe('accepted');
    expect(result.attachmentsShortened).toBe(true);
    expect(result.record.payload.attachments?.[0]?.content).toMatch(/shortened for display/);
    expect(result.rawShortened).toBe(true);
    expect(result.raw.length).toBeLessThanOrEqual(MAX_RAW_CHARS);
  });
});

describe('envelopeFromHeaders', () => {
  it('takes From, then To, Cc and Bcc without duplicates, as mail libraries do', () => {
    const block = readHeaderBlock('From: A <a@x.io>\nTo: b@x.io, Team: c@x.io, B@x.io;\nBcc: d@x.io\n\n');
    if (!block.ok) throw new Error('not a block');
    expect(envelopeFromHeaders(block.fields, addressParser)).toEqual({ mailFrom: 'a@x.io', rcptTo: ['b@x.io', 'c@x.io', 'd@x.io'] });
  });
});
