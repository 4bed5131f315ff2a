/** swaks, the Swiss Army Knife for SMTP: STARTTLS, TLS on connect, both AUTH mechanisms, failure knobs. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, HOST, TOKEN, buildMessage, startTestSandbox, type TestSandbox } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

let t: TestSandbox;
beforeAll(async () => {
  requireProgram('swaks', 'swaks');
  t = await startTestSandbox();
});
afterAll(() => t?.sandbox.close());

function swaks(port: number, args: string[], subject: string) {
  return run('swaks', [
    '--server', HOST, '--port', String(port),
    '--auth-user', TOKEN, '--auth-password', TOKEN,
    '--from', `app@${DOMAIN}`, '--to', 'someone@example.net',
    '--data', '-', '--timeout', '10',
    ...args,
  ], { input: buildMessage({ subject, headers: { 'X-List-Unsubscribe': '<mailto:unsub@example.com>' } }) });
}

describe('swaks', () => {
  it('sends over STARTTLS (--tls) with AUTH PLAIN', async () => {
    const before = t.messages.length;
    const r = await swaks(t.port, ['--tls', '--auth', 'PLAIN'], 'swaks plain');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/<-\s+220 2\.0\.0 Ready to start TLS/);
    expect(r.stdout).toMatch(/<~\s+235 2\.7\.0/);
    expect(r.stdout).toMatch(/<~\s+250 2\.0\.0 Accepted/);
    const [message] = t.messages.slice(before);
    expect(message?.record).toMatchObject({ status: 'accepted', payload: { subject: 'swaks plain', list_unsubscribe: '<mailto:unsub@example.com>' } });
    // A mailto-only unsubscribe cannot be one-click: the record says so.
    expect(message?.record.warnings.some((w) => w.includes('one-click'))).toBe(true);
  });

  it('sends over STARTTLS with AUTH LOGIN', async () => {
    const r = await swaks(t.port, ['--tls', '--auth', 'LOGIN'], 'swaks login');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/~>\s+AUTH LOGIN/);
    expect(r.stdout).toMatch(/<~\s+250 2\.0\.0 Accepted/);
  });

  it('sends with TLS on connect', async () => {
    const r = await swaks(t.tlsPort, ['--tls-on-connect', '--auth', 'PLAIN'], 'swaks tls');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/STARTTLS\s*$/m);
    expect(r.stdout).toMatch(/<~\s+250 2\.0\.0 Accepted/);
  });

  it('sees a simulated failure (--fail dkim) as 550 5.7.1', async () => {
    const failing = await startTestSandbox({ failures: ['dkim'] });
    try {
      const r = await swaks(failing.port, ['--tls', '--auth', 'PLAIN'], 'swaks dkim');
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(/<~\*\s+550 5\.7\.1 Message rejected: DKIM for example\.com is not verified/);
      expect(failing.messages[0]?.record.status).toBe('rejected');
    } finally {
      await failing.sandbox.close();
    }
  });

  // The swaks snippet's note says which swaks versions check the host name: this holds it.
  it('--tls-verify checks the certificate; swaks before 20240103.0 does not check its host name', async () => {
    const version = Number(/swaks version (\d{8})/.exec((await run('swaks', ['--version'])).stdout)?.[1]);
    expect(version, 'swaks --version').toBeGreaterThan(0);
    const dir = await mkdtemp(join(tmpdir(), 'swaks-verify-'));
    const elsewhere = await generate([{ name: 'commonName', value: 'elsewhere.test' }], {
      keyType: 'ec', curve: 'P-256', algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'elsewhere.test' }] }],
    });
    const named = await startTestSandbox({ certificate: { key: elsewhere.private, cert: elsewhere.cert } });
    try {
      const trusted = join(dir, 'elsewhere.pem');
      await writeFile(trusted, elsewhere.cert);
      const untrusted = await swaks(named.port, ['--tls', '--tls-verify', '--auth', 'PLAIN'], 'swaks untrusted');
      expect(untrusted.code, 'a certificate no authority signed is refused').not.toBe(0);
      expect(untrusted.stdout + untrusted.stderr).toMatch(/certificate verify failed/);
      const wrongName = await swaks(named.port, ['--tls', '--tls-verify', '--tls-ca-path', trusted, '--auth', 'PLAIN'], 'swaks wrong name');
      if (version >= 20240103) expect(wrongName.code, 'a certificate for another name is refused').not.toBe(0);
      else expect(wrongName.code, `swaks ${version} accepts a trusted certificate for another name:\n${wrongName.stdout}${wrongName.stderr}`).toBe(0);
    } finally {
      await named.sandbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
