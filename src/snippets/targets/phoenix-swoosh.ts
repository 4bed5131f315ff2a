import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { elixirString as ex } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';

/**
 * Erlang `ssl` client options that check the server's certificate and that it names
 * `host`. gen_smtp passes them to `ssl:connect`: as `tls_options` for the STARTTLS
 * upgrade, as `sockopts` when the connection is TLS from the start (`ssl: true`).
 * Without them gen_smtp sends its own defaults (`{depth, 0}`, no CA certificates): OTP 26+
 * verifies by default and fails there, and older OTP connects without checking anything.
 */
export function erlangTlsOptions(host: string): string[] {
  return [
    'versions: [:"tlsv1.2", :"tlsv1.3"],',
    'verify: :verify_peer,',
    'cacerts: :public_key.cacerts_get(),',
    `server_name_indication: ~c${ex(host)},`,
    'depth: 99,',
    'customize_hostname_check: [',
    '  match_fun: :public_key.pkix_verify_hostname_match_fun(:https)',
    ']',
  ];
}

export const phoenixSwoosh = defineTarget({
  id: 'phoenix-swoosh',
  label: 'Phoenix (Swoosh)',
  language: 'elixir',
  build(i) {
    const token = tokenCode(i, (env) => `System.fetch_env!(${ex(env)})`, ex);
    const tls = i.security === 'tls';
    const verify = (key: string) => [
      '  # Check the certificate and that it names the relay; gen_smtp does neither by itself.',
      `  ${key}: [`,
      ...erlangTlsOptions(i.host).map((l) => `    ${l}`),
      '  ]',
    ];
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
        tls
          ? ['  # TLS from the first byte (465); no STARTTLS inside it', '  ssl: true,', '  tls: :never,', ...verify('sockopts')]
          : ['  # STARTTLS, and refuse to continue without it', '  ssl: false,', '  tls: :always,', ...verify('tls_options')],
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
      warnings: [
        '`ssl: true` is for port 465 only; on 587, 2525 or 25 use `tls: :always` with `ssl: false`.',
        tls
          ? 'With `ssl: true` the certificate options go in `sockopts`; gen_smtp ignores `tls_options` on this connection.'
          : 'With STARTTLS the certificate options go in `tls_options`; `sockopts` only shapes the plain connection before the upgrade.',
      ],
      notes: [
        'The SMTP adapter needs `{:gen_smtp, "~> 1.2"}` in your deps.',
        '`:public_key.cacerts_get/0` (the operating system\'s CA certificates) needs OTP 25 or newer; on older OTP, pass `cacertfile:` (for example from the castore package) instead of `cacerts:`.',
      ],
    };
  },
});
