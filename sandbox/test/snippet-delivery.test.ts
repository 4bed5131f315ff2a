/**
 * The generated snippets, run for real: each runnable target is rendered for the
 * sandbox's ports, written to a temp dir exactly as rendered and executed with the
 * real client, for the STARTTLS port and the implicit-TLS port, with the token read
 * from MAILPACE_API_TOKEN and pasted inline. Every message must be accepted and its
 * record must carry the tags and the unsubscribe header the reader typed.
 *
 * The only things a reader would not do: the harness makes the clients trust the
 * sandbox's self-signed certificate (never by turning verification off) through
 * NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and CURL_CA_BUNDLE, and, because msmtp's GnuTLS
 * reads no such variable, through an `msmtp` shim on PATH that adds
 * `--tls-trust-file` (command-line options override the rendered msmtprc). swaks
 * checks no certificate unless told to, so it needs nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinishedMessage } from '../server.ts';
import { HOST, requireProgram, startTestSandbox, until, type TestSandbox } from './helpers.ts';

// src/snippets is written for the site's bundler (extensionless imports) and type-checked
// with the site; this directory's NodeNext tsconfig cannot follow it. So it is loaded at
// run time, through a specifier tsc does not resolve, and described by the fields used here.
interface SnippetFile {
  filename?: string;
  code: string;
}
interface SnippetTarget {
  id: string;
  label: string;
  render(inputs: Record<string, unknown>): SnippetFile & { extra: SnippetFile[] };
}
const snippets = (path: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ `../../src/snippets/${path}`);
const targets = (await snippets('targets/index.ts')) as Record<string, SnippetTarget>;
const { formatUnsubscribe } = (await snippets('headers.ts')) as { formatUnsubscribe(raw: string): string };
const { BODY, SUBJECT } = (await snippets('message.ts')) as { BODY: string; SUBJECT: string };
const { TOKEN_ENV } = (await snippets('token.ts')) as { TOKEN_ENV: string };
const { curl, msmtp, nodemailer, phpmailer, pythonSmtplib, rubyMail, swaks } = targets as Record<
  'curl' | 'msmtp' | 'nodemailer' | 'phpmailer' | 'pythonSmtplib' | 'rubyMail' | 'swaks',
  SnippetTarget
>;

/**
 * URL-, shell- and quote-special characters every target below claims to carry: the
 * env-var forms pass the value untouched, and each inline form quotes it for its
 * language. No colon (the curl snippet warns that curl would split the user name
 * there) and no whitespace (not a token character; the sandbox CLI refuses it too).
 */
const SPECIAL_TOKEN = 'tok/en+with=odd"chars\'$HOME`id`\\%41&;#!?*~|<>{}';
const DOMAIN = 'snippets.test';
const FROM = `Snippet Test <app@${DOMAIN}>`;
// The double quote matters: Nodemailer would MIME-encode such a value unless it is `prepared`.
const TAGS_TYPED = 'snippet test,  it\'s "quoted" , $HOME';
const TAGS = ['snippet test', 'it\'s "quoted"', '$HOME'];
const UNSUBSCRIBE_TYPED = `https://${DOMAIN}/unsubscribe?u=1&t=$HOME, mailto:unsubscribe@${DOMAIN}?subject=unsubscribe`;
const UNSUBSCRIBE = formatUnsubscribe(UNSUBSCRIBE_TYPED);

const PHPMAILER_AUTOLOAD = '/usr/share/php/libphp-phpmailer/autoload.php';
const REPO = new URL('../../', import.meta.url).pathname;

function has(command: string, args: string[] = ['--version']): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

let t: TestSandbox;
let root: string;
let certFile: string;
let shimDir: string;

