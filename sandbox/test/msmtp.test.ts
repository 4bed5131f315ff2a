/** msmtp, a sendmail replacement many servers and cron jobs use (GnuTLS underneath). */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, HOST, TOKEN, buildMessage, startTestSandbox, type TestSandbox } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

let t: TestSandbox;
/** The sandbox's certificate, which msmtp is told to trust: its checks stay on. */
let certFile: string;
beforeAll(async () => {
  requireProgram('msmtp', 'msmtp');
  t = await startTestSandbox();
  certFile = join(await mkdtemp(join(tmpdir(), 'msmtp-')), 'sandbox.pem');
  await writeFile(certFile, t.sandbox.certificate.cert);
});
afterAll(() => t?.sandbox.close());

describe('msmtp', () => {
  for (const [mode, auth] of [['starttls', 'plain'], ['starttls', 'login'], ['tls', 'plain']] as const) {
    it(`sends with ${mode === 'tls' ? 'TLS from the first byte' : 'STARTTLS'} and AUTH ${auth.toUpperCase()}`, async () => {
      const before = t.messages.length;
      const subject = `msmtp ${mode} ${auth}`;
      const r = await run('msmtp', [
        `--host=${HOST}`, `--port=${mode === 'tls' ? t.tlsPort : t.port}`,
        '--tls=on', `--tls-starttls=${mode === 'tls' ? 'off' : 'on'}`, `--tls-trust-file=${certFile}`,
        `--auth=${auth}`, `--user=${TOKEN}`, `--passwordeval=echo ${TOKEN}`,
        `--from=app@${DOMAIN}`, '--timeout=10', 'someone@example.net',
      ], { input: buildMessage({ subject }) });
      expect(r.code, r.stderr).toBe(0);
      expect(t.messages.slice(before).map((m) => [m.record.status, m.record.payload.subject])).toEqual([['accepted', subject]]);
    });
  }
});
