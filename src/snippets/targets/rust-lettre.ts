import { mailpaceHeaders } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';

/** A complete program for lettre 0.11 (default features). */
export const rustLettre = defineTarget({
  id: 'rust-lettre',
  label: 'Rust (lettre)',
  language: 'rust',
  build(i) {
    const tls = i.security === 'tls';
    const headerLines = mailpaceHeaders(i).map(
      (h) => `${h.example ? '// ' : ''}add_header(&mut email, ${dq(h.name)}, ${dq(h.value)});`,
    );
    const anyLive = mailpaceHeaders(i).some((h) => !h.example);
    return {
      filename: 'src/main.rs',
      code: lines(
        'use lettre::message::header::{HeaderName, HeaderValue};',
        'use lettre::transport::smtp::authentication::Credentials;',
        'use lettre::{Message, SmtpTransport, Transport};',
        '',
        'fn main() -> Result<(), Box<dyn std::error::Error>> {',
        `    let token = ${tokenCode(i, (env) => `std::env::var(${dq(env)})?`, (t) => `String::from(${dq(t)})`)};`,
        '',
        `    let ${anyLive ? 'mut ' : ''}email = Message::builder()`,
        `        .from(${dq(i.from)}.parse()?)`,
        `        .to(${dq(i.to)}.parse()?)`,
        `        .subject(${dq(SUBJECT)})`,
        `        .body(String::from(${dq(BODY)}))?;`,
        headerLines.map((l) => `    ${l}`),
        '',
        tls
          ? `    // relay: TLS from the first byte (465)\n    let mailer = SmtpTransport::relay(${dq(i.host)})?`
          : `    // starttls_relay: plain connection, upgraded with STARTTLS before the token is sent\n    let mailer = SmtpTransport::starttls_relay(${dq(i.host)})?`,
        `        .port(${i.port})`,
        '        .credentials(Credentials::new(token.clone(), token)) // the API token is both',
        '        .build();',
        '    mailer.send(&email)?;',
        '    println!("sent");',
        '    Ok(())',
        '}',
        '',
        '// lettre has no builder method for arbitrary headers, so they are added raw.',
        '#[allow(dead_code)]',
        'fn add_header(email: &mut Message, name: &\'static str, value: &str) {',
        '    let name = HeaderName::new_from_ascii_str(name);',
        '    email.headers_mut().insert_raw(HeaderValue::new(name, value.to_owned()));',
        '}',
      ),
      warnings: ['`SmtpTransport::relay` is TLS from the first byte (465); with 587, 2525 or 25 use `starttls_relay`.'],
      notes: ['Add `lettre = "0.11"` to Cargo.toml, then `cargo run`.'],
    };
  },
});
