// Snippets whose runtime is not available here (Spring Boot, Swoosh/gen_smtp, lettre,
// MailKit) are pinned to the names their libraries document, and the parts shared with
// the runnable Go and Jakarta Mail snippets (timeouts, host name checks) are pinned too.
// The sources each list comes from are named next to it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireProgram } from '../../../sandbox/test/programs.ts';
import type { SnippetInputs } from '../inputs';
import type { SnippetOutput } from '../target';
import { TOKEN_ENV } from '../token';
import { GO_EMPTY_TOKEN_MESSAGE } from './go';
import { dotnetMailkit, go, jakartaMail, phoenixSwoosh, rustLettre, springBoot } from './index';
import { LETTRE_VERSION } from './rust-lettre';

const allCode = (out: SnippetOutput) => [out.code, ...out.extra.map((f) => f.code)].join('\n');
const STARTTLS: Partial<SnippetInputs> = { port: 587 };
const TLS: Partial<SnippetInputs> = { port: 465 };
const LIVE_HEADERS: Partial<SnippetInputs> = { tags: 'a, b', listUnsubscribe: 'https://acme.io/u' };
/** Every shape a snippet takes: both TLS modes, env and inline token, headers live and examples. */
const VARIANTS: Partial<SnippetInputs>[] = [
  {},
  TLS,
  { ...LIVE_HEADERS },
  { ...TLS, ...LIVE_HEADERS, inlineToken: true, token: `a/b+c=d"e'f\\$x` },
  { tags: 'only-tags' },
];

/**
 * Jakarta Mail's SMTP provider properties used by the Java snippets, as its
 * com.sun.mail.smtp package documentation names them (same names in JavaMail 1.6 and
 * Angus Mail).
 */
const JAKARTA_SMTP_PROPERTIES = new Set([
  'mail.smtp.host',
  'mail.smtp.port',
  'mail.smtp.auth',
  'mail.smtp.starttls.enable',
  'mail.smtp.starttls.required',
  'mail.smtp.ssl.enable',
  'mail.smtp.ssl.checkserveridentity',
  'mail.smtp.connectiontimeout',
  'mail.smtp.timeout',
  'mail.smtp.writetimeout',
]);

/** Spring Boot's MailProperties (`@ConfigurationProperties(prefix = "spring.mail")`), relaxed-binding names. */
const SPRING_MAIL_PROPERTIES = new Set([
  'spring.mail.host',
  'spring.mail.port',
  'spring.mail.username',
  'spring.mail.password',
  'spring.mail.protocol',
  'spring.mail.default-encoding',
  'spring.mail.jndi-name',
  'spring.mail.ssl.enabled',
  'spring.mail.ssl.bundle',
]);

