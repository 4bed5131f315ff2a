/** `--webhook` and `--webhook-key` on the command line, and the real process with them. */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE, UsageError, parseCliArgs } from '../cli.ts';
import { parseWebhookKey } from '../webhooks/signing-key.ts';
import { cliInboxOrigin, startCli } from './helpers.ts';
import { run } from './programs.ts';

const BIN = new URL('../bin.mjs', import.meta.url).pathname;

describe('--webhook and --webhook-key', () => {
  it('reads them, repeatable, and lists them in --help and the README', async () => {
    const o = parseCliArgs(['--webhook', 'http://127.0.0.1:4000/a', '--webhook', 'http://localhost:4001/b', '--webhook-key', 'hook.key']);
    expect(o.webhooks).toEqual({ urls: ['http://127.0.0.1:4000/a', 'http://localhost:4001/b'], keyFile: 'hook.key' });
    expect(parseCliArgs([]).webhooks).toEqual({ urls: [], keyFile: null });
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const flag of ['--webhook', '--webhook-key']) {
      expect(USAGE).toContain(`${flag} `);
      expect(readme).toContain(`\`${flag} `);
    }
  });

  it.each([
    [['--webhook', 'https://hooks.example.com/mailpace'], /must point at this machine .*"hooks.example.com"/],
    [['--webhook', 'http://192.168.1.5/hooks'], /must point at this machine/],
    [['--webhook', 'not a url'], /expects a URL/],
    [['--webhook-key', ''], /--webhook-key needs a file/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('stops at start, saying why, for a URL off this machine', async () => {
    const r = await run(process.execPath, [BIN, '--port', '0', '--tls-port', '0', '--webhook', 'https://hooks.example.com/x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--webhook must point at this machine');
  });

  it('writes a new key to a missing file, reuses it at the next start, and serves its public key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-webhook-key-'));
    const keyFile = join(dir, 'webhook.pem');
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      const cli = await startCli(['--port', '0', '--tls-port', '0', '--webhook-key', keyFile]);
      try {
        const printed = /webhook public key \(Ed25519, base64\): (\S+)/.exec(cli.stderr)?.[1];
        const served = (await (await fetch(`${cliInboxOrigin(cli)}/api/webhooks/public-key`)).json()) as { public_key: string };
        expect(served.public_key).toBe(printed);
        keys.push(served.public_key);
        if (i === 0) expect(cli.stderr).toContain(`new Ed25519 key written to ${keyFile}`);
      } finally {
        await cli.stop();
      }
    }
    expect(keys[1]).toBe(keys[0]);
    expect(parseWebhookKey(await readFile(keyFile, 'utf8')).publicKey).toBe(keys[0]);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });

  it('stops at start, naming the file, for a key file that holds no key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-webhook-key-'));
    const keyFile = join(dir, 'broken.key');
    await writeFile(keyFile, 'hello\n');
    const r = await run(process.execPath, [BIN, '--port', '0', '--tls-port', '0', '--webhook-key', keyFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot use the webhook key: ${keyFile}: expected a PEM Ed25519 private key`);
  });
});
