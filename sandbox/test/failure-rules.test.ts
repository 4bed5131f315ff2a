/**
 * Failures you choose (`--rule`, `--rules`) and the rate limiter (`--rate`), driven by
 * real clients: nodemailer and Python's smtplib over TCP, fetch over HTTP. Each answer is
 * the one the reply catalogue and MailPace's published errors give, through the same
 * tables as every other policy problem.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERRORS, makeReply, type ApiErrorName, type ReplyName, type ReplyParams } from '../../simulator/index.ts';
import { parseCliArgs } from '../cli.ts';
import { parseRule, parseRuleFile, splitRules } from '../failure-rules.ts';
import { WindowLimiter, parseRate } from '../rate-limit.ts';
import { DOMAIN, HOST, TOKEN, startCli, startTestApp, type TestApp } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

const BIN = new URL('../bin.mjs', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';

/**
 * Sends one message to `to` with Python's smtplib (STARTTLS, trusting the sandbox's
 * certificate, AUTH with the token); `except` is the Python clause that prints the refusal.
 */
async function sendWithSmtplib(t: TestApp, to: string, except: string) {
  requireProgram(PYTHON, 'python3');
  const dir = await mkdtemp(join(tmpdir(), 'rules-py-'));
  const cafile = join(dir, 'sandbox.pem');
  await writeFile(cafile, t.app.sandbox.certificate.cert);
  const code = `
import smtplib, ssl, sys
host, port, token, domain, cafile, to = sys.argv[1:7]
s = smtplib.SMTP(host, int(port), timeout=10)
s.starttls(context=ssl.create_default_context(cafile=cafile))
s.login(token, token)
try:
    s.sendmail('app@' + domain, [to], 'From: app@' + domain + '\\r\\nTo: ' + to + '\\r\\n\\r\\nHi.\\r\\n')
${except}
s.quit()`;
  return run(PYTHON, ['-c', code, HOST, String(t.port), TOKEN, DOMAIN, cafile, to]);
}
const OTHER_TOKEN = 'acme-token';

const line = (name: ReplyName, params: ReplyParams = {}) => makeReply(name, params).lines[0];

/** Sends over SMTP with nodemailer (STARTTLS, AUTH, certificate checked); the server's last answer. */
async function smtp(t: TestApp, mail: { from?: string; to: string }): Promise<string> {
  const transport = nodemailer.createTransport({
    host: HOST, port: t.port, secure: false, requireTLS: true,
    auth: { user: TOKEN, pass: TOKEN }, tls: { ca: t.app.sandbox.certificate.cert },
  });
  try {
    return (await transport.sendMail({ from: mail.from ?? `app@${DOMAIN}`, to: mail.to, subject: 'rules', text: 'Hi.' })).response;
  } catch (error) {
    return (error as { response?: string }).response ?? String(error);
  } finally {
    transport.close();
  }
}

