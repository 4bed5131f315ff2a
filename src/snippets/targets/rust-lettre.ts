import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';

/** The first lettre release with `MessageBuilder::raw_header` (its changelog, v0.11.19). */
export const LETTRE_VERSION = '0.11.19';

/**
 * A complete program for lettre 0.11.19 or newer (default features).
 *
 * The MailPace headers are set on the builder with `raw_header`, which takes a
 * `HeaderValue` made from a `HeaderName` and the value; `HeaderValue::new` encodes the
 * value (RFC 2047 for non-ASCII, line folding) so a typed value cannot forge a header.
 */
export const rustLettre = defineTarget({
  id: 'rust-lettre',
  label: 'Rust (lettre)',
  language: 'rust',
  build(i) {
    const tls = i.security === 'tls';
    const headerLines = mailpaceHeaders(i).map((h) =>
      maybeComment(
        h,
        '//',
        `.raw_header(HeaderValue::new(HeaderName::new_from_ascii_str(${dq(h.name)}), String::from(${dq(h.value)})))`,
      ),
    );
    // Imported only when a header line is live, so the default snippet builds without an unused-import warning.
    const headerUse = 'use lettre::message::header::{HeaderName, HeaderValue};';
    const anyLive = mailpaceHeaders(i).some((h) => !h.example);
    return {
      filename: 'src/main.rs',
      code: lines(
        anyLive ? headerUse : `// ${headerUse} // for the header lines below`,
        'use lettre::transport::smtp::authentication::Credentials;',
        'use lettre::{Message, SmtpTransport, Transport};',
        '',
        'fn main() -> Result<(), Box<dyn std::error::Error>> {',
        `    let token = ${tokenCode(i, (env) => `std::env::var(${dq(env)})?`, (t) => `String::from(${dq(t)})`)};`,
        '',
        '    let email = Message::builder()',
        `        .from(${dq(i.from)}.parse()?)`,
        `        .to(${dq(i.to)}.parse()?)`,
        `        .subject(${dq(SUBJECT)})`,
        headerLines.map((l) => `        ${l}`),
        `        .body(String::from(${dq(BODY)}))?;`,
        '',
        tls
          ? ['    // relay: TLS from the first byte (465)', `    let mailer = SmtpTransport::relay(${dq(i.host)})?`]
          : [
              '    // starttls_relay: plain connection, upgraded with STARTTLS before the token is sent',
              `    let mailer = SmtpTransport::starttls_relay(${dq(i.host)})?`,
            ],
        `        .port(${i.port})`,
        '        .credentials(Credentials::new(token.clone(), token)) // the API token is both',
        '        .build();',
        '    mailer.send(&email)?;',
        '    println!("sent");',
        '    Ok(())',
        '}',
      ),
      warnings: ['`SmtpTransport::relay` is TLS from the first byte (465); with 587, 2525 or 25 use `starttls_relay`.'],
      notes: [
        `Add \`lettre = "${LETTRE_VERSION}"\` to Cargo.toml (\`raw_header\` arrived in ${LETTRE_VERSION}), then \`cargo run\`.`,
        'Both relay builders verify the certificate and host name and time out after 60 s by default; `.timeout(Some(...))` changes that.',
      ],
    };
  },
});
