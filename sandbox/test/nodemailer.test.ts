/** nodemailer, the most used Node SMTP client, against the sandbox. */
import { createHash, randomBytes } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, HOST, TOKEN, startTestSandbox, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

type Options = SMTPTransport.Options;

function transport(overrides: Partial<Options> = {}) {
  const options: Options = {
    host: HOST,
    port: t.port,
    secure: false,
    requireTLS: true,
    authMethod: 'PLAIN',
    auth: { user: TOKEN, pass: TOKEN },
    // Certificate checks stay on: the client trusts the sandbox's own certificate, as a reader's app would.
    tls: { ca: t.sandbox.certificate.cert },
    ...overrides,
  };
  return nodemailer.createTransport(options);
}

/** Sends one message and returns the sandbox's record for it. */
async function send(mail: SendMailOptions, overrides: Partial<Options> = {}) {
  const before = t.messages.length;
  const info = await transport(overrides).sendMail({ from: `App <app@${DOMAIN}>`, to: 'someone@example.net', text: 'Hello.', ...mail });
  const [message] = await t.waitForMessages(before + 1).then((all) => all.slice(before));
  return { info, message: message! };
}

/** Sends a message the sandbox must refuse; returns the error and the record. */
async function sendRejected(mail: SendMailOptions, overrides: Partial<Options> = {}) {
  const before = t.messages.length;
  const error = await transport(overrides)
    .sendMail({ from: `App <app@${DOMAIN}>`, to: 'someone@example.net', text: 'Hello.', ...mail })
    .then(
      () => {
        throw new Error('the message was accepted');
      },
      (e: Error & { responseCode?: number; response?: string; code?: string }) => e,
    );
  return { error, after: t.messages.slice(before) };
}