/** key=value lines of a .properties file (no continuation lines are generated). */
function parseProperties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((l) => l.trim() && !/^\s*[#!]/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const);
  return new Map(entries);
}

describe('Go (net/smtp, Go 1.19 standard library)', () => {
  it('times out instead of hanging: a dial timeout and a deadline on the connection', () => {
    for (const v of VARIANTS) {
      const code = go.render(v).code;
      expect(code).toContain('&net.Dialer{Timeout: 10 * time.Second}');
      expect(code).toMatch(/conn\.SetDeadline\(time\.Now\(\)\.Add\(/);
      expect(code).not.toContain('smtp.SendMail('); // no timeout, and no TLS-first connections
    }
  });

  it('checks the certificate: ServerName set, InsecureSkipVerify never', () => {
    for (const v of VARIANTS) {
      const code = go.render(v).code;
      expect(code).toContain('tlsConfig := &tls.Config{ServerName: host}');
      expect(code).not.toContain('InsecureSkipVerify');
    }
  });

  it('upgrades with StartTLS on the STARTTLS ports and dials TLS directly on 465', () => {
    const starttls = go.render(STARTTLS).code;
    expect(starttls).toContain('dialer.Dial("tcp", addr)');
    expect(starttls).toContain('c.StartTLS(tlsConfig)');
    expect(starttls).not.toContain('tls.DialWithDialer(');
    const tls = go.render(TLS).code;
    expect(tls).toContain('tls.DialWithDialer(dialer, "tcp", addr, tlsConfig)');
    expect(tls).not.toContain('StartTLS');
  });

  it('uses the documented net/smtp calls, with the token as user name and password', () => {
    const code = go.render().code;
    for (const call of ['smtp.NewClient(conn, host)', 'c.Auth(smtp.PlainAuth("", token, token, host))', 'c.Mail(from)', 'c.Rcpt(to)', 'c.Data()', 'c.Quit()']) {
      expect(code).toContain(call);
    }
  });

  it('stops with a clear message on an empty token variable (env form only)', () => {
    expect(go.render().code).toContain(`if token == "" {`);
    expect(go.render().code).toContain(GO_EMPTY_TOKEN_MESSAGE);
    expect(GO_EMPTY_TOKEN_MESSAGE).toContain(TOKEN_ENV);
    expect(go.render({ inlineToken: true, token: 'x' }).code).not.toContain('if token == ""');
  });
});

describe('Jakarta Mail', () => {
  it('sets only documented SMTP properties, with host name checks and timeouts on', () => {
    for (const v of VARIANTS) {
      const code = jakartaMail.render(v).code;
      const names = [...code.matchAll(/props\.put\("([^"]+)", "([^"]*)"\)/g)].map((m) => [m[1]!, m[2]!] as const);
      for (const [name] of names) expect(JAKARTA_SMTP_PROPERTIES, name).toContain(name);
      const props = new Map(names);
      expect(props.get('mail.smtp.ssl.checkserveridentity')).toBe('true');
      expect(props.get('mail.smtp.auth')).toBe('true');
      for (const t of ['connectiontimeout', 'timeout', 'writetimeout']) expect(Number(props.get(`mail.smtp.${t}`))).toBeGreaterThan(0);
      if (v.port === 465) {
        expect(props.get('mail.smtp.ssl.enable')).toBe('true');
        expect(props.has('mail.smtp.starttls.enable')).toBe(false);
      } else {
        expect(props.get('mail.smtp.starttls.enable')).toBe('true');
        expect(props.get('mail.smtp.starttls.required')).toBe('true');
        expect(props.has('mail.smtp.ssl.enable')).toBe(false);
      }
      expect(code).not.toMatch(/ssl\.trust|setHostnameVerifier|TrustManager/);
    }
  });

  it('imports the jakarta.mail packages and names the Maven coordinates for 2.0 and 2.1+', () => {
    const out = jakartaMail.render();
    expect(out.code).toContain('import jakarta.mail.*;');
    expect(out.code).toContain('import jakarta.mail.internet.*;');
    const notes = out.notes.join('\n');
    expect(notes).toContain('`com.sun.mail:jakarta.mail`'); // 2.0
    expect(notes).toContain('`jakarta.mail:jakarta.mail-api`'); // 2.1+ API
    expect(notes).toContain('`org.eclipse.angus:angus-mail`'); // 2.1+ implementation
    expect(notes).toContain('`javax.mail.*`');
    expect(notes).not.toMatch(/same settings/);
  });
});

describe('Spring Boot (spring.mail.*, MailProperties)', () => {
  it('uses only MailProperties keys and spring.mail.properties.* with documented Jakarta Mail names', () => {
    for (const v of VARIANTS) {
      const props = parseProperties(springBoot.render(v).code);
      for (const key of props.keys()) {
        if (key.startsWith('spring.mail.properties.')) expect(JAKARTA_SMTP_PROPERTIES, key).toContain(key.slice('spring.mail.properties.'.length));
        else expect(SPRING_MAIL_PROPERTIES, key).toContain(key);
      }
      for (const key of ['spring.mail.host', 'spring.mail.port', 'spring.mail.username', 'spring.mail.password']) expect(props.has(key), key).toBe(true);
      // Host and port go through MailProperties, which JavaMailSenderImpl passes to connect(); not as session properties.
      expect(props.has('spring.mail.properties.mail.smtp.host')).toBe(false);
      expect(props.get('spring.mail.properties.mail.smtp.ssl.checkserveridentity')).toBe('true');
      for (const t of ['connectiontimeout', 'timeout', 'writetimeout']) {
        expect(Number(props.get(`spring.mail.properties.mail.smtp.${t}`))).toBeGreaterThan(0);
      }
    }
  });

  it('sets the TLS mode per port and reads the token with a ${…} placeholder', () => {
    const starttls = parseProperties(springBoot.render(STARTTLS).code);
    expect(starttls.get('spring.mail.properties.mail.smtp.starttls.enable')).toBe('true');
    expect(starttls.get('spring.mail.properties.mail.smtp.starttls.required')).toBe('true');
    expect(starttls.has('spring.mail.properties.mail.smtp.ssl.enable')).toBe(false);
    const tls = parseProperties(springBoot.render(TLS).code);
    expect(tls.get('spring.mail.properties.mail.smtp.ssl.enable')).toBe('true');
    expect(tls.has('spring.mail.properties.mail.smtp.starttls.enable')).toBe(false);
    expect(starttls.get('spring.mail.username')).toBe(`\${${TOKEN_ENV}}`);
    expect(starttls.get('spring.mail.password')).toBe(`\${${TOKEN_ENV}}`);
  });

  it('sends through JavaMailSender with MimeMessageHelper and MimeMessage.addHeader', () => {
    const java = springBoot.render(LIVE_HEADERS).extra[0]!.code;
    for (const call of ['mailSender.createMimeMessage()', 'new MimeMessageHelper(message, "UTF-8")', 'helper.setFrom(', 'helper.setTo(', 'helper.setSubject(', 'helper.setText(', 'message.addHeader("X-MailPace-Tags", ', 'mailSender.send(message);']) {
      expect(java).toContain(call);
    }
  });
});

describe('Phoenix (Swoosh.Adapters.SMTP over gen_smtp)', () => {
  // The adapter's options are gen_smtp's (its README's relay options); Swoosh's SMTP
  // adapter documentation shows the certificate options below under these two keys.
  const ADAPTER_KEYS = ['adapter', 'relay', 'port', 'username', 'password', 'auth', 'ssl', 'tls', 'tls_options', 'sockopts'];
  // Erlang ssl client options, as in the adapter's "TLS options and certificate verification" example.
  const VERIFY = [
    'versions: [:"tlsv1.2", :"tlsv1.3"],',
    'verify: :verify_peer,',
    'cacerts: :public_key.cacerts_get(),',
    'depth: 99,',
    'customize_hostname_check: [',
    'match_fun: :public_key.pkix_verify_hostname_match_fun(:https)',
  ];

  it('uses only documented adapter keys', () => {
    for (const v of VARIANTS) {
      const config = phoenixSwoosh.render(v).code;
      const keys = [...config.matchAll(/^ {2}([a-z_]+): /gm)].map((m) => m[1]!);
      for (const key of keys) expect(ADAPTER_KEYS, key).toContain(key);
    }
  });

  it('verifies the certificate and host name under tls_options (STARTTLS) or sockopts (465)', () => {
    const starttls = phoenixSwoosh.render(STARTTLS).code;
    expect(starttls).toContain('  ssl: false,\n  tls: :always,');
    expect(starttls).toContain('  tls_options: [');
    expect(starttls).not.toContain('sockopts');
    const tls = phoenixSwoosh.render(TLS).code;
    expect(tls).toContain('  ssl: true,');
    expect(tls).toContain('  sockopts: [');
    expect(tls).not.toContain('tls_options');
    for (const code of [starttls, tls]) {
      for (const option of VERIFY) expect(code).toContain(option);
      expect(code).toContain('server_name_indication: ~c"smtp.mailpace.com",'); // a charlist, as ssl wants
      expect(code).not.toContain('verify_none');
    }
  });

  it('writes the host as an escaped charlist, so #{…} cannot interpolate', () => {
    expect(phoenixSwoosh.render({ host: 'a#{b}.test' }).code).toContain('server_name_indication: ~c"a\\#{b}.test",');
  });
});

describe(`Rust lettre (${LETTRE_VERSION}+)`, () => {
  it('sets the headers with MessageBuilder::raw_header, before .body(), on an immutable message', () => {
    const code = rustLettre.render(LIVE_HEADERS).code;
    expect(code).toContain('use lettre::message::header::{HeaderName, HeaderValue};');
    expect(code).toContain('.raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("X-MailPace-Tags"), String::from("a, b")))');
    expect(code.indexOf('.raw_header(')).toBeLessThan(code.indexOf('.body('));
    expect(code).toContain('let email = Message::builder()');
    expect(code).not.toMatch(/let mut email|headers_mut|insert_raw/);
  });

  it('uses the documented transport builders', () => {
    expect(rustLettre.render(STARTTLS).code).toContain('SmtpTransport::starttls_relay("smtp.mailpace.com")?');
    expect(rustLettre.render(TLS).code).toMatch(/SmtpTransport::relay\("smtp\.mailpace\.com"\)\?/);
    const code = rustLettre.render().code;
    for (const call of ['.port(587)', '.credentials(Credentials::new(token.clone(), token))', '.build();', 'mailer.send(&email)?;']) {
      expect(code).toContain(call);
    }
    expect(rustLettre.render().notes.join('\n')).toContain(`lettre = "${LETTRE_VERSION}"`);
  });

  // A stand-in crate with the signatures pinned above, as lettre's source declares them
  // (message/mod.rs, message/header/mod.rs, transport/smtp/transport.rs). rustc
  // type-checks every variant against it; no crates registry is needed.
  const STUB = String.raw`
    pub mod message {
      pub mod header {
        pub struct HeaderName(&'static str);
        impl HeaderName { pub const fn new_from_ascii_str(ascii: &'static str) -> Self { HeaderName(ascii) } }
        pub struct HeaderValue { pub name: HeaderName, pub raw_value: String }
        impl HeaderValue { pub fn new(name: HeaderName, raw_value: String) -> Self { HeaderValue { name, raw_value } } }
      }
      #[derive(Debug)] pub struct AddressError;
      impl std::fmt::Display for AddressError { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("address") } }
      impl std::error::Error for AddressError {}
      #[derive(Debug)] pub struct EmailError;
      impl std::fmt::Display for EmailError { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("email") } }
      impl std::error::Error for EmailError {}
      pub struct Mailbox;
      impl std::str::FromStr for Mailbox { type Err = AddressError; fn from_str(_: &str) -> Result<Self, AddressError> { Ok(Mailbox) } }
      pub trait IntoBody { fn into_body(self) -> Vec<u8>; }
      impl IntoBody for String { fn into_body(self) -> Vec<u8> { self.into_bytes() } }
      pub struct MessageBuilder;
      impl MessageBuilder {
        pub fn from(self, _mbox: Mailbox) -> Self { self }
        pub fn to(self, _mbox: Mailbox) -> Self { self }
        pub fn subject<S: Into<String>>(self, _subject: S) -> Self { self }
        pub fn raw_header(self, _raw_header: header::HeaderValue) -> Self { self }
        pub fn body<T: IntoBody>(self, _body: T) -> Result<crate::Message, EmailError> { Ok(crate::Message) }
      }
    }
    pub struct Message;
    impl Message { pub fn builder() -> message::MessageBuilder { message::MessageBuilder } }
    pub mod transport {
      pub mod smtp {
        pub mod authentication {
          pub struct Credentials;
          impl Credentials { pub fn new(_username: String, _password: String) -> Credentials { Credentials } }
        }
        #[derive(Debug)] pub struct Error;
        impl std::fmt::Display for Error { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("smtp") } }
        impl std::error::Error for Error {}
        pub struct SmtpTransportBuilder;
        impl SmtpTransportBuilder {
          pub fn port(self, _port: u16) -> Self { self }
          pub fn credentials(self, _credentials: authentication::Credentials) -> Self { self }
          pub fn build(self) -> SmtpTransport { SmtpTransport }
        }
        pub struct SmtpTransport;
        impl SmtpTransport {
          pub fn relay(_relay: &str) -> Result<SmtpTransportBuilder, Error> { Ok(SmtpTransportBuilder) }
          pub fn starttls_relay(_relay: &str) -> Result<SmtpTransportBuilder, Error> { Ok(SmtpTransportBuilder) }
        }
      }
    }
    pub use transport::smtp::SmtpTransport;
    pub trait Transport {
      type Ok;
      type Error;
      fn send(&self, message: &Message) -> Result<Self::Ok, Self::Error>;
    }
    impl Transport for SmtpTransport {
      type Ok = ();
      type Error = transport::smtp::Error;
      fn send(&self, _message: &Message) -> Result<(), transport::smtp::Error> { Ok(()) }
    }
  `;

  it('type-checks with rustc (warnings denied) against a stand-in crate with those signatures', () => {
    requireProgram('rustc', 'rustc');
    const dir = mkdtempSync(join(tmpdir(), 'lettre-stub-'));
    writeFileSync(join(dir, 'lettre.rs'), STUB);
    const rustc = (args: string[]) => execFileSync('rustc', ['--edition', '2021', '--emit=metadata', '--out-dir', dir, ...args], { cwd: dir, stdio: 'pipe' });
    rustc(['--crate-type', 'rlib', '--crate-name', 'lettre', 'lettre.rs']);
    VARIANTS.forEach((v, n) => {
      writeFileSync(join(dir, `main${n}.rs`), rustLettre.render(v).code);
      try {
        rustc(['-D', 'warnings', '--extern', `lettre=${join(dir, 'liblettre.rmeta')}`, `main${n}.rs`]);
      } catch (e) {
        throw new Error(`variant ${JSON.stringify(v)} does not compile:\n${(e as { stderr?: Buffer }).stderr?.toString()}`);
      }
    });
  });
});

describe('.NET MailKit', () => {
  it('connects with the documented SecureSocketOptions per port and authenticates with the token twice', () => {
    expect(dotnetMailkit.render(STARTTLS).code).toContain('client.Connect("smtp.mailpace.com", 587, SecureSocketOptions.StartTls);');
    expect(dotnetMailkit.render(TLS).code).toContain('client.Connect("smtp.mailpace.com", 465, SecureSocketOptions.SslOnConnect);');
    for (const v of VARIANTS) {
      const code = dotnetMailkit.render(v).code;
      expect(code).toContain('client.Authenticate(token, token);');
      expect(code).not.toMatch(/StartTlsWhenAvailable|SecureSocketOptions\.Auto|SecureSocketOptions\.None/);
    }
  });

  it('adds the headers with MimeMessage.Headers.Add(field, value)', () => {
    const code = dotnetMailkit.render(LIVE_HEADERS).code;
    expect(code).toContain('message.Headers.Add("X-MailPace-Tags", "a, b");');
    expect(code).toContain('message.Headers.Add("X-List-Unsubscribe", "<https://acme.io/u>");');
  });

  it('keeps certificate checks on: no validation callback, no revocation opt-out', () => {
    for (const v of VARIANTS) {
      const code = allCode(dotnetMailkit.render(v));
      expect(code).not.toMatch(/ServerCertificateValidationCallback\s*=/);
      expect(code).not.toMatch(/CheckCertificateRevocation\s*=\s*false/);
    }
  });
});
