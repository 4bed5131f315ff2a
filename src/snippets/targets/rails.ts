import { domainOf } from '../address';
import { mailpaceHeaders, maybeComment } from '../headers';
import { SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

export const rails = defineTarget({
  id: 'rails',
  label: 'Rails (Action Mailer)',
  language: 'ruby',
  build(i) {
    const token = tokenCode(i, (env) => `ENV.fetch(${q(env)})`, q);
    return {
      filename: 'config/environments/production.rb',
      code: lines(
        'Rails.application.configure do',
        '  config.action_mailer.delivery_method = :smtp',
        '  config.action_mailer.smtp_settings = {',
        `    address: ${q(i.host)},`,
        `    port: ${i.port},`,
        `    domain: ${q(domainOf(i.from))},`,
        `    user_name: ${token},`,
        `    password: ${token}, # the same API token`,
        '    authentication: :plain,',
        i.security === 'tls' ? '    tls: true # TLS from the first byte (465)' : '    enable_starttls: true # STARTTLS, required',
        '  }',
        `  config.action_mailer.default_options = { from: ${q(i.from)} }`,
        'end',
      ),
      extra: [
        {
          filename: 'app/mailers/welcome_mailer.rb',
          language: 'ruby',
          code: lines(
            'class WelcomeMailer < ApplicationMailer',
            '  def welcome(email)',
            indent('    ', mailpaceHeaders(i).map((h) => maybeComment(h, '#', `headers[${q(h.name)}] = ${q(h.value)}`))),
            `    mail(to: email, subject: ${q(SUBJECT)})`,
            '  end',
            'end',
          ),
        },
      ],
      warnings: [
        '`enable_starttls_auto` is the older setting: it upgrades only if the server offers STARTTLS and otherwise carries on in plain text. `enable_starttls: true` insists on it. Never combine either with `tls: true`.',
      ],
    };
  },
});
