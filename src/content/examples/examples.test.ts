/**
 * The code on the new guide pages, checked: every fixture parses with its own
 * language's checker, generated configs parse in their own formats, the Nodemailer
 * examples run against the sandbox, and the international sessions say what the page
 * says they do.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { domainToASCII } from 'node:url';
import nodemailer, { type Transporter } from 'nodemailer';
import { parse as parseToml } from 'smol-toml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { SMTP } from '../../../simulator/mailpace-facts.ts';
import { readWorkflow } from './ci-workflow.ts';
import { startTestSandbox, HOST, TOKEN, DOMAIN, type TestSandbox } from '../../../sandbox/test/helpers.ts';
import { startCutProxy, type CutProxy } from '../../../sandbox/test/cut-proxy.ts';
import { requireProgram } from '../../../sandbox/test/programs.ts';
import * as intl from './international.ts';
import * as products from './smtp-only-products.ts';

const HERE = new URL('.', import.meta.url).pathname;

/** The syntax checker for each fixture extension, and the Debian package that provides it. */
const CHECKERS: Record<string, { command: string; args: string[]; apt: string }> = {
  '.mjs': { command: process.execPath, args: ['--check'], apt: 'nodejs' },
  '.php': { command: 'php', args: ['-l'], apt: 'php-cli' },
  '.rb': { command: 'ruby', args: ['-c'], apt: 'ruby' },
  '.py': { command: '/usr/bin/python3', args: ['-m', 'py_compile'], apt: 'python3' },
};

function check(file: string): void {
  const checker = CHECKERS[extname(file)];
  if (!checker) throw new Error(`no syntax checker for ${file}`);
  requireProgram(checker.command, checker.apt);
  const result = spawnSync(checker.command, [...checker.args, file], { encoding: 'utf8' });
  expect(result.status, `${file}\n${result.stdout}${result.stderr}`).toBe(0);
}

describe('code fixtures parse', () => {
  for (const dir of ['html-and-attachments', 'throughput', 'ci']) {
    for (const name of readdirSync(join(HERE, dir)).filter((n) => extname(n) in CHECKERS)) {
      it(`${dir}/${name}`, () => check(join(HERE, dir, name)));
    }
  }
});

describe('product settings', () => {
  it('Ghost: JSON with the SMTP host and port', () => {
    // requireTLS: Nodemailer otherwise goes on in plain text when STARTTLS is not offered.
    expect(JSON.parse(products.ghost).mail.options).toMatchObject({ host: SMTP.host, port: SMTP.defaultPort, secure: false, requireTLS: true });
  });
  it('Keycloak: JSON whose values are strings, as the realm representation has them', () => {
    const smtp = JSON.parse(products.keycloak).smtpServer as Record<string, unknown>;
    expect(smtp).toMatchObject({ host: SMTP.host, port: String(SMTP.defaultPort), starttls: 'true' });
    for (const value of Object.values(smtp)) expect(typeof value).toBe('string');
  });
  it('Discourse: YAML env with the DISCOURSE_SMTP_* keys, TLS from the first byte (its STARTTLS only upgrades when offered)', () => {
    const env = (parseYaml(products.discourse) as { env: Record<string, unknown> }).env;
    expect(env).toMatchObject({
      DISCOURSE_SMTP_ADDRESS: SMTP.host,
      DISCOURSE_SMTP_PORT: SMTP.implicitTlsPort,
      DISCOURSE_SMTP_ENABLE_START_TLS: false,
      DISCOURSE_SMTP_FORCE_TLS: true,
    });
  });
  it('Supabase: TOML', () => {
    const smtp = (parseToml(products.supabaseToml) as { auth: { email: { smtp: Record<string, unknown> } } }).auth.email.smtp;
    expect(smtp).toMatchObject({ enabled: true, host: SMTP.host, port: SMTP.defaultPort });
  });
  it('GitLab: Ruby, TLS from the first byte (its STARTTLS only upgrades when offered)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitlab-rb-'));
    writeFileSync(join(dir, 'gitlab.rb'), products.gitlab);
    check(join(dir, 'gitlab.rb'));
    expect(products.gitlab).toContain(`gitlab_rails['smtp_port'] = ${SMTP.implicitTlsPort}`);
    expect(products.gitlab).toContain("gitlab_rails['smtp_tls'] = true");
    expect(products.gitlab).toContain("gitlab_rails['smtp_enable_starttls_auto'] = false");
  });
  it('WP Mail SMTP: PHP', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-config-'));
    writeFileSync(join(dir, 'wp-config.php'), products.wpMailSmtp);
    check(join(dir, 'wp-config.php'));
  });
});