async function api(t: TestApp, body: Record<string, string>, token = TOKEN) {
  const r = await fetch(`${t.origin}/api/v1/send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': token },
    body: JSON.stringify({ from: `app@${DOMAIN}`, subject: 'rules', textbody: 'Hi.', ...body }),
  });
  return { status: r.status, body: await r.text(), retryAfter: r.headers.get('retry-after') };
}

const published = (name: ApiErrorName) => ({ status: API_ERRORS[name].status, body: API_ERRORS[name].body });

describe('reading rules', () => {
  it('reads each stage and failure, any case', () => {
    expect(parseRule('rcpt:bounce@*=blocked')).toEqual({ stage: 'rcpt', pattern: 'bounce@*', failure: 'blocked' });
    expect(parseRule(' MAIL:*@unverified.test=DKIM ')).toEqual({ stage: 'mail', pattern: '*@unverified.test', failure: 'dkim' });
    expect(parseRule('data:*=rate')).toEqual({ stage: 'data', pattern: '*', failure: 'rate' });
  });

  it.each([
    ['bounce@*=blocked', /is not a rule/],
    ['send:*=blocked', /"send" is not a stage/],
    ['rcpt:*=explode', /"explode" is not a failure/],
    ['mail:*=blocked', /about recipients/],
    ['rcpt:a b=blocked', /is not a rule/],
  ])('refuses %j and says what to write', (text, message) => {
    expect(() => parseRule(text)).toThrow(message);
  });

  it('skips blank lines and comments, and names the line that does not read', () => {
    expect(parseRuleFile('# bounces\n\nrcpt:bounce@*=blocked\r\n  # rate\ndata:*=rate\n', 'rules.txt')).toHaveLength(2);
    expect(() => parseRuleFile('# ok\nrcpt:bounce@*=blocked\nrcpt:oops\n', 'rules.txt')).toThrow(/^rules\.txt line 3: "rcpt:oops" is not a rule/);
  });

  it('reads --rate as N per window', () => {
    expect(parseRate('10/1m')).toEqual({ messages: 10, windowMs: 60_000 });
    expect(parseRate('100/h')).toEqual({ messages: 100, windowMs: 3_600_000 });
    expect(parseRate('5/30s')).toEqual({ messages: 5, windowMs: 30_000 });
    for (const bad of ['0/1m', '10', '10/1d', 'ten/m', '10/0s']) expect(() => parseRate(bad)).toThrow(/N\/WINDOW/);
  });
});

describe('the CLI', () => {
  it('reads --rule (repeatable) and --rate into the sandbox options', () => {
    const o = parseCliArgs(['--rule', 'rcpt:bounce@*=blocked', '--rule', 'data:*=rate', '--rate', '10/1m', '--rules', 'more.txt']);
    expect(o.sandbox.failureRules).toEqual([parseRule('rcpt:bounce@*=blocked'), parseRule('data:*=rate')]);
    expect(o.sandbox.rate).toEqual({ messages: 10, windowMs: 60_000 });
    expect(o.rulesFile).toBe('more.txt');
  });

  it('a good rule file is read at start, listed in the banner as simulated, and applied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.txt');
    const certFile = join(dir, 'cert.pem');
    await writeFile(file, '# chosen failures\n\nrcpt:bounce@*=blocked\n');
    const cli = await startCli(['--port', '0', '--tls-port', '0', '--no-ui', '--rules', file, '--rate', '5/1h', '--write-cert', certFile]);
    try {
      expect(cli.stderr).toContain('failure rule (simulated): rcpt:bounce@*=blocked');
      expect(cli.stderr).toContain('rate limit (simulated): 5 messages per token per 3600 s');
      const transport = nodemailer.createTransport({
        host: HOST, port: cli.port, secure: false, requireTLS: true,
        auth: { user: TOKEN, pass: TOKEN }, tls: { ca: await readFile(certFile, 'utf8') },
      });
      const error = await transport.sendMail({ from: `app@${DOMAIN}`, to: 'bounce@example.net', text: 'Hi.' }).then(
        () => null,
        (e: { response?: string }) => e.response,
      );
      transport.close();
      expect(error).toBe(line('blockedRecipient', { address: 'bounce@example.net' }));
    } finally {
      await cli.stop();
    }
  });

  it('a rule file with a bad line stops the start and names the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.txt');
    await writeFile(file, '# chosen failures\nrcpt:bounce@*=blocked\ndata:*=sometimes\n');
    const r = await run(process.execPath, [BIN, '--port', '0', '--tls-port', '0', '--no-ui', '--rules', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--rules ${file} line 3: "sometimes" is not a failure`);
    expect(r.stderr).not.toContain('listening on');
  });

  it('a bad --rule or --rate is a usage error', async () => {
    const rule = await run(process.execPath, [BIN, '--port', '0', '--tls-port', '0', '--no-ui', '--rule', 'rcpt:x']);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain('--rule: "rcpt:x" is not a rule');
    const rate = await run(process.execPath, [BIN, '--port', '0', '--tls-port', '0', '--no-ui', '--rate', 'fast']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('--rate expects N/WINDOW');
  });
});

