// test/email.test.mjs: sends through the sandbox, then checks the JSON line it wrote.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import nodemailer from 'nodemailer';

const { SMTP_HOST, SMTP_PORT, SMTP_TOKEN, SMTP_DOMAIN, SANDBOX_JSONL } = process.env;

// The same settings the app uses in production, with the sandbox's host and port.
const transport = nodemailer.createTransport({
  host: SMTP_HOST,
  port: Number(SMTP_PORT),
  secure: false,
  requireTLS: true, // STARTTLS or fail: never send the token in plain text
  auth: { user: SMTP_TOKEN, pass: SMTP_TOKEN },
});

/** Waits for the sandbox's JSON line about the message with this subject. */
async function recordFor(subject, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(SANDBOX_JSONL, 'utf8');
    // Only whole lines: the last one may still be being written.
    const lines = text.split('\n').slice(0, -1);
    const record = lines.map((line) => JSON.parse(line)).find((r) => r.payload.subject === subject);
    if (record) return record;
    if (Date.now() > deadline) throw new Error(`no sandbox record for "${subject}" in ${SANDBOX_JSONL}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the welcome email is what MailPace would send', async () => {
  // A unique subject, so a test never reads another test's message.
  const subject = `Welcome ${randomUUID()}`;
  await transport.sendMail({
    from: `My App <hello@${SMTP_DOMAIN}>`,
    to: 'new.user@example.net',
    subject,
    text: 'Thanks for signing up.',
    html: '<p>Thanks for signing up.</p>',
    headers: { 'X-MailPace-Tags': 'welcome, onboarding' },
  });

  const record = await recordFor(subject);
  assert.equal(record.status, 'accepted');
  assert.equal(record.payload.from, `My App <hello@${SMTP_DOMAIN}>`);
  assert.equal(record.payload.to, 'new.user@example.net');
  assert.deepEqual(record.payload.tags, ['welcome', 'onboarding']);
  assert.match(record.payload.htmlbody, /Thanks for signing up/);
});

test('a From address on another domain is refused', async () => {
  const subject = `Wrong domain ${randomUUID()}`;
  await assert.rejects(
    transport.sendMail({ from: 'someone@other.test', to: 'new.user@example.net', subject, text: 'Hi.' }),
    { responseCode: 550 },
  );
  const record = await recordFor(subject);
  assert.equal(record.status, 'rejected');
});
