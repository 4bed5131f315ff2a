/**
 * `after:` rules: the message is accepted (250 over SMTP, 200 over the send API) and
 * its webhooks report `email.bounced`, `email.deferred` or `email.spam` instead of
 * `email.delivered`. Driven by nodemailer and Python's smtplib over TCP, fetch over
 * HTTP, and a loopback receiver that checks each Ed25519 signature.
 */
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { WEBHOOKS } from '../../simulator/index.ts';
import { USAGE, parseCliArgs } from '../cli.ts';
import { parseRule, parseRuleFile, splitRules } from '../failure-rules.ts';
import { outcomeFromRules } from '../webhooks/dispatcher.ts';
import { DOMAIN, HOST, TOKEN, cliInboxOrigin, startCli, startTestApp, until, type TestApp } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

const BIN = new URL('../bin.mjs', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';

interface Hook {
  event: string;
  payload: { id: number; status: string; to: string | null };
  body: Buffer;
  signature: string;
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A loopback webhook receiver that answers 200 and keeps what it got. */
async function receiver() {
  const received: Hook[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { event, payload } = JSON.parse(body.toString()) as Pick<Hook, 'event' | 'payload'>;
      received.push({ event, payload, body, signature: String(req.headers[WEBHOOKS.signatureHeader.toLowerCase()]) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, HOST, r));
  cleanup.push(() => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  }));
  return { url: `http://${HOST}:${(server.address() as AddressInfo).port}/hooks`, received };
}

function verifies(publicKeyBase64: string, hook: Hook): boolean {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyBase64, 'base64').toString('base64url') }, format: 'jwk' });
  return verify(null, hook.body, key, Buffer.from(hook.signature, 'base64'));
}

const events = (hooks: Hook[]) => hooks.map((h) => [h.payload.id, h.event, h.payload.status]);

async function publicKey(origin: string): Promise<string> {
  return ((await (await fetch(`${origin}/api/webhooks/public-key`)).json()) as { public_key: string }).public_key;
}

