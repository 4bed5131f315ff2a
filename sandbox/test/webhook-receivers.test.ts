/**
 * The docs' webhook receivers (src/content/examples/webhooks/), each run in its own
 * runtime, get real deliveries from the real sandbox process (`node sandbox/bin.mjs
 * --webhook … --webhook-key FILE`) over loopback HTTP, and verify the Ed25519 signature:
 * Node's crypto, Python's cryptography, Ruby's openssl (OpenSSL 3) and PHP's sodium.
 * A receiver given the wrong public key must refuse the same deliveries, so the check
 * can fail; the sandbox then turns that endpoint off, as MailPace does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhookKey } from '../webhooks/signing-key.ts';
import type { WebhookDelivery, WebhookStatus } from '../webhooks/types.ts';
import { HOST, TOKEN, cliInboxOrigin, startCli, until, type CliProcess } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

const EXAMPLES = fileURLToPath(new URL('../../src/content/examples/webhooks/', import.meta.url));

interface Runtime {
  name: string;
  /** The command that serves `receiver.*` on `port`. */
  command(port: number): [string, string[]];
  /** Fails with the Debian package to install when the runtime or its library is missing. */
  check(): Promise<void>;
}

async function needs(command: string, args: string[], hint: string): Promise<void> {
  const r = await run(command, args).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
  if (r.code !== 0) throw new Error(`${hint} is required by this test but is missing (${r.stderr.trim().split('\n').pop()}). CI installs it; install it locally to run this test.`);
}

