/** The command line: flag parsing, and the real `node sandbox/bin.mjs` process end to end. */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN, type MessageRecord } from '../../simulator/index.ts';
import { NPM_RUN, USAGE, UsageError, isLoopback, parseCliArgs, parseSize, parseTokens } from '../cli.ts';
import { MIN_DATA_RATE } from '../request-deadline.ts';
import { HOST, RawClient, expectCode, startCli, startShellCommand } from './helpers.ts';
import { run } from './programs.ts';

const BIN = new URL('../bin.mjs', import.meta.url).pathname;

describe('flag parsing', () => {
  it('has the documented defaults', () => {
    const o = parseCliArgs([]);
    expect(o).toMatchObject({ help: false, json: false, out: null, certFile: null, keyFile: null, tokens: {} });
    expect(o.sandbox).toEqual({ failures: [] });
  });

  it('reads every flag', () => {
    const o = parseCliArgs([
      '--host', '::1', '--port', '0', '--tls-port', '0',
      '--token', 'tok-a=Example.COM', '--token', 'tok-b=acme.test',
      '--cert', 'c.pem', '--key', 'k.pem', '--json', '--out', 'mail',
      '--max-connections', '7', '--idle-timeout', '1.5', '--command-timeout', '0.75', '--max-size', '25MB',
      '--fail', 'dkim', '--fail', 'rate',
    ]);
    expect(o).toMatchObject({ json: true, out: 'mail', certFile: 'c.pem', keyFile: 'k.pem', tokens: { 'tok-a': 'example.com', 'tok-b': 'acme.test' } });
    expect(o.sandbox).toEqual({
      host: '::1', port: 0, tlsPort: 0, maxConnections: 7, idleTimeoutMs: 1500, commandTimeoutMs: 750, maxMessageBytes: 25 * 1024 * 1024, failures: ['dkim', 'rate'],
    });
  });

  it.each([
    [['--token', 'no-domain'], /TOKEN=DOMAIN/],
    [['--token', '=example.com'], /TOKEN=DOMAIN/],
    [['--token', 'a=not a domain'], /not a domain/],
    [['--token', 'a=example.com', '--token', 'a=acme.test'], /twice/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--port', 'abc'], /--port/],
    [['--port', '2465'], /must differ/],
    [['--cert', 'c.pem'], /--cert and --key go together/],
    [['--fail', 'nope'], /--fail must be one of dkim, plan, disabled, blocked, rate, down/],
    [['--max-size', 'big'], /--max-size/],
    [['--idle-timeout', '0'], /--idle-timeout/],
    [['--command-timeout', '0'], /--command-timeout must be a number of seconds above 0/],
    [['--command-timeout', 'soon'], /--command-timeout/],
    [['--max-connections', '0'], /--max-connections/],
    [['--bogus'], /bogus/],
    [['stray'], /stray/],
  ])('refuses %j with a message that says how to fix it', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('reads sizes in bytes, KB and MB', () => {
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('512KB')).toBe(512 * 1024);
    expect(parseSize('30mb')).toBe(30 * 1024 * 1024);
    expect(parseSize('1.5M')).toBe(1.5 * 1024 * 1024);
  });

  it('pairs tokens with lower-cased domains', () => {
    expect(parseTokens(['t1=Mail.Example.com', 't2=acme.test'])).toEqual({ t1: 'mail.example.com', t2: 'acme.test' });
  });

  it('is documented in the README with the token it prints', async () => {
    const section = await readmeSection();
    expect(section).toContain(DEMO_TOKEN);
    for (const flag of ['--host', '--port', '--tls-port', '--token', '--cert', '--key', '--json', '--out', '--max-connections', '--idle-timeout', '--command-timeout', '--max-size', '--fail', '--rule', '--rules', '--rate']) {
      expect(section).toContain(flag);
      expect(USAGE).toContain(`${flag} `);
    }
    expect(section).toContain(`${MIN_DATA_RATE} bytes/s`);
  });

  it('runs --json through npm the same way in the README and in --help', async () => {
    expect(await readmeJsonCommand()).toMatch(new RegExp(`^${escape(NPM_RUN)} --json( |$)`));
    expect(USAGE).toContain(`${NPM_RUN} --json`);
  });

  it('runs --json through npm the same way on the docs page', async () => {
    const page = await readFile(new URL('../../src/content/docs/guides/local-sandbox.mdx', import.meta.url), 'utf8');
    const npmJson = page.split('\n').filter((line) => /\bnpm run\b.*--json/.test(line));
    expect(npmJson.length).toBeGreaterThan(0);
    for (const line of npmJson) expect(line).toContain(NPM_RUN);
  });

  it('treats only loopback addresses as private', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.10', 'example.com'].some(isLoopback)).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function readmeSection(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('## Local SMTP sandbox');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The `--json` command line of the README's first sh block, without its comment. */
async function readmeJsonCommand(): Promise<string> {
  const block = /```sh\n([\s\S]*?)```/.exec(await readmeSection())?.[1] ?? '';
  const line = block.split('\n').find((l) => l.includes('--json'));
  if (!line) throw new Error('the README sandbox section has no --json command in its first sh block');
  return line.replace(/\s+#.*$/, '').trim();
}

function mailer(port: number, token: string) {
  return nodemailer.createTransport({ host: HOST, port, requireTLS: true, auth: { user: token, pass: token }, tls: { rejectUnauthorized: false } });
}

describe('the CLI process', () => {
  it('prints only JSON on stdout when run with the README\'s --json command, npm included', async () => {
    const command = await readmeJsonCommand();
    const [, token, domain] = /--token (\S+)=(\S+)/.exec(command) ?? [];
    if (!token || !domain) throw new Error(`expected --token TOKEN=DOMAIN in the README command: ${command}`);
    // Free ports instead of the defaults, so the test never meets a running sandbox.
    const cli = await startShellCommand(`${command} --port 0 --tls-port 0`);
    try {
      await mailer(cli.port, token).sendMail({ from: `App <app@${domain}>`, to: 'reader@example.net', subject: 'from the README', text: 'Hi.' });
      await cli.waitForLines(1);
      // Ctrl+C in a terminal signals the whole group: npm, its shell and the sandbox.
      await cli.stop('SIGINT');
      const lines = cli.stdout.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(1);
      for (const line of lines) expect(() => JSON.parse(line) as unknown, `stdout line: ${line}`).not.toThrow();
      expect(JSON.parse(lines[0]!)).toMatchObject({ status: 'accepted', payload: { subject: 'from the README' } });
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('--json prints exactly one JSON object per finished message, and --out writes .eml + .json', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sandbox-out-'));
    const cli = await startCli(['--json', '--port', '0', '--tls-port', '0', '--token', 'acme-token=acme.test', '--out', out]);
    try {
      expect(cli.stderr).toContain('token: acme-token');
      const send = mailer(cli.port, 'acme-token');
      await send.sendMail({
        from: 'Acme <hello@acme.test>',
        to: 'reader@example.net',
        subject: 'with tags',
        text: 'Hi.',
        messageId: '<dropped@acme.test>',
        headers: { 'X-MailPace-Tags': 'newsletter, weekly', 'X-List-Unsubscribe': '<https://acme.test/unsub?u=9>' },
      });
      await expect(send.sendMail({ from: 'someone@other.test', to: 'reader@example.net', subject: 'mismatch', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
      const lines = await cli.waitForLines(2);
      await new Promise((r) => setTimeout(r, 200));
      expect(cli.lines()).toHaveLength(2);
      expect(cli.stdout.endsWith('\n')).toBe(true);
      const [accepted, rejected] = lines.map((l) => JSON.parse(l) as MessageRecord);
      for (const record of [accepted!, rejected!]) {
        expect(Object.keys(record)).toEqual(expect.arrayContaining(['status', 'reply', 'payload', 'envelope', 'dropped_headers', 'warnings']));
      }
      expect(accepted).toMatchObject({
        status: 'accepted',
        reply: expect.stringMatching(/^250 2\.0\.0 Accepted: queued as /),
        envelope: { mail_from: 'hello@acme.test', rcpt_to: ['reader@example.net'] },
        payload: {
          from: 'Acme <hello@acme.test>', to: 'reader@example.net', subject: 'with tags',
          tags: ['newsletter', 'weekly'], list_unsubscribe: '<https://acme.test/unsub?u=9>',
        },
      });
      expect(accepted!.dropped_headers).toContainEqual(expect.objectContaining({ name: 'Message-ID', value: '<dropped@acme.test>' }));
      expect(rejected).toMatchObject({ status: 'rejected', reply: "550 5.7.1 Message rejected: From domain other.test does not match the token's domain acme.test" });

      expect(await cli.stop()).toBe(0);
      expect(cli.stderr).toContain('shutting down');
      const files = (await readdir(out)).sort();
      expect(files).toHaveLength(4);
      expect(files.filter((f) => f.endsWith('-accepted.eml'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('-rejected.json'))).toHaveLength(1);
      const eml = await readFile(join(out, files.find((f) => f.endsWith('-accepted.eml'))!), 'utf8');
      expect(eml).toContain('Subject: with tags');
      const text = await readFile(join(out, files.find((f) => f.endsWith('-accepted.json'))!), 'utf8');
      // The record as --json printed it, plus its inbox and its SMTP transcript, the token masked.
      const { inbox, transcript, ...json } = JSON.parse(text) as MessageRecord & { inbox: unknown; transcript: { lines: { from: string; text: string }[] } };
      expect(json).toEqual(accepted);
      expect(inbox).toEqual({ domain: 'acme.test', token_id: '…' });
      expect(transcript.lines.map((l) => `${l.from}: ${l.text}`)).toEqual(expect.arrayContaining(['C: Subject: with tags', 'C: .', 'S: 250 2.0.0 Accepted: queued as ' + accepted!.id]));
      expect(text).not.toContain('acme-token');
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('prints the demo token and a readable summary by default', async () => {
    const cli = await startCli(['--port', '0', '--tls-port', '0']);
    try {
      expect(cli.stderr).toContain(`token: ${DEMO_TOKEN}  (domain example.com`);
      expect(cli.stderr).toMatch(/certificate: self-signed/);
      expect(cli.stdout).toBe('');
      await mailer(cli.port, DEMO_TOKEN).sendMail({ from: 'app@example.com', to: 'reader@example.net', subject: 'summary please', text: 'x', headers: { 'X-MailPace-Tags': 'demo' } });
      await cli.waitForLines(6);
      expect(cli.stdout).toContain('✔ accepted  250 2.0.0 Accepted');
      expect(cli.stdout).toMatch(/subject: +summary please/);
      expect(cli.stdout).toMatch(/tags: +demo/);
      expect(cli.stdout).toMatch(/dropped:\n +Message-ID: /);
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('writes its certificate with --write-cert, and a client that verifies trusts it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'write-cert-')), 'sandbox-cert.pem');
    const cli = await startCli(['--port', '0', '--tls-port', '0', '--json', '--write-cert', file]);
    try {
      expect(cli.stderr).toContain(`written to ${file}`);
      const ca = await readFile(file, 'utf8');
      // The README's nodemailer example: verification on, the written file as the only CA.
      const send = (trusted: boolean) =>
        nodemailer
          .createTransport({
            host: 'localhost',
            port: cli.port,
            secure: false,
            requireTLS: true,
            auth: { user: DEMO_TOKEN, pass: DEMO_TOKEN },
            tls: trusted ? { ca } : {},
          })
          .sendMail({ from: 'App <app@example.com>', to: 'reader@example.net', subject: 'trusted', text: 'Hi!' });
      await expect(send(false)).rejects.toThrow(/self[- ]signed|certificate/i);
      await send(true);
      const [line] = await cli.waitForLines(1);
      expect(JSON.parse(line!)).toMatchObject({ status: 'accepted', payload: { subject: 'trusted' } });
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('refuses --write-cert together with --cert', () => {
    expect(() => parseCliArgs(['--cert', 'c.pem', '--key', 'k.pem', '--write-cert', 'x.pem'])).toThrow(UsageError);
  });

  it('says 421 to open sessions on Ctrl+C and exits 0', async () => {
    const cli = await startCli(['--port', '0', '--tls-port', '0', '--json']);
    const c = await RawClient.connect(cli.port);
    expectCode(await c.reply(), 220);
    expectCode(await c.command('EHLO client.test'), 250);
    const exit = cli.stop('SIGINT');
    expect(await c.reply()).toMatch(/^421 4\.3\.0 /);
    await c.readUntilClose();
    expect(await exit).toBe(0);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toContain('sending 421 to 1 open session');
  });

  it('wires --max-connections and --idle-timeout to the sessions', async () => {
    const cli = await startCli(['--port', '0', '--tls-port', '0', '--max-connections', '1', '--idle-timeout', '0.3']);
    try {
      const first = await RawClient.connect(cli.port);
      expectCode(await first.reply(), 220);
      const second = await RawClient.connect(cli.tlsPort, { tls: true });
      expect(await second.reply()).toMatch(/^421 4\.7\.0 /);
      expect(await first.reply(3_000)).toMatch(/^421 4\.4\.2 /);
      await first.readUntilClose();
    } finally {
      await cli.stop('SIGKILL');
    }
  });

  it('exits 2 with a usage message for a bad flag, printing nothing on stdout', async () => {
    const r = await run(process.execPath, [BIN, '--token', 'just-a-token']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--token expects TOKEN=DOMAIN');
    expect(r.stderr).toContain('Usage: mailpace-sandbox');
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const cli = await startCli(['--port', '0', '--tls-port', '0']);
    try {
      const r = await run(process.execPath, [BIN, '--port', String(cli.port), '--tls-port', '0']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Cannot listen on 127.0.0.1:${cli.port}: the port is already in use`);
    } finally {
      await cli.stop('SIGKILL');
    }
  });
});