async function sendApi(origin: string, to: string) {
  const r = await fetch(`${origin}/api/v1/send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN },
    body: JSON.stringify({ from: `app@${DOMAIN}`, to, subject: 'after', textbody: 'Hi.' }),
  });
  return { status: r.status, body: (await r.json()) as { id: number; status: string } };
}

async function app(rules: string[], url: string): Promise<TestApp> {
  const t = await startTestApp({ webhooks: { urls: [url], outcome: outcomeFromRules(splitRules(rules.map(parseRule)).outcomeRules) } });
  cleanup.push(() => t.close());
  return t;
}

describe('reading after: rules', () => {
  it('reads a recipient pattern and an outcome, any case, apart from the failure rules', () => {
    expect(parseRule('after:bounce@*=bounced')).toEqual({ stage: 'after', pattern: 'bounce@*', outcome: 'bounced' });
    expect(parseRule(' AFTER:*@spam.example=SPAM ')).toEqual({ stage: 'after', pattern: '*@spam.example', outcome: 'spam' });
    const o = parseCliArgs(['--rule', 'after:slow@*=deferred', '--rule', 'rcpt:no@*=blocked']);
    expect(o.outcomeRules).toEqual([{ stage: 'after', pattern: 'slow@*', outcome: 'deferred' }]);
    expect(o.sandbox.failureRules).toEqual([{ stage: 'rcpt', pattern: 'no@*', failure: 'blocked' }]);
    expect(USAGE).toContain('--rule after:PATTERN=OUTCOME');
  });

  it.each([
    ['after:*=blocked', /"blocked" is not an outcome after acceptance; use bounced, deferred, spam \("blocked" is refused before acceptance/],
    ['after:*=delivered', /"delivered" is not an outcome after acceptance/],
    ['rcpt:*=bounced', /"bounced" is not a failure; .*\("bounced" happens after acceptance: use after:\)/],
    ['later:*=spam', /"later" is not a stage; use mail, rcpt, data, after/],
  ])('refuses %j and says what to write', (text, message) => {
    expect(() => parseRule(text)).toThrow(message);
  });

  it('names the line of a bad after: rule in a rule file', () => {
    expect(() => parseRuleFile('after:bounce@*=bounced\n# next\nafter:x@*=lost\n', 'rules.txt')).toThrow(/^rules\.txt line 3: "lost" is not an outcome/);
  });
});

describe('after: rules over SMTP and the send API', () => {
  it('nodemailer: accepted with 250, then email.queued and email.bounced, signed; others still delivered', async () => {
    const hook = await receiver();
    const t = await app(['after:bounce@*=bounced'], hook.url);
    const transport = nodemailer.createTransport({
      host: HOST, port: t.port, secure: false, requireTLS: true,
      auth: { user: TOKEN, pass: TOKEN }, tls: { ca: t.app.sandbox.certificate.cert },
    });
    cleanup.push(async () => transport.close());
    const bounced = await transport.sendMail({ from: `app@${DOMAIN}`, to: 'someone@example.net', cc: 'bounce@example.net', subject: 'after', text: 'Hi.' });
    expect(bounced.response).toMatch(/^250 /);
    const delivered = await transport.sendMail({ from: `app@${DOMAIN}`, to: 'someone@example.net', subject: 'after', text: 'Hi.' });
    expect(delivered.response).toMatch(/^250 /);
    await until(() => hook.received.length >= 4, 10_000, 'four webhooks');

    expect(events(hook.received)).toEqual([
      [1, 'email.queued', 'queued'],
      [1, 'email.bounced', 'bounced'],
      [2, 'email.queued', 'queued'],
      [2, 'email.delivered', 'delivered'],
    ]);
    const key = await publicKey(t.origin);
    for (const h of hook.received) expect(verifies(key, h)).toBe(true);
    // The message is in the inbox as accepted: the rule changes only what follows.
    const stored = (await (await fetch(`${t.origin}/api/messages/1`)).json()) as { record: { status: string } };
    expect(stored.record.status).toBe('accepted');
  });

  it('the send API: 200 as usual, then email.spam; email.deferred is the last event for its message', async () => {
    const hook = await receiver();
    const t = await app(['after:*@spam.example=spam', 'after:slow@*=deferred'], hook.url);
    const spam = await sendApi(t.origin, 'reader@spam.example');
    expect(spam.status).toBe(200);
    const slow = await sendApi(t.origin, 'slow@example.net');
    expect(slow.status).toBe(200);
    const plain = await sendApi(t.origin, 'reader@example.net');
    expect(plain.status).toBe(200);
    // One endpoint gets each message's events in order, one message after another: once
    // the third message's last event is in, nothing more will come for the second.
    await until(() => hook.received.some((h) => h.payload.id === plain.body.id && h.event !== 'email.queued'), 10_000, 'the third message\'s outcome');
    expect(events(hook.received)).toEqual([
      [spam.body.id, 'email.queued', 'queued'],
      [spam.body.id, 'email.spam', 'spam'],
      [slow.body.id, 'email.queued', 'queued'],
      [slow.body.id, 'email.deferred', 'deferred'],
      [plain.body.id, 'email.queued', 'queued'],
      [plain.body.id, 'email.delivered', 'delivered'],
    ]);
    const key = await publicKey(t.origin);
    for (const h of hook.received) expect(verifies(key, h)).toBe(true);
  });
});

describe('after: rules from the command line', () => {
  it('a rule file is read, listed as simulated, and drives the webhooks of smtplib\'s and the API\'s messages', async () => {
    requireProgram(PYTHON, 'python3');
    const hook = await receiver();
    const dir = await mkdtemp(join(tmpdir(), 'after-rules-'));
    const file = join(dir, 'rules.txt');
    const cafile = join(dir, 'cert.pem');
    await writeFile(file, '# what happens after acceptance\nafter:bounce@*=bounced\n');
    const cli = await startCli(['--port', '0', '--tls-port', '0', '--rules', file, '--webhook', hook.url, '--write-cert', cafile]);
    cleanup.push(() => cli.stop());
    expect(cli.stderr).toContain('outcome rule (simulated): after:bounce@*=bounced (accepted; its webhooks say email.bounced)');
    const code = `
import smtplib, ssl, sys
host, port, token, domain, cafile = sys.argv[1:6]
s = smtplib.SMTP(host, int(port), timeout=10)
s.starttls(context=ssl.create_default_context(cafile=cafile))
s.login(token, token)
print(s.sendmail('app@' + domain, ['bounce@example.net'], 'From: app@' + domain + '\\r\\nTo: bounce@example.net\\r\\nSubject: after\\r\\n\\r\\nHi.\\r\\n'))
s.quit()`;
    const r = await run(PYTHON, ['-c', code, HOST, String(cli.port), TOKEN, DOMAIN, cafile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('{}'); // no recipient refused
    const origin = cliInboxOrigin(cli);
    const api = await sendApi(origin, 'bounce@example.org');
    expect(api.status).toBe(200);
    await until(() => hook.received.length >= 4, 10_000, 'four webhooks');
    expect(events(hook.received)).toEqual([
      [1, 'email.queued', 'queued'],
      [1, 'email.bounced', 'bounced'],
      [api.body.id, 'email.queued', 'queued'],
      [api.body.id, 'email.bounced', 'bounced'],
    ]);
    const key = await publicKey(origin);
    for (const h of hook.received) expect(verifies(key, h)).toBe(true);
  });

  it('after: rules without --webhook start, and the banner says that nothing will report them', async () => {
    const cli = await startCli(['--port', '0', '--tls-port', '0', '--rule', 'after:bounce@*=bounced']);
    cleanup.push(() => cli.stop());
    expect(cli.stderr).toContain('outcome rule (simulated): after:bounce@*=bounced');
    expect(cli.stderr).toContain('warning: after: rules only change what the webhooks report; give --webhook URL to receive them');
    const hook = await receiver();
    const withHook = await startCli(['--port', '0', '--tls-port', '0', '--rule', 'after:bounce@*=bounced', '--webhook', hook.url]);
    cleanup.push(() => withHook.stop());
    expect(withHook.stderr).not.toContain('warning: after: rules');
  });

  it('a bad after: line in a rule file stops the start and names the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'after-rules-'));
    const file = join(dir, 'rules.txt');
    await writeFile(file, 'after:bounce@*=bounced\nafter:slow@*=later\n');
    const r = await run(process.execPath, [BIN, '--port', '0', '--tls-port', '0', '--no-ui', '--rules', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--rules ${file} line 2: "later" is not an outcome after acceptance; use bounced, deferred, spam`);
    expect(r.stderr).not.toContain('listening on');
  });
});
