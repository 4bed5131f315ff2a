/** openssl s_client: its own STARTTLS negotiation, then a whole session typed in one go (pipelined). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, HOST, TOKEN, authPlain, startTestSandbox, type TestSandbox } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

let t: TestSandbox;
beforeAll(async () => {
  requireProgram('openssl', 'openssl');
  t = await startTestSandbox();
});
afterAll(() => t?.sandbox.close());

/** LF-only lines: with -crlf, s_client turns each into CRLF. */
function script(subject: string, auth: string[]): string {
  return [
    'EHLO client.test',
    ...auth,
    `MAIL FROM:<app@${DOMAIN}>`,
    'RCPT TO:<someone@example.net>',
    'DATA',
    `From: App <app@${DOMAIN}>`,
    'To: someone@example.net',
    `Subject: ${subject}`,
    'Message-ID: <abc@client.test>',
    '',
    'Typed by hand.',
    '..a line that starts with a dot',
    '.',
    'QUIT',
    '',
  ].join('\n');
}

describe('openssl s_client', () => {
  it('negotiates STARTTLS itself and completes AUTH PLAIN and a message', async () => {
    const before = t.messages.length;
    const r = await run('openssl', ['s_client', '-connect', `${HOST}:${t.port}`, '-starttls', 'smtp', '-crlf', '-quiet'], {
      input: script('openssl plain', [`AUTH PLAIN ${authPlain()}`]),
      timeoutMs: 20_000,
    });
    expect(r.stdout).toMatch(/^250-localhost Nice to meet you/m);
    expect(r.stdout).toMatch(/^250[- ]AUTH PLAIN LOGIN/m);
    expect(r.stdout).toMatch(/^235 2\.7\.0 /m);
    expect(r.stdout).toMatch(/^250 2\.0\.0 Accepted: queued as /m);
    expect(r.stdout).toMatch(/^221 2\.0\.0 /m);
    const records = t.messages.slice(before).map((m) => m.record);
    expect(records).toHaveLength(1);
    expect(records[0]!.payload.subject).toBe('openssl plain');
    expect(records[0]!.payload.textbody).toContain('\n.a line that starts with a dot');
    expect(records[0]!.dropped_headers.map((h) => h.name)).toContain('Message-ID');
  });

  it('completes AUTH LOGIN answered line by line', async () => {
    const before = t.messages.length;
    const b64 = Buffer.from(TOKEN).toString('base64');
    const r = await run('openssl', ['s_client', '-connect', `${HOST}:${t.port}`, '-starttls', 'smtp', '-crlf', '-quiet'], {
      input: script('openssl login', ['AUTH LOGIN', b64, b64]),
      timeoutMs: 20_000,
    });
    expect(r.stdout).toMatch(/^334 VXNlcm5hbWU6/m);
    expect(r.stdout).toMatch(/^334 UGFzc3dvcmQ6/m);
    expect(r.stdout).toMatch(/^235 /m);
    expect(t.messages.slice(before).map((m) => m.record.payload.subject)).toEqual(['openssl login']);
  });
});
