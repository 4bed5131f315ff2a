import { describe, expect, it } from 'vitest';
import type { SnippetInputs } from '../inputs';
import type { SnippetOutput } from '../target';
import { PLACEHOLDER_TOKEN, TOKEN_ENV } from '../token';
import { TARGETS, findTarget } from './index';

/** A token with every character that breaks naive quoting or URLs. */
const SPECIAL = `a/b+c=d"e'f`;
const SQ = `'a/b+c=d"e\\'f'`; // JS, Python, Ruby, PHP
const DQ = `"a/b+c=d\\"e'f"`; // Java, C#, Go, Rust, Elixir, phpdotenv
const SH = `a/b+c=d"e'\\''f`; // inside a POSIX single-quoted word
const URL = 'a%2Fb%2Bc%3Dd%22e%27f';

interface Expectation {
  /** Documented setting names the snippet must use. */
  settings: string[];
  /** Present with STARTTLS (587/2525/25), absent with 465. */
  starttls: string[];
  /** Present with 465, absent with STARTTLS. */
  tls: string[];
  /** How the special token must appear when inlined. */
  inline: string;
}

const EXPECT: Record<string, Expectation> = {
  nodemailer: {
    settings: ['createTransport', 'host:', 'port:', 'secure:', 'auth: { user: token, pass: token }'],
    starttls: ['secure: false', 'requireTLS: true'],
    tls: ['secure: true'],
    inline: SQ,
  },
  rails: {
    settings: ['config.action_mailer.delivery_method = :smtp', 'smtp_settings', 'address:', 'port:', 'domain:', 'user_name:', 'password:', 'authentication: :plain'],
    starttls: ['enable_starttls: true'],
    tls: [' tls: true'],
    inline: SQ,
  },
  django: {
    settings: ['EMAIL_BACKEND', 'EMAIL_HOST =', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_TIMEOUT'],
    starttls: ['EMAIL_USE_TLS = True', 'EMAIL_USE_SSL = False'],
    tls: ['EMAIL_USE_SSL = True', 'EMAIL_USE_TLS = False'],
    inline: SQ,
  },
  laravel: {
    settings: ['MAIL_MAILER=smtp', 'MAIL_SCHEME', 'MAIL_HOST', 'MAIL_PORT', 'MAIL_USERNAME', 'MAIL_PASSWORD', 'MAIL_FROM_ADDRESS', 'MAIL_FROM_NAME'],
    starttls: ['MAIL_SCHEME=smtp\n'],
    tls: ['MAIL_SCHEME=smtps'],
    inline: DQ,
  },
  symfony: {
    settings: ['dsn', '@smtp.mailpace.com:'],
    starttls: ['smtp://'],
    tls: ['smtps://'],
    inline: `${URL}:${URL}@`,
  },
  phpmailer: {
    settings: ['isSMTP()', '->Host', '->SMTPAuth = true', '->Username', '->Password', '->SMTPSecure', '->Port', 'addCustomHeader('],
    starttls: ['ENCRYPTION_STARTTLS'],
    tls: ['ENCRYPTION_SMTPS'],
    inline: SQ,
  },
  'spring-boot': {
    settings: ['spring.mail.host', 'spring.mail.port', 'spring.mail.username', 'spring.mail.password', 'spring.mail.properties.mail.smtp.auth=true'],
    starttls: ['mail.smtp.starttls.enable=true', 'mail.smtp.starttls.required=true'],
    tls: ['mail.smtp.ssl.enable=true'],
    inline: `username=${SPECIAL}`,
  },
  'python-smtplib': {
    settings: ['smtplib', '.login(token, token)', 'send_message(msg)'],
    starttls: ['smtplib.SMTP(', 'starttls('],
    tls: ['smtplib.SMTP_SSL('],
    inline: SQ,
  },
  'dotnet-mailkit': {
    settings: ['SmtpClient', 'client.Connect(', 'client.Authenticate(token, token)'],
    starttls: ['SecureSocketOptions.StartTls'],
    tls: ['SecureSocketOptions.SslOnConnect'],
    inline: DQ,
  },
  go: {
    settings: ['net/smtp', 'smtp.PlainAuth(', 'smtp.NewClient('],
    starttls: ['c.StartTLS('],
    tls: ['tls.DialWithDialer('],
    inline: DQ,
  },
  'phoenix-swoosh': {
    settings: ['Swoosh.Adapters.SMTP', 'relay:', 'port:', 'username:', 'password:', 'auth: :always'],
    starttls: ['tls: :always', 'ssl: false'],
    tls: ['ssl: true'],
    inline: DQ,
  },
  'jakarta-mail': {
    settings: ['"mail.smtp.host"', '"mail.smtp.port"', '"mail.smtp.auth"'],
    starttls: ['"mail.smtp.starttls.enable"', '"mail.smtp.starttls.required"'],
    tls: ['"mail.smtp.ssl.enable"'],
    inline: DQ,
  },
  'rust-lettre': {
    settings: ['SmtpTransport::', '.credentials(Credentials::new('],
    starttls: ['SmtpTransport::starttls_relay('],
    tls: ['SmtpTransport::relay('],
    inline: DQ,
  },
  'ruby-mail': {
    settings: ['Mail.defaults', 'delivery_method :smtp', 'address:', 'port:', 'user_name:', 'password:', 'authentication:'],
    starttls: ['enable_starttls: true'],
    tls: [' tls: true'],
    inline: SQ,
  },
  wordpress: {
    settings: ['phpmailer_init', '->Host', '->Port', '->SMTPSecure', '->SMTPAuth = true', '->Username', '->Password', 'wp_mail('],
    starttls: ["SMTPSecure = 'tls'"],
    tls: ["SMTPSecure = 'ssl'"],
    inline: SQ,
  },
  postfix: {
    settings: ['relayhost = [smtp.mailpace.com]:', 'smtp_sasl_auth_enable = yes', 'smtp_sasl_password_maps', 'smtp_sasl_security_options = noanonymous', 'smtp_tls_security_level = secure', 'smtp_tls_CAfile', 'postmap'],
    starttls: [],
    tls: ['smtp_tls_wrappermode = yes'],
    inline: SH,
  },
  msmtp: {
    settings: ['host ', 'port ', 'auth           on', 'tls            on', 'tls_starttls', 'msmtp --file=msmtprc'],
    starttls: ['tls_starttls   on'],
    tls: ['tls_starttls   off'],
    inline: `password       "${SPECIAL}"`,
  },
  swaks: {
    settings: ['--tls-verify', '--server', '--port', '--auth PLAIN', '--auth-user', '--auth-password', '--from', '--to'],
    starttls: ['--tls '],
    tls: ['--tls-on-connect'],
    inline: SH,
  },
  curl: {
    settings: ['--user', '--mail-from', '--mail-rcpt', '--upload-file', "cat > message.eml <<'EOF'"],
    starttls: ['smtp://', '--ssl-reqd'],
    tls: ['smtps://'],
    inline: SH,
  },
  'flask-mail': {
    settings: ['MAIL_SERVER', 'MAIL_PORT', 'MAIL_USE_TLS', 'MAIL_USE_SSL', 'MAIL_USERNAME', 'MAIL_PASSWORD', 'extra_headers'],
    starttls: ['MAIL_USE_TLS=True', 'MAIL_USE_SSL=False'],
    tls: ['MAIL_USE_SSL=True', 'MAIL_USE_TLS=False'],
    inline: SQ,
  },
};

/** Every file of an output, joined, since headers often live in a second file. */
const allCode = (out: SnippetOutput) => [out.code, ...out.extra.map((f) => f.code)].join('\n');
const render = (id: string, inputs: Partial<SnippetInputs> = {}) => allCode(findTarget(id)!.render(inputs));

describe('registry', () => {
  it('has the twenty targets, each once and each with an expectation here', () => {
    expect(TARGETS).toHaveLength(20);
    expect(new Set(TARGETS.map((t) => t.id)).size).toBe(20);
    expect(TARGETS.map((t) => t.id).sort()).toEqual(Object.keys(EXPECT).sort());
  });
});

describe.each(TARGETS.map((t) => [t.id, t] as const))('%s', (id, target) => {
  const want = EXPECT[id]!;

  it('uses the documented setting names and the default host, port and from', () => {
    const code = render(id);
    for (const name of want.settings) expect(code).toContain(name);
    expect(code).toContain('smtp.mailpace.com');
    expect(code).toContain('587');
  });

  it('uses STARTTLS settings on 587, 2525 and 25 and TLS settings only on 465', () => {
    for (const port of [587, 2525, 25]) {
      const code = render(id, { port });
      expect(code).toContain(String(port));
      for (const s of want.starttls) expect(code).toContain(s);
      for (const s of want.tls) expect(code).not.toContain(s);
    }
    const tls = render(id, { port: 465 });
    expect(tls).toContain('465');
    for (const s of want.tls) expect(tls).toContain(s);
    for (const s of want.starttls) expect(tls).not.toContain(s);
  });

  it('reads the token from MAILPACE_API_TOKEN by default, even when one was typed', () => {
    const code = render(id, { token: SPECIAL });
    expect(code).toContain(TOKEN_ENV);
    expect(code).not.toContain('a/b+c=d');
  });

  it('inlines the token quoted or URL-encoded for its language', () => {
    const code = render(id, { token: SPECIAL, inlineToken: true });
    expect(code).toContain(want.inline);
    expect(code).not.toContain(TOKEN_ENV);
  });

  it('inlines a placeholder when no token was typed', () => {
    expect(render(id, { inlineToken: true })).toContain(PLACEHOLDER_TOKEN);
  });

  it('adds X-MailPace-Tags and X-List-Unsubscribe with the values given', () => {
    const code = render(id, { tags: 'welcome,beta', listUnsubscribe: 'https://acme.io/u?x=1, mailto:u@acme.io' });
    expect(code).toMatch(/X-MailPace-Tags.{0,20}welcome, beta/);
    expect(code).toMatch(/X-List-Unsubscribe.{0,20}<https:\/\/acme\.io\/u\?x=1>, <mailto:u@acme\.io>/);
    expect(code).not.toContain('onboarding'); // the example value is gone
  });

  it('shows where the headers go, as example values, when none were given', () => {
    const code = render(id);
    expect(code).toContain('X-MailPace-Tags');
    expect(code).toContain('X-List-Unsubscribe');
  });

  it('accepts a host and port override, e.g. a local sandbox', () => {
    const code = render(id, { host: '127.0.0.1', port: 2525 });
    expect(code).toContain('127.0.0.1');
    expect(code).toContain('2525');
    expect(code).not.toContain('smtp.mailpace.com');
  });

  it('is pure: same inputs, same output, inputs untouched', () => {
    const inputs = { token: 'x', tags: 'a', port: 465 };
    const copy = structuredClone(inputs);
    expect(target.render(inputs)).toEqual(target.render(inputs));
    expect(inputs).toEqual(copy);
  });

  it('keeps a typed line break from starting a new line (no header injection)', () => {
    const code = render(id, { from: 'me@acme.io\nBcc: victim@evil.test', tags: 'a\r\nX-Evil: 1' });
    expect(code).not.toMatch(/^\s*Bcc:/m);
    expect(code).not.toMatch(/^\s*X-Evil/m);
  });

  it('warns about its known trap', () => {
    expect(target.render().warnings.length).toBeGreaterThan(0);
  });
});

describe('nodemailer header values', () => {
  it('sends an ASCII value Nodemailer would MIME-encode (a double quote) as prepared, byte for byte', () => {
    const code = render('nodemailer', { tags: `it's "new", beta`, listUnsubscribe: 'https://acme.io/u?x=1' });
    expect(code).toContain(`'X-MailPace-Tags': { prepared: true, value: 'it\\'s "new", beta' },`);
    // A value Nodemailer leaves alone stays a plain string.
    expect(code).toContain(`'X-List-Unsubscribe': '<https://acme.io/u?x=1>',`);
  });

  it('leaves non-ASCII values to Nodemailer, whose RFC 2047 encoding is the standard way to send them', () => {
    const code = render('nodemailer', { tags: 'café "x"' });
    expect(code).toContain(`'X-MailPace-Tags': 'café "x"',`);
  });
});

describe('phpmailer addresses', () => {
  it('passes a display name as setFrom()/addAddress() second argument, since both reject "Name <address>"', () => {
    const code = render('phpmailer', { from: 'Snippet Test <app@acme.io>', to: '"Doe, Jane" <jane@example.com>' });
    expect(code).toContain(`$mail->setFrom('app@acme.io', 'Snippet Test');`);
    expect(code).toContain(`$mail->addAddress('jane@example.com', 'Doe, Jane');`);
  });

  it('passes a bare address alone', () => {
    const code = render('phpmailer');
    expect(code).toContain(`$mail->setFrom('you@yourdomain.com');`);
    expect(code).toContain(`$mail->addAddress('someone@example.com');`);
  });
});

describe('wordpress token', () => {
  it('is a wp-config.php constant by default and pasted into the plugin when inlined', () => {
    const env = findTarget('wordpress')!.render({ token: SPECIAL });
    // The typed token is on the page only when inlined; the reader pastes it into wp-config.php.
    expect(env.extra.find((f) => f.filename?.startsWith('wp-config.php'))?.code).toBe(
      `define('MAILPACE_API_TOKEN', '${PLACEHOLDER_TOKEN}'); // paste your API token here`,
    );
    expect(env.code).toContain('->Username = MAILPACE_API_TOKEN;');
    expect(env.code).not.toContain('getenv');
    expect(env.notes[0]).toMatch(/constant in wp-config\.php/);
    expect(findTarget('wordpress')!.render({ token: SPECIAL, inlineToken: true }).code).toContain(`$token = ${SQ};`);
    const inline = findTarget('wordpress')!.render({ token: SPECIAL, inlineToken: true });
    expect(inline.extra.some((f) => f.filename?.startsWith('wp-config.php'))).toBe(false);
  });
});

// Advisory CVE-2026-133751: require_tls can be bypassed in 7.3.x, 7.4 before 7.4.24,
// 8.0.x and 8.1 before 8.1.12. "7.3 or later" alone would send readers to a bypassable release.
describe('Symfony require_tls versions', () => {
  const starttls = { port: 587, security: 'starttls' } as Partial<SnippetInputs>;
  it.each([
    ['symfony', (o: SnippetOutput) => o.warnings],
    ['laravel', (o: SnippetOutput) => o.notes],
  ] as const)('%s names the fixed releases and the advisory', (id, lines) => {
    const text = lines(findTarget(id)!.render(starttls)).join('\n');
    expect(text).toContain('require_tls');
    for (const needed of ['7.4.24', '8.1.12', 'CVE-2026-133751']) expect(text).toContain(needed);
    expect(text).not.toMatch(/7\.3\+|7\.3 or later/);
  });
});
