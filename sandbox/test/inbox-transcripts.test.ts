/**
 * Items 4 to 6 of issue 17 over real TCP and HTTP: nodemailer and Python's smtplib
 * send with two tokens (two domains), the send API takes a third message, and the
 * inbox API then shows each message's SMTP transcript (token masked), files it under
 * its token's domain, and the long poll hands a test the link and the code it needs.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_API } from '../../simulator/index.ts';
import type { InboxList, MessageDetail, WaitResult } from '../api-types.ts';
import { parseCliArgs, UsageError } from '../cli.ts';
import { MASK } from '../session-transcript.ts';
import { HOST, startTestApp, TOKEN, type TestApp } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

const SHOP_TOKEN = 'f00dcafe-1234-4321-abcd-0123456789ab';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let t: TestApp;
let certFile: string;
beforeAll(async () => {
  requireProgram('/usr/bin/python3', 'python3');
  t = await startTestApp({ tokens: { [TOKEN]: 'example.com', [SHOP_TOKEN]: 'shop.test' } });
  certFile = join(await mkdtemp(join(tmpdir(), 'transcripts-')), 'sandbox.pem');
  await writeFile(certFile, t.app.sandbox.certificate.cert);
});
afterAll(() => t?.close());

async function nodemailerSend(token: string, mail: { from: string; subject: string; html?: string }): Promise<void> {
  const transport = nodemailer.createTransport({ host: HOST, port: t.port, secure: false, requireTLS: true, auth: { user: token, pass: token }, tls: { ca: t.app.sandbox.certificate.cert } });
  try {
    await transport.sendMail({ ...mail, to: 'reader@example.net', text: `Body of ${mail.subject}` });
  } catch (error) {
    if (!(error as { responseCode?: number }).responseCode) throw error;
  } finally {
    transport.close();
  }
}

/** smtplib over TLS from the first byte, certificate checked, AUTH LOGIN. */
async function smtplibSend(token: string, subject: string, html: string): Promise<void> {
  const code = `
import smtplib, ssl, sys
from email.message import EmailMessage
host, port, token, subject, html, cafile = sys.argv[1:7]
msg = EmailMessage()
msg['From'] = 'Shop <shop@shop.test>'
msg['To'] = 'ann@example.net'
msg['Subject'] = subject
msg['X-MailPace-Tags'] = 'signup'
msg.set_content('Plain version.')
msg.add_alternative(html, subtype='html')
with smtplib.SMTP_SSL(host, int(port), context=ssl.create_default_context(cafile=cafile), timeout=20) as s:
    s.ehlo('python.local')
    s.user, s.password = token, token
    s.auth('LOGIN', s.auth_login)
    s.send_message(msg)
`;
  const r = await run('/usr/bin/python3', ['-c', code, HOST, String(t.tlsPort), token, subject, html, certFile]);
  expect(r.code, r.stderr).toBe(0);
}

async function getText(path: string): Promise<string> {
  const r = await fetch(`${t.origin}${path}`);
  expect(r.status, path).toBe(200);
  return r.text();
}
const getJson = async <T>(path: string) => JSON.parse(await getText(path)) as T;

