/** curl's SMTP support (libcurl): STARTTLS with --ssl-reqd, and smtps:// for TLS from the first byte. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, HOST, TOKEN, buildMessage, startTestSandbox, type TestSandbox } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

let t: TestSandbox;
let dir: string;
beforeAll(async () => {
  requireProgram('curl', 'curl');
  t = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'sandbox-curl-'));
});
afterAll(() => t?.sandbox.close());

async function curl(url: string, subject: string, extra: string[] = [], token = TOKEN) {
  const file = join(dir, `${subject.replace(/\W+/g, '-')}.eml`);
  await writeFile(file, buildMessage({ subject, headers: { 'X-MailPace-Tags': 'curl' } }));
  const before = t.messages.length;
  const result = await run('curl', [
    '--silent', '--show-error', '--verbose', '--insecure', '--max-time', '20',
    url, '--user', `${token}:${token}`,
    '--mail-from', `app@${DOMAIN}`, '--mail-rcpt', 'someone@example.net',
    '--upload-file', file, ...extra,
  ]);
  return { ...result, records: t.messages.slice(before).map((m) => m.record) };
}

describe('curl', () => {
  it('sends over STARTTLS (--ssl-reqd) with AUTH PLAIN', async () => {
    const r = await curl(`smtp://${HOST}:${t.port}`, 'curl plain', ['--ssl-reqd', '--login-options', 'AUTH=PLAIN']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('STARTTLS');
    expect(r.stderr).toMatch(/< 235 2\.7\.0/);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ status: 'accepted', payload: { subject: 'curl plain', tags: ['curl'] } });
  });

  it('sends over STARTTLS with AUTH LOGIN', async () => {
    const r = await curl(`smtp://${HOST}:${t.port}`, 'curl login', ['--ssl-reqd', '--login-options', 'AUTH=LOGIN']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('AUTH LOGIN');
    expect(r.records[0]?.payload.subject).toBe('curl login');
  });

  it('sends over TLS from the first byte (smtps://)', async () => {
    const r = await curl(`smtps://${HOST}:${t.tlsPort}`, 'curl smtps');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('STARTTLS');
    expect(r.records[0]).toMatchObject({ status: 'accepted', payload: { subject: 'curl smtps' } });
  });

  it('fails to log in with a wrong token (535), nothing recorded', async () => {
    const r = await curl(`smtp://${HOST}:${t.port}`, 'curl wrong', ['--ssl-reqd'], 'wrong-token');
    expect(r.code).toBe(67); // CURLE_LOGIN_DENIED
    expect(r.stderr).toMatch(/< 535 5\.7\.8/);
    expect(r.records).toEqual([]);
  });
});