describe('nodemailer', () => {
  it('sends over STARTTLS with AUTH PLAIN', async () => {
    const { info, message } = await send({ subject: 'plain auth' });
    expect(info.response).toMatch(/^250 2\.0\.0 Accepted: queued as sandbox-/);
    expect(message.record.status).toBe('accepted');
    expect(message.record.payload).toMatchObject({ from: `App <app@${DOMAIN}>`, to: 'someone@example.net', subject: 'plain auth' });
    expect(message.record.payload.textbody?.trim()).toBe('Hello.');
    expect(info.response).toContain(message.record.id);
  });

  it('sends over STARTTLS with AUTH LOGIN', async () => {
    const { info, message } = await send({ subject: 'login auth' }, { authMethod: 'LOGIN' });
    expect(info.response).toMatch(/^250 /);
    expect(message.record.payload.subject).toBe('login auth');
  });

  it('sends over TLS from the first byte (implicit TLS port)', async () => {
    const { info, message } = await send({ subject: 'implicit tls' }, { port: t.tlsPort, secure: true, requireTLS: false });
    expect(info.response).toMatch(/^250 /);
    expect(message.record.payload.subject).toBe('implicit tls');
  });

  it('gets 535 5.7.8 for a wrong token, and nothing is recorded', async () => {
    const { error, after } = await sendRejected({ subject: 'wrong token' }, { auth: { user: 'not-a-token', pass: 'not-a-token' } });
    expect(error.code).toBe('EAUTH');
    expect(error.responseCode).toBe(535);
    expect(error.response).toMatch(/^535 5\.7\.8 /);
    expect(after).toEqual([]);
  });

  it('is refused AUTH before STARTTLS when TLS is not required by the client', async () => {
    const { error } = await sendRejected({ subject: 'no tls' }, { requireTLS: false, ignoreTLS: true });
    // nodemailer sees no AUTH offered before TLS, and the server answers MAIL with 530.
    expect(error.responseCode === 530 || error.code === 'EAUTH').toBe(true);
  });

  it('rejects a From domain that is not the token\'s, with the reason', async () => {
    const { error, after } = await sendRejected({ from: 'Someone <someone@other.test>', subject: 'mismatch' });
    expect(error.responseCode).toBe(550);
    expect(error.response).toBe(`550 5.7.1 Message rejected: From domain other.test does not match the token's domain ${DOMAIN}`);
    expect(after).toHaveLength(1);
    expect(after[0]!.record).toMatchObject({ status: 'rejected', reply: error.response, id: null });
  });

  it('reports tags, unsubscribe and the dropped Message-ID', async () => {
    const { message } = await send({
      subject: 'tags',
      messageId: '<custom-id@app.example.com>',
      headers: {
        'X-MailPace-Tags': 'welcome, onboarding',
        'X-List-Unsubscribe': '<https://example.com/unsub?u=1>, <mailto:unsub@example.com?subject=unsubscribe>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    const { record } = message;
    expect(record.payload.tags).toEqual(['welcome', 'onboarding']);
    expect(record.payload.list_unsubscribe).toBe('<https://example.com/unsub?u=1>, <mailto:unsub@example.com?subject=unsubscribe>');
    const messageId = record.dropped_headers.find((h) => h.name.toLowerCase() === 'message-id');
    expect(messageId?.value).toBe('<custom-id@app.example.com>');
    expect(messageId?.reason).toBeTruthy();
  });

  it('accepts a 25 MB message with attachments, every byte intact', async () => {
    const pdf = randomBytes(9_600_000);
    const csv = Buffer.from('id,value\r\n'.repeat(960_000));
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const { info, message } = await send({
      subject: 'big',
      attachments: [
        { filename: 'report.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'data.csv', content: csv, contentType: 'text/csv', encoding: 'base64' },
      ],
    });
    expect(info.response).toMatch(/^250 /);
    const { record, raw } = message;
    expect(record.size).toBeGreaterThanOrEqual(25 * 1024 * 1024);
    expect(record.size).toBeLessThan(30 * 1024 * 1024);
    expect(raw?.length).toBe(record.size);
    const attachments = record.payload.attachments ?? [];
    expect(attachments.map((a) => [a.name, a.content_type])).toEqual([
      ['report.pdf', 'application/pdf'],
      ['data.csv', 'text/csv'],
    ]);
    expect(sha(Buffer.from(attachments[0]!.content, 'base64'))).toBe(sha(pdf));
    expect(sha(Buffer.from(attachments[1]!.content, 'base64'))).toBe(sha(csv));
  });

  it('refuses a message over --max-size with 552 5.3.4 after reading it to the end', async () => {
    const small = await startTestSandbox({ maxMessageBytes: 64 * 1024 });
    try {
      const error = await nodemailer
        .createTransport({ host: HOST, port: small.port, requireTLS: true, auth: { user: TOKEN, pass: TOKEN }, tls: { ca: small.sandbox.certificate.cert } })
        .sendMail({ from: `app@${DOMAIN}`, to: 'someone@example.net', text: 'x'.repeat(200 * 1024) })
        .catch((e: { responseCode?: number; response?: string }) => e);
      expect(error).toMatchObject({ responseCode: 552 });
      const [message] = await small.waitForMessages(1);
      expect(message!.record.status).toBe('rejected');
      expect(message!.raw).toBeNull();
    } finally {
      await small.sandbox.close();
    }
  });

  it('takes 100 of 101 recipients and answers the 101st with 452 4.5.3', async () => {
    const bcc = Array.from({ length: 100 }, (_, i) => `reader${i + 1}@example.net`);
    const { info, message } = await send({ subject: 'many', to: 'first@example.net', bcc });
    expect(info.accepted).toHaveLength(100);
    expect(info.rejected).toEqual(['reader100@example.net']);
    expect((info.rejectedErrors?.[0] as { responseCode?: number } | undefined)?.responseCode).toBe(452);
    expect(message.record.status).toBe('accepted');
    expect(message.record.envelope.rcpt_to).toHaveLength(100);
    expect(message.record.envelope.rcpt_to).not.toContain('reader100@example.net');
  });

  it('rejects more than 50 To addresses with 550 5.5.3 (MailPace\'s rule)', async () => {
    const to = Array.from({ length: 51 }, (_, i) => `to${i}@example.net`);
    const { error } = await sendRejected({ subject: 'too many to', to });
    expect(error.response).toMatch(/^550 5\.5\.3 /);
  });

  it('sends several messages over one pooled connection', async () => {
    const pool = nodemailer.createTransport({
      pool: true,
      maxConnections: 1,
      host: HOST,
      port: t.port,
      requireTLS: true,
      auth: { user: TOKEN, pass: TOKEN },
      tls: { ca: t.sandbox.certificate.cert },
    });
    const before = t.messages.length;
    const infos = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => pool.sendMail({ from: `app@${DOMAIN}`, to: 'someone@example.net', subject: `pooled ${n}`, text: 'x' })),
    );
    pool.close();
    expect(infos.every((i) => i.response.startsWith('250 '))).toBe(true);
    const subjects = (await t.waitForMessages(before + 5)).slice(before).map((m) => m.record.payload.subject);
    expect(subjects.sort()).toEqual(['pooled 1', 'pooled 2', 'pooled 3', 'pooled 4', 'pooled 5']);
  });
});