const RUNTIMES: Runtime[] = [
  {
    name: 'Node.js (node:crypto)',
    command: () => [process.execPath, [join(EXAMPLES, 'receiver.mjs')]],
    check: async () => undefined,
  },
  {
    name: 'Python (cryptography)',
    command: () => ['/usr/bin/python3', [join(EXAMPLES, 'receiver.py')]],
    check: () => needs('/usr/bin/python3', ['-c', 'import cryptography.hazmat.primitives.asymmetric.ed25519'], 'python3-cryptography (apt-get install python3-cryptography)'),
  },
  {
    name: 'Ruby (openssl, webrick)',
    command: () => ['ruby', [join(EXAMPLES, 'receiver.rb')]],
    check: () =>
      needs('ruby', ['-e', 'require "openssl"; require "webrick"; exit(OpenSSL::OPENSSL_LIBRARY_VERSION.start_with?("OpenSSL 3") ? 0 : 1)'], 'ruby with OpenSSL 3 and webrick (apt-get install ruby ruby-webrick)'),
  },
  {
    name: 'PHP (sodium)',
    command: (port) => ['php', ['-S', `${HOST}:${port}`, join(EXAMPLES, 'receiver.php')]],
    check: () => needs('php', ['-r', 'exit(function_exists("sodium_crypto_sign_verify_detached") ? 0 : 1);'], 'php-cli with sodium (apt-get install php-cli)'),
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Receiver {
  runtime: string;
  rightKey: boolean;
  url: string;
  child: ChildProcess;
  output: () => string;
}

async function startReceiver(runtime: Runtime, publicKey: string, rightKey: boolean): Promise<Receiver> {
  const port = await freePort();
  const [command, args] = runtime.command(port);
  const child = spawn(command, args, { env: { ...process.env, PORT: String(port), MAILPACE_WEBHOOK_PUBLIC_KEY: publicKey }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const end = Date.now() + 20_000;
  while (!(await accepting(port))) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`the ${runtime.name} receiver did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { runtime: runtime.name, rightKey, url: `http://${HOST}:${port}/webhooks`, child, output: () => output };
}

describe('the docs\' webhook receivers verify real deliveries', () => {
  const receivers: Receiver[] = [];
  let cli: CliProcess;
  let origin: string;
  let certificate: string;

  beforeAll(async () => {
    requireProgram('ruby', 'ruby');
    requireProgram('php', 'php-cli');
    for (const runtime of RUNTIMES) await runtime.check();
    const dir = await mkdtemp(join(tmpdir(), 'webhook-receivers-'));
    // The key is fixed here, so each receiver can be given the public key before the sandbox starts.
    const keyFile = join(dir, 'webhook.key');
    const seed = Buffer.alloc(32, 42).toString('base64');
    await writeFile(keyFile, `${seed}\n`);
    const publicKey = parseWebhookKey(seed).publicKey;
    const wrongKey = parseWebhookKey(Buffer.alloc(32, 43).toString('base64')).publicKey;
    for (const runtime of RUNTIMES) {
      receivers.push(await startReceiver(runtime, publicKey, true));
      receivers.push(await startReceiver(runtime, wrongKey, false));
    }
    const certFile = join(dir, 'cert.pem');
    cli = await startCli(['--port', '0', '--tls-port', '0', '--webhook-key', keyFile, '--write-cert', certFile, ...receivers.flatMap((r) => ['--webhook', r.url])]);
    origin = cliInboxOrigin(cli);
    certificate = await readFile(certFile, 'utf8');
    expect(cli.stderr).toContain(`webhook public key (Ed25519, base64): ${publicKey}`);
  }, 120_000);

  afterAll(async () => {
    await cli?.stop();
    for (const r of receivers) r.child.kill();
  });

  it('each runtime accepts what the sandbox signed and refuses it under another key', async () => {
    const status = (await (await fetch(`${origin}/api/webhooks`)).json()) as WebhookStatus;
    expect(status.endpoints).toHaveLength(RUNTIMES.length * 2);

    const transport = nodemailer.createTransport({ host: 'localhost', port: cli.port, requireTLS: true, auth: { user: TOKEN, pass: TOKEN }, tls: { ca: certificate } });
    await transport.sendMail({ from: 'App <app@example.com>', to: 'ada@example.net', subject: 'Welcome', text: 'Hi Ada.', headers: { 'X-MailPace-Tags': 'welcome' } });
    transport.close();

    let log: WebhookDelivery[] = [];
    const end = Date.now() + 60_000;
    do {
      log = ((await (await fetch(`${origin}/api/webhooks/deliveries?message=1`)).json()) as { deliveries: WebhookDelivery[] }).deliveries;
      if (log.length && log.every((d) => d.state !== 'pending')) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < end);

    const byUrl = (url: string) => log.filter((d) => d.url === url);
    for (const r of receivers) {
      const mine = byUrl(r.url);
      const what = `${r.runtime} with the ${r.rightKey ? 'right' : 'wrong'} key; its output:\n${r.output()}`;
      if (r.rightKey) {
        expect(mine.map((d) => [d.event, d.state, d.attempts[0]?.status, d.attempts[0]?.answer]), what).toEqual([
          ['email.queued', 'delivered', 200, 'verified email.queued'],
          ['email.delivered', 'delivered', 200, 'verified email.delivered'],
        ]);
      } else {
        expect(mine.map((d) => [d.event, d.state, d.attempts[0]?.status, d.attempts[0]?.answer]), what).toEqual([
          ['email.queued', 'failed', 401, 'bad signature'],
          ['email.delivered', 'skipped', undefined, undefined],
        ]);
      }
    }
    const after = (await (await fetch(`${origin}/api/webhooks`)).json()) as WebhookStatus;
    expect(after.endpoints.map((e) => e.enabled)).toEqual(receivers.map((r) => r.rightKey));
    // The sandbox's own terminal names each endpoint it turned off, and how to turn it on again.
    const offLines = receivers.flatMap((r, i) =>
      r.rightKey ? [] : [`webhooks: ${r.url} is turned off (refused: 401), as MailPace does; its events are skipped until it is turned on again on the inbox page, or with POST ${origin}/api/webhooks/endpoints/${i + 1}/enable\n`],
    );
    await until(() => offLines.every((line) => cli.stderr.includes(line)), 10_000, 'stderr to name each endpoint turned off');
  }, 120_000);
});