beforeAll(async () => {
  for (const [program, hint] of [
    ['python3', 'apt-get install python3'],
    ['curl', 'apt-get install curl'],
    ['swaks', 'apt-get install swaks'],
    ['msmtp', 'apt-get install msmtp'],
  ]) requireProgram(program!, hint!);
  t = await startTestSandbox({ tokens: { [SPECIAL_TOKEN]: DOMAIN } });
  root = await mkdtemp(join(tmpdir(), 'snippet-delivery-'));
  certFile = join(root, 'sandbox-cert.pem');
  await writeFile(certFile, t.sandbox.certificate.cert);
  shimDir = join(root, 'bin');
  await mkdir(shimDir);
  const realMsmtp = spawnSync('sh', ['-c', 'command -v msmtp'], { encoding: 'utf8' }).stdout.trim();
  const shim = join(shimDir, 'msmtp');
  await writeFile(shim, `#!/bin/sh\nexec '${realMsmtp}' --tls-trust-file='${certFile}' "$@"\n`);
  await chmod(shim, 0o755);
});

afterAll(async () => {
  await t?.sandbox.close();
  if (root) await rm(root, { recursive: true, force: true });
});

interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a command in `cwd` with exactly `env`; killed after `timeoutMs`. */
function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

type Mode = 'starttls' | 'tls';
type TokenMode = 'env' | 'inline';

interface Runner {
  target: SnippetTarget;
  /** The command a reader runs in the snippet's directory (shell scripts under plain sh, stricter than bash). */
  command: string[];
  /** Harness-only preparation (installing a dependency the way a reader would). */
  prepare?(dir: string): Promise<void>;
}

/** Environment for a client: the sandbox certificate trusted, the token set or not. */
function clientEnv(tokenMode: TokenMode, trust = true): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[TOKEN_ENV];
  if (tokenMode === 'env') env[TOKEN_ENV] = SPECIAL_TOKEN;
  if (trust) {
    Object.assign(env, { NODE_EXTRA_CA_CERTS: certFile, SSL_CERT_FILE: certFile, CURL_CA_BUNDLE: certFile });
    env.PATH = `${shimDir}:${env.PATH ?? ''}`;
  }
  return env;
}

let runs = 0;

/** Renders, writes and runs one snippet; returns the client's result and its records. */
async function deliver(runner: Runner, mode: Mode, tokenMode: TokenMode, trust = true) {
  const id = `${runner.target.id}-${mode}-${tokenMode}${trust ? '' : '-untrusted'}-${++runs}`;
  const to = `${id}@example.com`;
  const inputs = {
    host: HOST,
    port: mode === 'tls' ? t.tlsPort : t.port,
    security: mode,
    token: SPECIAL_TOKEN,
    inlineToken: tokenMode === 'inline',
    from: FROM,
    to,
    tags: TAGS_TYPED,
    listUnsubscribe: UNSUBSCRIBE_TYPED,
  };
  const out = runner.target.render(inputs);
  const dir = join(root, id);
  await mkdir(dir);
  for (const file of [{ filename: out.filename, code: out.code }, ...out.extra]) {
    if (!file.filename) throw new Error(`${runner.target.id}: a runnable snippet file has no name`);
    await writeFile(join(dir, file.filename), `${file.code}\n`);
  }
  await runner.prepare?.(dir);
  const [command, ...args] = runner.command;
  const result = await exec(command!, args, dir, clientEnv(tokenMode, trust));
  const mine = (m: FinishedMessage) => m.record.envelope.rcpt_to.includes(to);
  // The record is made before the final reply, so it is there once the client exits 0.
  if (result.code === 0) await until(() => t.messages.some(mine), 2_000, `the record for ${to}`);
  return { ...result, to, snippet: out.code, records: t.messages.filter(mine).map((m) => m.record) };
}

async function expectDelivered(runner: Runner, mode: Mode, tokenMode: TokenMode) {
  const r = await deliver(runner, mode, tokenMode);
  expect(r.code, `${runner.command.join(' ')} failed:\n${r.output}\n--- snippet ---\n${r.snippet}`).toBe(0);
  expect(r.records).toHaveLength(1);
  const record = r.records[0]!;
  expect(record, JSON.stringify(record, null, 2)).toMatchObject({
    status: 'accepted',
    envelope: { mail_from: `app@${DOMAIN}`, rcpt_to: [r.to] },
    payload: { from: FROM, to: r.to, subject: SUBJECT, tags: TAGS, list_unsubscribe: UNSUBSCRIBE },
  });
  expect(record.payload.textbody?.trim()).toBe(BODY);
}

