import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { elixirString as ex } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';

export const phoenixSwoosh = defineTarget({
  id: 'phoenix-swoosh',
  label: 'Phoenix (Swoosh)',
  language: 'elixir',
  build(i) {
    const token = tokenCode(i, (env) => `System.fetch_env!(${ex(env)})`, ex);
    return {
      filename: 'config/runtime.exs',
      code: lines(
        'import Config',
        '',
        'config :my_app, MyApp.Mailer,',
        '  adapter: Swoosh.Adapters.SMTP,',
        `  relay: ${ex(i.host)},`,
        `  port: ${i.port},`,
        '  # The API token is both user name and password.',
        `  username: ${token},`,
        `  password: ${token},`,
        '  auth: :always,',
        i.security === 'tls'
          ? ['  # TLS from the first byte (465); no STARTTLS inside it', '  ssl: true,', '  tls: :never']
          : ['  # STARTTLS, and refuse to continue without it', '  ssl: false,', '  tls: :always'],
      ),
      extra: [
        {
          filename: 'lib/my_app/notifier.ex (excerpt)',
          language: 'elixir',
          code: lines(
            'import Swoosh.Email',
            '',
            'new()',
            `|> from(${ex(i.from)})`,
            `|> to(${ex(i.to)})`,
            `|> subject(${ex(SUBJECT)})`,
            `|> text_body(${ex(BODY)})`,
            mailpaceHeaders(i).map((h) => maybeComment(h, '#', `|> header(${ex(h.name)}, ${ex(h.value)})`)),
            '|> MyApp.Mailer.deliver()',
          ),
        },
      ],
      warnings: ['`ssl: true` is for port 465 only; on 587, 2525 or 25 use `tls: :always` with `ssl: false`.'],
      notes: [
        'The SMTP adapter needs `{:gen_smtp, "~> 1.2"}` in your deps.',
        'On OTP 26 or newer, if the handshake fails certificate checks, pass `tls_options` (STARTTLS) or `sockopts` (465) with `verify: :verify_peer` and `cacerts: :public_key.cacerts_get()`.',
      ],
    };
  },
});
