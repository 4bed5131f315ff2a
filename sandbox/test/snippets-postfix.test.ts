/**
 * The Postfix relayhost snippet, run in a real Postfix (postfix/instance.ts): each case
 * starts an instance of its own whose main.cf is a minimal base plus the snippet's lines,
 * runs the snippet's shell steps unchanged (sasl_passwd map, postmap, reload, sendmail)
 * and waits for the message at the sandbox, on the STARTTLS and the implicit-TLS port,
 * with the token from MAILPACE_API_TOKEN and inline.
 *
 * What the test does that a reader would not:
 * - MAIL_CONFIG points Postfix's commands at the test instance instead of /etc/postfix;
 * - `sudo` is a shim that runs the command as is (the test is root already, and real
 *   sudo would drop MAIL_CONFIG);
 * - smtp_tls_CAfile names the sandbox's self-signed certificate instead of the system
 *   bundle. The security level stays `secure`; the last case leaves the bundle in
 *   place and expects the message to stay deferred.
 * The relayhost is [localhost]: `secure` checks the certificate against that name, and
 * the sandbox certificate names localhost.
 * The harness's SPECIAL_TOKEN goes into the map unchanged: postmap keeps the rest of the
 * line as the value, and Postfix splits user:password at the first colon (the token has
 * none, nor whitespace).
 */
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, until, type TestSandbox } from './helpers.ts';
import { createPostfixInstance, postfixInstalled, type PostfixInstance } from './postfix/instance.ts';
import { DOMAIN, expectSnippetRecord, LABEL, MATRIX, snippetInputs, SPECIAL_TOKEN, targets, TOKEN_ENV, type Mode, type Runner, type TokenMode } from './snippet-harness.ts';
import { requireRuntime, runIn } from './programs.ts';

const { postfix } = targets;
/** The snippet under test, in the harness runners' `target:` shape (Postfix needs its own driver). */
const SNIPPET: Pick<Runner, 'target'> = { target: postfix! };
/** A name the sandbox certificate covers, so `secure` can match it. */
const RELAY_NAME = 'localhost';
/** Long enough for Postfix to pick up, relay and log one message; only reached on failure. */
const DELIVERY_TIMEOUT_MS = 20_000;

let t: TestSandbox;
let root = '';
let certFile = '';
let shimDir = '';
const instances: PostfixInstance[] = [];

beforeAll(async () => {
  requireRuntime(postfixInstalled(), 'Postfix with the Cyrus SASL modules', 'postfix libsasl2-modules');
  if (process.getuid?.() !== 0) throw new Error('The Postfix snippet test runs Postfix itself and must run as root.');
  t = await startTestSandbox({ tokens: { [SPECIAL_TOKEN]: DOMAIN } });
  root = await mkdtemp(join(tmpdir(), 'snippet-postfix-'));
  // Postfix's daemons run as the postfix user and must reach their data directory inside.
  await chmod(root, 0o755);
  certFile = join(root, 'sandbox-cert.pem');
  await writeFile(certFile, t.sandbox.certificate.cert);
  shimDir = join(root, 'bin');
  await mkdir(shimDir);
  await writeFile(join(shimDir, 'sudo'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
});

afterAll(async () => {
  // Stop every instance even when a test failed, before its files go away.
  for (const pf of instances) await pf.stop().catch(() => undefined);
  await t?.sandbox.close();
  if (root) await rm(root, { recursive: true, force: true });
});

interface Relayed {
  to: string;
  pf: PostfixInstance;
  /** The maillog line with the message's final status. */
  outcome: string;
  /** `postqueue -p` once the message was settled. */
  queue: string;
  records: (typeof t.messages)[number]['record'][];
}

/** Renders the snippet, runs it in a fresh Postfix and waits until Postfix has settled the message. */
async function relay(mode: Mode, tokenMode: TokenMode, trust: boolean): Promise<Relayed> {
  const id = `${mode}-${tokenMode}${trust ? '' : '-untrusted'}`;
  const to = `postfix-${id}@example.com`;
  const out = SNIPPET.target.render(snippetInputs({ host: RELAY_NAME, port: mode === 'tls' ? t.tlsPort : t.port, mode, tokenMode, to }));
  const pf = await createPostfixInstance(join(root, id), out.code);
  instances.push(pf);
  if (trust) await pf.set({ smtp_tls_CAfile: certFile });
  await pf.start();
  try {
    const env = pf.env({ ...process.env, PATH: `${shimDir}:/usr/sbin:/usr/bin:/sbin:/bin` });
    delete env[TOKEN_ENV];
    if (tokenMode === 'env') env[TOKEN_ENV] = SPECIAL_TOKEN;
    // The steps write the token map wherever Postfix says its configuration is: make sure that is ours.
    const where = await runIn('postconf', ['-h', 'config_directory'], pf.root, env);
    expect(where.output.trim(), 'MAIL_CONFIG must point the steps at the test instance, never /etc/postfix').toBe(pf.configDir);

    const steps = join(pf.root, 'steps.sh');
    await writeFile(steps, `${out.extra[0]!.code}\n`);
    const run = await runIn('sh', [steps], pf.root, env);
    expect(run.code, `the shell steps failed:\n${run.output}\n--- steps ---\n${out.extra[0]!.code}\n${await pf.diagnostics()}`).toBe(0);

    await until(() => pf.outcome(to) !== undefined, DELIVERY_TIMEOUT_MS, `Postfix to settle the message to ${to}`).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await pf.diagnostics()}\n--- sandbox ---\n${t.logs.join('\n')}`);
    });
    const records = t.messages.filter((m) => m.record.envelope.rcpt_to.includes(to)).map((m) => m.record);
    return { to, pf, outcome: pf.outcome(to)!, queue: await pf.queue(), records };
  } finally {
    await pf.stop();
  }
}

describe('the Postfix relayhost snippet relays through the sandbox', () => {
  for (const [mode, tokenMode] of MATRIX) {
    it(`over ${LABEL[mode]} with the token ${tokenMode === 'env' ? `in ${TOKEN_ENV}` : 'inline'}`, async () => {
      const r = await relay(mode, tokenMode, true);
      const port = mode === 'tls' ? t.tlsPort : t.port;
      expect(r.outcome, await r.pf.diagnostics()).toMatch(/status=sent \(250 /);
      // `secure` checked the certificate, not just encrypted.
      expect(r.pf.log()).toContain(`Verified TLS connection established to ${RELAY_NAME}[127.0.0.1]:${port}`);
      expectSnippetRecord(r.records, r.to);
      // The token is in a map only root can read, not in main.cf.
      const map = join(r.pf.configDir, 'sasl_passwd');
      for (const file of [map, `${map}.db`]) expect((await stat(file)).mode & 0o777, file).toBe(0o600);
      expect(await readFile(join(r.pf.configDir, 'main.cf'), 'utf8')).not.toContain(SPECIAL_TOKEN);
    });
  }

  it('keeps the message deferred when the sandbox certificate is not trusted (secure verifies)', async () => {
    const r = await relay('starttls', 'env', false);
    expect(r.outcome, await r.pf.diagnostics()).toMatch(/status=deferred \(Server certificate not verified\)/);
    expect(r.pf.log()).toMatch(/certificate verification failed for localhost\[127\.0\.0\.1\]:\d+: self-signed certificate/);
    expect(r.queue).toContain(r.to);
    expect(r.queue).toContain('(Server certificate not verified)');
    expect(r.records).toEqual([]);
  });
});