const RUNNERS: Runner[] = [
  {
    target: nodemailer,
    command: [process.execPath, 'send.mjs'],
    // `npm install nodemailer`, done by linking the repository's copy.
    async prepare(dir) {
      await mkdir(join(dir, 'node_modules'));
      await symlink(join(REPO, 'node_modules', 'nodemailer'), join(dir, 'node_modules', 'nodemailer'), 'dir');
    },
  },
  { target: pythonSmtplib, command: ['python3', 'send.py'] },
  { target: curl, command: ['sh', 'send.sh'] },
  { target: swaks, command: ['sh', 'send.sh'] },
  { target: msmtp, command: ['sh', 'send.sh'] },
];

const MATRIX: [Mode, TokenMode][] = [
  ['starttls', 'env'],
  ['tls', 'env'],
  ['starttls', 'inline'],
  ['tls', 'inline'],
];

const LABEL: Record<Mode, string> = { starttls: 'the STARTTLS port', tls: 'the implicit-TLS port' };

describe('generated snippets deliver through the sandbox', () => {
  for (const runner of RUNNERS) {
    describe(runner.target.label, () => {
      for (const [mode, tokenMode] of MATRIX) {
        it(`sends over ${LABEL[mode]} with the token ${tokenMode === 'env' ? `in ${TOKEN_ENV}` : 'inline'}`, () =>
          expectDelivered(runner, mode, tokenMode));
      }
    });
  }
});

describe('the harness trusts the sandbox certificate instead of skipping verification', () => {
  // swaks is left out: it checks no certificate unless given --tls-verify.
  for (const runner of RUNNERS.filter((r) => r.target !== swaks)) {
    it(`${runner.target.label} refuses the sandbox without its certificate`, async () => {
      const r = await deliver(runner, 'starttls', 'env', false);
      expect(r.code, r.output).not.toBe(0);
      expect(r.output).toMatch(/certificate/i); // e.g. "self-signed certificate", "certificate is NOT trusted"
      expect(r.records).toEqual([]);
    });
  }
});

// Optional clients: run when installed, reported as skipped (with the reason) when not.
const phpReady = has('php') && existsSync(PHPMAILER_AUTOLOAD);
const phpRunner: Runner = {
  target: phpmailer,
  // The certificate file exists only once the sandbox runs, hence the getter.
  get command() {
    return ['php', '-d', `openssl.cafile=${certFile}`, 'send.php'];
  },
  // `composer require phpmailer/phpmailer`, stood in for by the system package.
  async prepare(dir) {
    await mkdir(join(dir, 'vendor'));
    await writeFile(join(dir, 'vendor', 'autoload.php'), `<?php\nrequire ${JSON.stringify(PHPMAILER_AUTOLOAD)};\n`);
  },
};

describe(phpReady ? 'PHPMailer snippet' : `PHPMailer snippet: skipped, php or PHPMailer (${PHPMAILER_AUTOLOAD}) is not installed`, () => {
  for (const [mode, tokenMode] of MATRIX) {
    it.skipIf(!phpReady)(`sends over ${LABEL[mode]} with the token ${tokenMode === 'env' ? `in ${TOKEN_ENV}` : 'inline'}`, () =>
      expectDelivered(phpRunner, mode, tokenMode));
  }
});

const rubyInstalled = has('ruby');
const rubyReady = rubyInstalled && has('ruby', ['-e', "require 'mail'"]);
const rubyReason = rubyInstalled ? "the mail gem is not installed (gem install mail)" : 'ruby is not installed';
describe(rubyReady ? 'Ruby mail snippet' : `Ruby mail snippet: skipped, ${rubyReason}`, () => {
  for (const [mode, tokenMode] of MATRIX) {
    it.skipIf(!rubyReady)(`sends over ${LABEL[mode]} with the token ${tokenMode === 'env' ? `in ${TOKEN_ENV}` : 'inline'}`, () =>
      expectDelivered({ target: rubyMail, command: ['ruby', 'send.rb'] }, mode, tokenMode));
  }
});

if (!phpReady) console.warn(`snippet-delivery: PHPMailer snippet skipped: php or ${PHPMAILER_AUTOLOAD} is not installed`);
if (!rubyReady) console.warn(`snippet-delivery: Ruby mail snippet skipped: ${rubyReason}`);