describe('transcripts, inboxes per token and the long poll', () => {
  it('serves every message with its SMTP session, the token masked, rejected ones too', async () => {
    await nodemailerSend(TOKEN, { from: 'App <app@example.com>', subject: 'Accepted one' });
    await nodemailerSend(TOKEN, { from: 'App <app@elsewhere.test>', subject: 'Wrong domain' });
    const list = await getJson<{ messages: { id: number; subject: string; status: string; domain: string }[] }>('/api/messages');
    const accepted = list.messages.find((m) => m.subject === 'Accepted one')!;
    const rejected = list.messages.find((m) => m.subject === 'Wrong domain')!;
    expect([accepted.status, rejected.status]).toEqual(['accepted', 'rejected']);

    for (const m of [accepted, rejected]) {
      const text = await getText(`/api/messages/${m.id}`);
      // Neither the token nor its base64 forms leave the sandbox.
      for (const secret of [TOKEN, b64(`\0${TOKEN}\0${TOKEN}`), b64(TOKEN)]) expect(text).not.toContain(secret);
      const detail = JSON.parse(text) as MessageDetail;
      expect(detail.inbox).toEqual({ domain: 'example.com', token_id: '…0000' });
      const lines = detail.transcript!.lines;
      expect(detail.transcript!.port_mode).toBe('starttls');
      expect(lines[0]).toMatchObject({ from: 'S', text: expect.stringMatching(/^220 /) });
      expect(lines).toContainEqual({ from: 'C', text: 'STARTTLS', phase: 'command' });
      expect(lines.some((l) => l.from === 'C' && l.text.startsWith('AUTH ') && (l.text.endsWith(MASK) || l.text === 'AUTH LOGIN'))).toBe(true);
      expect(lines).toContainEqual({ from: 'C', text: `Subject: ${m.subject}`, phase: 'data' });
      expect(lines.at(-1)!.text.slice(0, 4)).toBe(m.status === 'accepted' ? '250 ' : '550 ');
    }
  });

  it('files messages under their token\'s domain and filters by it', async () => {
    await smtplibSend(SHOP_TOKEN, 'Shop news', '<p>Hello</p>');
    const r = await fetch(`${t.origin}/api/v1/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SEND_API.tokenHeader]: SHOP_TOKEN },
      body: JSON.stringify({ from: 'shop@shop.test', to: 'bob@example.net', subject: 'Shop receipt', textbody: 'Thanks.' }),
    });
    expect(r.status).toBe(200);

    const inboxes = await getJson<InboxList>('/api/inboxes');
    expect(inboxes.inboxes).toEqual([
      { domain: 'example.com', token_ids: ['…0000'], messages: 2 },
      { domain: 'shop.test', token_ids: ['…89ab'], messages: 2 },
    ]);
    expect(inboxes.simulator_url).toBeNull();
    const shop = await getJson<{ matched: number; messages: { subject: string; domain: string; source: string }[] }>('/api/messages?domain=SHOP.test');
    expect(shop.messages.map((m) => [m.subject, m.source, m.domain])).toEqual([
      ['Shop receipt', 'api', 'shop.test'],
      ['Shop news', 'smtp', 'shop.test'],
    ]);
    const apiId = (await getJson<{ messages: { id: number }[] }>('/api/messages?domain=shop.test&source=api')).messages[0]!.id;
    const apiDetail = await getJson<MessageDetail>(`/api/messages/${apiId}`);
    expect(apiDetail.inbox).toEqual({ domain: 'shop.test', token_id: '…89ab' });
    expect(apiDetail.transcript).toBeNull();

    // smtplib signs in with AUTH LOGIN over TLS from the first byte, the user name as the
    // initial answer and the password after a 334: both masked.
    const smtpId = (await getJson<{ messages: { id: number }[] }>('/api/messages?domain=shop.test&source=smtp')).messages[0]!.id;
    const smtp = await getJson<MessageDetail>(`/api/messages/${smtpId}`);
    expect(smtp.transcript!.port_mode).toBe('implicit-tls');
    expect(smtp.transcript!.lines).toContainEqual({ from: 'C', text: `AUTH LOGIN ${MASK}`, phase: 'command' });
    expect(smtp.transcript!.lines.filter((l) => l.from === 'C' && l.phase === 'auth').map((l) => l.text)).toEqual([MASK]);
  });

  it('the long poll matches by recipient, subject or tag within an inbox and returns links and codes', async () => {
    const html = '<p>Welcome! Your verification code is <b>K7Q42Z</b>.</p><p><a href="https://app.test/confirm?u=ann&amp;t=abc">Confirm</a></p>';
    const waits = ['to=ann%40example.net&subject=Confirm+your', 'tag=signup&subject=confirm', 'subject=Confirm+your+account'].map((q) =>
      fetch(`${t.origin}/api/messages/wait?domain=shop.test&${q}&timeout=60`),
    );
    // The waits are open before the message is sent: they see it arrive, not find it held.
    await expect.poll(() => t.app.store!.waiting).toBe(3);
    await smtplibSend(SHOP_TOKEN, 'Confirm your account', html);
    for (const response of await Promise.all(waits)) {
      expect(response.status).toBe(200);
      const found = (await response.json()) as WaitResult;
      expect(found.record.payload.subject).toBe('Confirm your account');
      expect(found.links).toEqual(['https://app.test/confirm?u=ann&t=abc']);
      expect(found.codes).toEqual(['K7Q42Z']);
    }
    // Another inbox's wait does not see it.
    const other = await fetch(`${t.origin}/api/messages/wait?domain=example.com&subject=Confirm+your&since=0&timeout=0.5`);
    expect(other.status).toBe(408);
  });
});

describe('--site', () => {
  it('names the site whose simulator page replay links open, sub-path included', () => {
    expect(parseCliArgs(['--site', 'http://localhost:4321']).inbox?.simulatorUrl).toBe('http://localhost:4321/simulator/');
    expect(parseCliArgs(['--site', 'https://me.github.io/smtp-docs']).inbox?.simulatorUrl).toBe('https://me.github.io/smtp-docs/simulator/');
    expect(parseCliArgs([]).inbox?.simulatorUrl).toBeUndefined();
  });

  it('refuses what is not an http(s) address, and goes with the inbox', () => {
    for (const bad of ['localhost:4321', 'javascript:alert(1)', 'ftp://x.test/']) expect(() => parseCliArgs(['--site', bad])).toThrow(UsageError);
    expect(() => parseCliArgs(['--site', 'http://localhost:4321/', '--no-ui'])).toThrow(/--site/);
  });

  it('is what GET /api/inboxes gives the page', async () => {
    const s = await startTestApp({ inbox: { port: 0, keep: 10, password: null, simulatorUrl: 'http://localhost:4321/simulator/' } });
    try {
      const list = (await (await fetch(`${s.origin}/api/inboxes`)).json()) as InboxList;
      expect(list.simulator_url).toBe('http://localhost:4321/simulator/');
    } finally {
      await s.close();
    }
  });
});
