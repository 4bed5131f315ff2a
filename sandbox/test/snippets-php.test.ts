/**
 * The PHP snippets, run for real through the sandbox (see snippet-harness.ts) with the
 * PHP libraries Debian 12 packages: PHPMailer as a reader runs it, and Symfony Mailer,
 * Laravel and WordPress through small stand-ins for the framework around them
 * (php/*.php), each of which says what it mirrors.
 *
 * PHP's stream sockets verify the server certificate by default; `-d openssl.cafile=`
 * is PHP's own setting for the trusted roots, so the snippets run unchanged with their
 * checks on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BODY, PLACEHOLDER_TOKEN, REPO, SPECIAL_TOKEN, SUBJECT, TOKEN_ENV, targets, useSnippetSandbox, type RunContext, type Runner } from './snippet-harness.ts';
import { requireRuntime, runIn, succeeds } from './programs.ts';

const { laravel, phpmailer, symfony, wordpress } = targets as Record<string, Runner['target']>;
const PHP_DIR = fileURLToPath(new URL('php/', import.meta.url));

const PHPMAILER_AUTOLOAD = '/usr/share/php/libphp-phpmailer/autoload.php';
const SYMFONY = '/usr/share/php/Symfony/Component';
const WORDPRESS = '/usr/share/wordpress/wp-includes';

/** "5.4" for a Debian package at 5.4.53+dfsg-0+deb12u1, or 'not installed'. */
function debianVersion(pkg: string): string {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return /^(?:\d+:)?(\d+\.\d+)/.exec(r.stdout ?? '')?.[1] ?? 'not installed';
}

/** Fails naming the packages unless php can load every file. */
function requirePhp(files: string[], what: string, packages: string): void {
  const code = files.map((f) => `require ${JSON.stringify(f)};`).join(' ');
  requireRuntime(succeeds('php', ['-r', code]), what, `php-cli ${packages}`);
}

/** `php`, trusting the sandbox certificate (unless the run says not to) through PHP's own openssl.cafile setting. */
const php = (ctx: RunContext, ...args: string[]) => ['php', ...(ctx.trust ? ['-d', `openssl.cafile=${ctx.certFile}`] : []), ...args];
// OpenSSL's SSL_CERT_FILE, which the harness also sets, is unset so that openssl.cafile alone does it.
const ONLY_CAFILE: NodeJS.ProcessEnv = { SSL_CERT_FILE: undefined };

/** The rendered file names for a run, in the order the page shows them. */
function renderedFiles(target: Runner['target'], ctx: RunContext): string[] {
  const out = target.render({ port: ctx.port, security: ctx.mode, inlineToken: ctx.tokenMode === 'inline' });
  return [out.filename!, ...out.extra.map((f) => f.filename!)];
}

const s = useSnippetSandbox();

const PHPMAILER_RUNNER: Runner = {
  target: phpmailer!,
  command: (ctx) => php(ctx, 'send.php'),
  env: () => ONLY_CAFILE,
  // `composer require phpmailer/phpmailer`, stood in for by the system package.
  async prepare(dir) {
    await mkdir(join(dir, 'vendor'));
    await writeFile(join(dir, 'vendor', 'autoload.php'), `<?php\nrequire ${JSON.stringify(PHPMAILER_AUTOLOAD)};\n`);
  },
};

describe(`PHPMailer ${debianVersion('libphp-phpmailer')} (Debian 12)`, () => {
  beforeAll(() => requirePhp([PHPMAILER_AUTOLOAD], 'PHP with PHPMailer', 'libphp-phpmailer'));
  s.describeDeliveries('send.php as rendered', PHPMAILER_RUNNER);
});

describe('PHPMailer without MAILPACE_API_TOKEN', () => {
  it('send.php stops with a clear message instead of logging in with false', async () => {
    requirePhp([PHPMAILER_AUTOLOAD], 'PHP with PHPMailer', 'libphp-phpmailer');
    const r = await s.deliver({ ...PHPMAILER_RUNNER, env: () => ({ ...ONLY_CAFILE, [TOKEN_ENV]: undefined }) }, 'starttls', 'env');
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(`Set ${TOKEN_ENV} first`);
    expect(r.records).toEqual([]);
  });
});

describe('throughput/phpmailer-keepalive.php', () => {
  const EXAMPLE = fileURLToPath(new URL('../../src/content/examples/throughput/phpmailer-keepalive.php', import.meta.url));
  // Made with and without exceptions: the catch must see each failed send either way.
  it.each(['true', 'false'])('logs every failed send and goes on, for new PHPMailer(%s)', async (exceptions) => {
    requirePhp([PHPMAILER_AUTOLOAD], 'PHP with PHPMailer', 'libphp-phpmailer');
    const script = [
      `require ${JSON.stringify(PHPMAILER_AUTOLOAD)};`,
      `require ${JSON.stringify(EXAMPLE)};`,
      `$mail = new PHPMailer\\PHPMailer\\PHPMailer(${exceptions});`,
      '$mail->isSMTP();',
      `$mail->Host = '127.0.0.1'; $mail->Port = ${s.sandbox.port};`,
      '$mail->SMTPSecure = PHPMailer\\PHPMailer\\PHPMailer::ENCRYPTION_STARTTLS;',
      "$mail->SMTPAuth = true; $mail->Username = $mail->Password = getenv('TOKEN');",
      // A From outside the token's domain: MailPace refuses every message.
      "$mail->setFrom('app@not-the-token-domain.test'); $mail->Subject = 'batch';",
      "sendBatch($mail, ['one@example.net' => 'One', 'two@example.net' => 'Two']);",
    ].join('\n');
    const r = await runIn('php', ['-d', `openssl.cafile=${s.certFile}`, '-r', script], REPO, { PATH: process.env.PATH, TOKEN: SPECIAL_TOKEN });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/^Not sent to one@example\.net: SMTP Error: /m);
    expect(r.output).toMatch(/^Not sent to two@example\.net: SMTP Error: /m);
  });
});

