import { domainOf } from '../address';
import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

/**
 * Action Mailer (Rails 7+): the environment config, a mailer that sets the headers, and a
 * runner script that sends one message. `enable_starttls` and `tls` are read by the mail
 * gem underneath, not by Rails, so they work the same on Rails 6.1 with mail 2.7.1.
 */
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
            `    mail(to: email, subject: ${q(SUBJECT)}, body: ${q(BODY)})`,
            '  end',
            'end',
          ),
        },
        {
          filename: 'script/send_welcome.rb',
          language: 'ruby',
          code: lines('# Sends one message: bin/rails runner script/send_welcome.rb', `WelcomeMailer.welcome(${q(i.to)}).deliver_now`),
        },
      ],
      warnings: [
        '`enable_starttls_auto` is the older setting: it upgrades only if the server offers STARTTLS and otherwise carries on in plain text. `enable_starttls: true` insists on it. Never combine either with `tls: true`.',
        'The `app/mailers/application_mailer.rb` that Rails generates sets `default from: "from@example.com"`, and that wins over `default_options`: delete the line or put your sender there.',
      ],
      notes: [
        "The mail gem checks the server's certificate and host name by default: leave `openssl_verify_mode` unset, never `'none'`.",
      ],
    };
  },
});
