import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';

/** A complete script for the `mail` gem (which Action Mailer builds on). */
export const rubyMail = defineTarget({
  id: 'ruby-mail',
  label: 'Ruby (mail gem)',
  language: 'ruby',
  build(i) {
    return {
      filename: 'send.rb',
      code: lines(
        "require 'mail'",
        '',
        `token = ${tokenCode(i, (env) => `ENV.fetch(${q(env)})`, q)}`,
        '',
        'Mail.defaults do',
        '  delivery_method :smtp,',
        `                  address: ${q(i.host)},`,
        `                  port: ${i.port},`,
        '                  user_name: token,',
        '                  password: token, # the API token is both',
        '                  authentication: :plain,',
        i.security === 'tls'
          ? '                  tls: true # TLS from the first byte (465)'
          : '                  enable_starttls: true # STARTTLS, required',
        'end',
        '',
        'mail = Mail.new do',
        `  from    ${q(i.from)}`,
        `  to      ${q(i.to)}`,
        `  subject ${q(SUBJECT)}`,
        `  body    ${q(BODY)}`,
        'end',
        mailpaceHeaders(i).map((h) => maybeComment(h, '#', `mail[${q(h.name)}] = ${q(h.value)}`)),
        'mail.deliver!',
      ),
      warnings: ['`enable_starttls_auto` (the older name) falls back to plain text when STARTTLS is missing; prefer `enable_starttls: true`, and never set it together with `tls: true`.'],
      notes: [
        'Install with `gem install mail`, then run `ruby send.rb`.',
        "The gem checks the server's certificate and host name by default: leave `openssl_verify_mode` unset, never `'none'`.",
      ],
    };
  },
});