const SYMFONY_VERSION = debianVersion('php-symfony-mailer');
const requireSymfony = () =>
  requirePhp(
    ['Mailer', 'Yaml', 'DependencyInjection', 'Dotenv'].map((c) => `${SYMFONY}/${c}/autoload.php`),
    'PHP with Symfony Mailer, Yaml, DependencyInjection and Dotenv',
    'php-symfony-mailer php-symfony-yaml php-symfony-dependency-injection php-symfony-dotenv',
  );
const SYMFONY_RUNNER: Runner = {
  target: symfony!,
  command: (ctx) => php(ctx, join(PHP_DIR, 'symfony-send.php'), ...renderedFiles(symfony!, ctx)),
  env: () => ONLY_CAFILE,
};

describe(`Symfony Mailer ${SYMFONY_VERSION} (Debian 12)`, () => {
  beforeAll(requireSymfony);
  s.describeDeliveries(
    `the rendered DSN through Transport::fromDsn() and the controller excerpt; ${SYMFONY_VERSION} ignores require_tls (7.3+) and lacks the urlencode env processor (7.1+), stood in by rawurlencode`,
    SYMFONY_RUNNER,
  );

  it('asks for TLS on the STARTTLS port only, where Symfony would otherwise fall back to plain text', () => {
    expect(symfony!.render({ port: 587, security: 'starttls' }).code).toContain('@smtp.mailpace.com:587?require_tls=true');
    expect(symfony!.render({ port: 465, security: 'tls', inlineToken: true }).code).not.toContain('require_tls');
  });
});

describe(`Laravel 11 mail set-up replayed over Symfony Mailer ${SYMFONY_VERSION} and phpdotenv ${debianVersion('php-vlucas-phpdotenv')} (Debian 12)`, () => {
  beforeAll(() =>
    requirePhp(
      [`${SYMFONY}/Mailer/autoload.php`, '/usr/share/php/Dotenv/autoload.php'],
      'PHP with Symfony Mailer and phpdotenv',
      'php-symfony-mailer php-vlucas-phpdotenv',
    ),
  );
  s.describeDeliveries('.env and the Mailable headers as rendered, through config/mail.php and MailManager::createSmtpTransport()', {
    target: laravel!,
    command: (ctx) => php(ctx, join(PHP_DIR, 'laravel-send.php'), ...renderedFiles(laravel!, ctx)),
    env: (ctx) => ({ ...ONLY_CAFILE, SNIPPET_TO: ctx.to, SNIPPET_SUBJECT: SUBJECT, SNIPPET_BODY: BODY }),
  });
});

describe(`WordPress ${debianVersion('wordpress')} (Debian 12)`, () => {
  beforeAll(() => {
    requirePhp([`${WORDPRESS}/plugin.php`], 'PHP with WordPress', 'wordpress');
    requireRuntime(existsSync(`${WORDPRESS}/PHPMailer/PHPMailer.php`), "WordPress's bundled PHPMailer", 'wordpress');
  });
  s.describeDeliveries("the mu-plugin and wp-config.php line through the real wp_mail(), its phpmailer_init hook and its bundled PHPMailer", {
    target: wordpress!,
    // wp-config.php, the mu-plugin, then the wp_mail() call: the order WordPress runs them.
    command: (ctx) => {
      const [plugin, ...excerpts] = renderedFiles(wordpress!, ctx);
      const config = excerpts.filter((f) => f.startsWith('wp-config.php'));
      return php(ctx, join(PHP_DIR, 'wordpress-send.php'), ...config, plugin!, ...excerpts.filter((f) => !config.includes(f)));
    },
    // What the token note asks of the reader: paste the token into the wp-config.php constant.
    async prepare(dir, ctx) {
      if (ctx.tokenMode === 'inline') return;
      const config = join(dir, renderedFiles(wordpress!, ctx).find((f) => f.startsWith('wp-config.php'))!);
      const line = await readFile(config, 'utf8');
      expect(line).toContain(PLACEHOLDER_TOKEN);
      await writeFile(config, line.replace(PLACEHOLDER_TOKEN, SPECIAL_TOKEN.replace(/[\\']/g, '\\$&')));
    },
    // PHP-FPM's default clear_env = yes: WordPress never sees the variable.
    env: () => ({ ...ONLY_CAFILE, [TOKEN_ENV]: undefined }),
  });
});

describe('the PHP snippets keep certificate checks on', () => {
  const php = [phpmailer!, symfony!, laravel!, wordpress!];
  it.each(php.map((t) => [t.label, t] as const))('%s never turns verify_peer off', (_label, target) => {
    for (const inputs of [{}, { port: 465, inlineToken: true, token: 'x' }]) {
      const out = target.render(inputs);
      for (const code of [out.code, ...out.extra.map((f) => f.code)]) {
        expect(code).not.toMatch(/verify_peer|allow_self_signed|SMTPOptions/);
      }
    }
  });

  it('PHP refuses the sandbox when the certificate is not trusted', async () => {
    requireSymfony();
    for (const mode of ['starttls', 'tls'] as const) {
      const r = await s.deliver(SYMFONY_RUNNER, mode, 'env', false);
      expect(r.code, r.output).not.toBe(0);
      expect(r.output).toMatch(/certificate verify failed/);
      expect(r.records).toEqual([]);
    }
  });
});