describe('failure rules, over SMTP and the send API alike', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      failureRules: splitRules(['rcpt:bounce@*=blocked', 'mail:alerts@*=dkim', 'data:vip@*=disabled', 'rcpt:slow@*=rate'].map(parseRule)).failureRules,
    });
  });
  afterAll(() => t.close());

  it('a recipient rule: 550 5.1.1 at RCPT TO, MailPace\'s blocked-address 400 over the API', async () => {
    expect(await smtp(t, { to: 'bounce@example.net' })).toBe(line('blockedRecipient', { address: 'bounce@example.net' }));
    expect(await api(t, { to: 'reader@example.net', cc: 'Bounce@Example.net' })).toMatchObject(published('blockedAddress'));
  });

  it('a sender rule: the DKIM failure at MAIL FROM, and MailPace\'s 403 over the API', async () => {
    expect(await smtp(t, { from: `alerts@${DOMAIN}`, to: 'reader@example.net' })).toBe(line('dkimNotVerified', { domain: DOMAIN }));
    expect(await api(t, { from: `Alerts <alerts@${DOMAIN}>`, to: 'reader@example.net' })).toMatchObject(published('dkimNotVerified'));
  });

  it('a message rule: refused after the message over SMTP, MailPace\'s 403 over the API', async () => {
    expect(await smtp(t, { to: 'vip@example.net' })).toBe(line('organizationDisabled'));
    expect(await api(t, { to: 'vip@example.net' })).toMatchObject(published('organizationDisabled'));
  });

  it('a rate failure by rule: 451 at RCPT TO, 429 over the API (no Retry-After: no window to wait for)', async () => {
    expect(await smtp(t, { to: 'slow@example.net' })).toBe(line('rateLimited'));
    expect(await api(t, { to: 'slow@example.net' })).toEqual({ ...published('rateLimited'), retryAfter: null });
  });

  it('mail that no rule names goes through both doors', async () => {
    expect(await smtp(t, { to: 'reader@example.net' })).toMatch(/^250 /);
    expect((await api(t, { to: 'reader@example.net' })).status).toBe(200);
  });

  it('Python\'s smtplib meets the recipient rule as SMTPRecipientsRefused with the catalogue reply', async () => {
    const r = await sendWithSmtplib(t, 'bounce@example.net', `except smtplib.SMTPRecipientsRefused as e:
    code, text = e.recipients['bounce@example.net']
    print(code, text.decode())`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(line('blockedRecipient', { address: 'bounce@example.net' }));
  });
});

describe('--rate: N messages per window per token', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A window far longer than the test: no slot frees while it runs.
    t = await startTestApp({ rate: { messages: 2, windowMs: 3_600_000 }, tokens: { [TOKEN]: DOMAIN, [OTHER_TOKEN]: 'acme.test' } });
  });
  afterAll(() => t.close());

  it('counts SMTP and the API together; past it 451 over SMTP, 429 with Retry-After over the API; other tokens go on', async () => {
    expect(await smtp(t, { to: 'one@example.net' })).toMatch(/^250 /);
    expect((await api(t, { to: 'two@example.net' })).status).toBe(200);

    const refused = await api(t, { to: 'three@example.net' });
    expect({ status: refused.status, body: refused.body }).toEqual(published('rateLimited'));
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3600);
    expect(await smtp(t, { to: 'four@example.net' })).toBe(line('rateLimited'));

    expect((await api(t, { from: 'app@acme.test', to: 'five@example.net' }, OTHER_TOKEN)).status).toBe(200);
  });

  it('Python\'s smtplib gets the 451 as a temporary failure', async () => {
    const r = await sendWithSmtplib(t, 'reader@example.net', `except smtplib.SMTPDataError as e:
    print(e.smtp_code, e.smtp_error.decode())`);
    expect(r.code, r.stderr).toBe(0);
    const reply = makeReply('rateLimited');
    expect(r.stdout.trim()).toBe(`${reply.code} ${reply.lines[0]!.slice(4)}`);
  });
});

describe('the window', () => {
  it('frees a slot once the oldest message leaves it, and says how long until then', () => {
    let now = 0;
    const limiter = new WindowLimiter({ messages: 2, windowMs: 10_000 }, () => now);
    expect(limiter.take('a')).toBeNull();
    now = 4_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('b')).toBeNull();
    now = 5_000;
    expect(limiter.take('a')).toEqual({ retryAfterSeconds: 5 });
    now = 10_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toEqual({ retryAfterSeconds: 4 });
  });
});
