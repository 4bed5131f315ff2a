/**
 * The Ruby snippets, run for real through the sandbox (see snippet-harness.ts): the
 * `mail` gem script as a reader runs it, and the Rails files inside a small stand-in for
 * a Rails app (ruby/rails-app.rb), with the Action Mailer that Debian packages.
 *
 * Both hand their TLS settings to the mail gem, which builds Net::SMTP with an SSL
 * context that checks the certificate and host name; Ruby's OpenSSL reads SSL_CERT_FILE,
 * which is how the harness makes it trust the sandbox.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST } from './helpers.ts';
import { targets, useSnippetSandbox, type Runner } from './snippet-harness.ts';
import { requireRuntime, succeeds } from './programs.ts';

const { rails, rubyMail } = targets as Record<string, Runner['target']>;
const RUBY_DIR = fileURLToPath(new URL('ruby/', import.meta.url));

/** What a line of Ruby prints, or '' when Ruby or the library is missing. */
const rubyPrints = (code: string) => spawnSync('ruby', ['-e', code], { encoding: 'utf8' }).stdout?.trim() ?? '';
const MAIL_VERSION = rubyPrints('require "mail"; print Mail::VERSION.version') || 'not installed';
const ACTION_MAILER_VERSION = rubyPrints('require "action_mailer"; print ActionMailer.version') || 'not installed';

const requireMailGem = () => requireRuntime(succeeds('ruby', ['-e', 'require "mail"']), 'Ruby with the mail gem', 'ruby ruby-mail');
const requireActionMailer = () =>
  requireRuntime(succeeds('ruby', ['-e', 'require "action_mailer"']), 'Ruby with Action Mailer', 'ruby ruby-actionmailer');

const s = useSnippetSandbox();

// Each runner checks its runtime in `prepare`, inside every test, so a missing package
// fails each test with its name instead of leaving them skipped.
const MAIL_RUNNER: Runner = { target: rubyMail!, command: ['ruby', 'send.rb'], prepare: async () => requireMailGem() };
// `bin/rails runner script/send_welcome.rb`, through the stand-in app.
const RAILS_RUNNER: Runner = {
  target: rails!,
  command: ['ruby', join(RUBY_DIR, 'rails-runner.rb')],
  prepare: async () => requireActionMailer(),
};

s.describeDeliveries(`Ruby mail gem ${MAIL_VERSION}: send.rb as rendered`, MAIL_RUNNER);

// Action Mailer passes smtp_settings to the mail gem untouched, and the gem is what reads
// `enable_starttls` and `tls` (mail 2.7.1 knows both); so the Rails 7 names work on 6.1.
s.describeDeliveries(
  `Rails (snippet for Rails 7+) on Action Mailer ${ACTION_MAILER_VERSION} + mail ${MAIL_VERSION}, where the mail gem reads enable_starttls and tls`,
  RAILS_RUNNER,
);

describe('the Ruby snippets check the certificate', () => {
  for (const runner of [MAIL_RUNNER, RAILS_RUNNER]) {
    for (const mode of ['starttls', 'tls'] as const) {
      it(`${runner.target.label} refuses the sandbox over ${mode === 'tls' ? 'implicit TLS' : 'STARTTLS'} without its certificate`, async () => {
        const r = await s.deliver(runner, mode, 'env', false);
        expect(r.code, r.output).not.toBe(0);
        expect(r.output).toMatch(/certificate verify failed/);
        expect(r.records).toEqual([]);
      });
    }
  }
});

/**
 * A server that never offers STARTTLS: it greets, lists only AUTH after EHLO, and
 * records every line, so a test can see whether the token was sent in plain text.
 */
async function startServerWithoutStarttls(): Promise<{ server: Server; port: number; lines: string[] }> {
  const lines: string[] = [];
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.write('220 localhost ESMTP no STARTTLS here\r\n');
    let buffered = '';
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        lines.push(line);
        const verb = line.split(' ')[0]!.toUpperCase();
        if (verb === 'EHLO') socket.write('250-localhost\r\n250 AUTH PLAIN\r\n');
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('530 5.7.0 not in this test\r\n');
      }
    });
    socket.on('error', () => {});
  });
  server.listen(0, HOST);
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, lines };
}

describe('`enable_starttls: true` insists on STARTTLS', () => {
  let plain: Awaited<ReturnType<typeof startServerWithoutStarttls>>;
  beforeAll(async () => {
    plain = await startServerWithoutStarttls();
  });
  afterAll(() => plain?.server.close());

  for (const runner of [MAIL_RUNNER, RAILS_RUNNER]) {
    it(`${runner.target.label} stops before AUTH when the server offers no STARTTLS`, async () => {
      plain.lines.length = 0;
      const r = await s.deliver(runner, 'starttls', 'env', true, { port: plain.port });
      expect(r.code, r.output).not.toBe(0);
      expect(r.output).toMatch(/STARTTLS is not supported/);
      expect(plain.lines.some((l) => /^EHLO /i.test(l)), plain.lines.join('\n')).toBe(true);
      expect(plain.lines.filter((l) => /^(AUTH|MAIL)\b/i.test(l))).toEqual([]);
    });
  }
});