describe('Nodemailer examples against the sandbox', () => {
  let box: TestSandbox;
  beforeAll(async () => {
    box = await startTestSandbox();
  });
  afterAll(async () => {
    await box.sandbox.close();
  });
  const transportFor = () =>
    nodemailer.createTransport({
      host: HOST, port: box.port, secure: false, requireTLS: true,
      auth: { user: TOKEN, pass: TOKEN },
      // The test trusts the sandbox's own certificate: checks stay on.
      tls: { ca: box.sandbox.certificate.cert, servername: 'localhost' },
    });

  it('html-and-attachments/nodemailer.mjs: the logo is inline (cid), the PDF attached', async () => {
    const { sendReceipt } = (await import('./html-and-attachments/nodemailer.mjs')) as {
      sendReceipt: (t: Transporter, files: { logoPath: string; invoicePath: string }) => Promise<unknown>;
    };
    const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
    writeFileSync(join(dir, 'logo.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    writeFileSync(join(dir, 'invoice.pdf'), '%PDF-1.4\n%%EOF\n');
    // The example sends from example.com, the sandbox's demo domain.
    expect(DOMAIN).toBe('example.com');
    await sendReceipt(transportFor(), { logoPath: join(dir, 'logo.png'), invoicePath: join(dir, 'invoice.pdf') });
    const [message] = await box.waitForMessages(1);
    const { payload, status } = message!.record;
    expect(status).toBe('accepted');
    expect(payload.textbody).toMatch(/invoice is attached/);
    expect(payload.htmlbody).toContain('cid:logo');
    expect(payload.attachments?.map((a) => [a.name, a.cid])).toEqual([['logo.png', 'logo'], ['invoice.pdf', undefined]]);
  });

  type Retry = {
    sendWithRetry: (t: { sendMail(message: object): Promise<unknown>; use(step: string, plugin: never): unknown }, m: object, o?: object) => Promise<unknown>;
    isSafeToRetry: (e: object, attempt: { messageRead: boolean }) => boolean;
  };
  const loadRetry = async () => (await import('./throughput/retry.mjs')) as Retry;
  const message = (subject: string) => ({ from: `App <app@${DOMAIN}>`, to: 'reader@example.net', subject, text: 'x' });

  it('throughput/retry.mjs: retries 4xx, gives up on 5xx at once, and never retries a lost connection once the message was read', async () => {
    const { sendWithRetry, isSafeToRetry } = await loadRetry();
    const before = { messageRead: false };
    const after = { messageRead: true };
    expect(isSafeToRetry({ responseCode: 451 }, after)).toBe(true); // the server answered: not taken
    expect(isSafeToRetry({ responseCode: 550 }, before)).toBe(false);
    expect(isSafeToRetry({ code: 'ETIMEDOUT' }, before)).toBe(true);
    expect(isSafeToRetry({ code: 'ETIMEDOUT' }, after)).toBe(false);
    expect(isSafeToRetry({ code: 'ECONNECTION' }, after)).toBe(false);
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    let calls = 0;
    const use = () => undefined as never;
    const flaky = { use, sendMail: async () => (++calls < 3 ? Promise.reject(Object.assign(new Error('later'), { responseCode: 451 })) : 'sent') };
    await expect(sendWithRetry(flaky, {}, { baseMs: 1000, wait })).resolves.toBe('sent');
    expect(calls).toBe(3);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    calls = 0;
    const refused = { use, sendMail: async () => (++calls, Promise.reject(Object.assign(new Error('no'), { responseCode: 550 }))) };
    await expect(sendWithRetry(refused, {}, { wait })).rejects.toMatchObject({ responseCode: 550 });
    expect(calls).toBe(1);
  });

  it('throughput/retry.mjs: a real 451 from the sandbox (--fail rate) is retried until attempts run out', async () => {
    const { sendWithRetry } = await loadRetry();
    const limited = await startTestSandbox({ failures: ['rate'] });
    try {
      const transport = nodemailer.createTransport({
        host: HOST, port: limited.port, secure: false, requireTLS: true, auth: { user: TOKEN, pass: TOKEN },
        tls: { ca: limited.sandbox.certificate.cert, servername: 'localhost' },
      });
      let waited = 0;
      await expect(sendWithRetry(transport, message('rate'), { attempts: 3, wait: async () => void waited++ })).rejects.toMatchObject({ responseCode: 451 });
      expect(waited).toBe(2);
      expect(limited.messages).toHaveLength(3);
    } finally {
      await limited.sandbox.close();
    }
  });

  describe('throughput/retry.mjs with the connection cut', () => {
    let proxy: CutProxy;
    const transport = () =>
      nodemailer.createTransport({
        host: HOST, port: proxy.port, secure: false, requireTLS: true, auth: { user: TOKEN, pass: TOKEN },
        tls: { ca: box.sandbox.certificate.cert, servername: 'localhost' },
      });
    beforeEach(async () => {
      proxy = await startCutProxy(box.port);
    });
    afterEach(async () => {
      await proxy.close();
    });
    const mine = (subject: string) => box.messages.filter((m) => m.record.payload.subject === subject);

    it('after the final dot, before the reply: not retried, and the sandbox holds the message once', async () => {
      const { sendWithRetry } = await loadRetry();
      const onMessage = () => proxy.cutAll();
      box.sandbox.once('message', onMessage);
      let waited = 0;
      try {
        await expect(sendWithRetry(transport(), message('cut after the dot'), { wait: async () => void waited++ })).rejects.toMatchObject({ code: 'ECONNECTION' });
      } finally {
        box.sandbox.off('message', onMessage);
      }
      expect(waited).toBe(0);
      expect(proxy.accepted).toBe(1);
      expect(mine('cut after the dot').map((m) => m.record.status)).toEqual(['accepted']);
    });

    it('before the greeting: retried, and the message arrives once', async () => {
      const { sendWithRetry } = await loadRetry();
      proxy.cutOnArrival = (n) => n === 1;
      let waited = 0;
      await expect(sendWithRetry(transport(), message('cut on arrival'), { wait: async () => void waited++ })).resolves.toMatchObject({ accepted: ['reader@example.net'] });
      expect(waited).toBe(1);
      expect(proxy.accepted).toBe(2);
      expect(mine('cut on arrival')).toHaveLength(1);
    });
  });
});

describe('the CI page describes the workflow it shows', () => {
  it('the upload step runs always(), as the page says, not only when the job fails', () => {
    const steps = readWorkflow().jobs.email!.steps;
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('always()');
    const page = readFileSync(new URL('../docs/guides/testing-in-ci.mdx', import.meta.url), 'utf8');
    expect(page).toContain('`if: always()`');
    expect(page).not.toMatch(/uploads? them (only )?when a job fails/);
  });
});

describe('international sessions (played by the core)', () => {
  it('EHLO advertises SMTPUTF8 and 8BITMIME', () => {
    expect(intl.ehlo.transcript).toMatch(/^S: 250-SMTPUTF8$/m);
    expect(intl.ehlo.transcript).toMatch(/^S: 250-8BITMIME$/m);
    expect(intl.ehlo.transcript).toMatch(/^S: 250-PIPELINING$/m);
  });
  it('encoded words decode to the UTF-8 text', () => {
    const payload = intl.encodedWords.records[0]!.payload;
    expect(payload.subject).toBe(intl.DECODED.subject);
    expect(payload.from).toBe(`${intl.DECODED.from} <hello@example.com>`);
    expect(payload.to).toBe(`${intl.DECODED.to} <taro@example.net>`);
  });
  it('a UTF-8 address needs SMTPUTF8; with it, it is accepted', () => {
    expect(intl.withoutSmtpUtf8.transcript).toMatch(/^S: 553 5\.6\.7 /m);
    expect(intl.withSmtpUtf8.transcript).toMatch(/^S: 250 2\.1\.5 Recipient <jürgen@example\.net>/m);
  });
  it('the punycode domain is the A-label of the Unicode one, and needs no extension', () => {
    expect(domainToASCII(intl.IDN.unicode)).toBe(intl.IDN.ascii);
    expect(intl.punycodeDomain.transcript).toContain(`S: 250 2.1.5 Recipient <info@${intl.IDN.ascii}>`);
  });
});
