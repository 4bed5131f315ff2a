import { bareAddress } from '../address';
import { mailpaceHeaders, maybeComment } from '../headers';
import { dotenvValue, singleQuoted as q } from '../quote';
import { REQUIRE_TLS_VERSIONS } from '../symfony-require-tls';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';
import { displayName } from './phpmailer';

// Laravel 11.36+ reads MAIL_SCHEME and hands it to Symfony Mailer as the DSN scheme, which
// takes only smtp or smtps. Older releases read MAIL_ENCRYPTION, a different setting.
export const laravel = defineTarget({
  id: 'laravel',
  label: 'Laravel (.env)',
  language: 'ini',
  build(i) {
    const tls = i.security === 'tls';
    // phpdotenv resolves ${NAME} from the real environment, so the token need not be in the file.
    const token = tokenCode(i, (env) => `"\${${env}}"`, dotenvValue);
    const name = displayName(i.from);
    return {
      filename: '.env',
      code: lines(
        'MAIL_MAILER=smtp',
        '# MAIL_SCHEME is a Symfony Mailer DSN scheme: smtp or smtps, never tls or ssl.',
        tls
          ? ['# smtps: TLS from the first byte (465)', 'MAIL_SCHEME=smtps']
          : ['# smtp: plain connection upgraded with STARTTLS', 'MAIL_SCHEME=smtp'],
        `MAIL_HOST=${i.host}`,
        `MAIL_PORT=${i.port}`,
        '# The API token is both user name and password.',
        `MAIL_USERNAME=${token}`,
        `MAIL_PASSWORD=${token}`,
        // Laravel builds the From header from these two; the address must be bare.
        `MAIL_FROM_ADDRESS=${dotenvValue(bareAddress(i.from))}`,
        `MAIL_FROM_NAME=${name ? dotenvValue(name) : '"${APP_NAME}"'}`,
      ),
      extra: [
        {
          filename: 'app/Mail/Welcome.php (inside your Mailable)',
          language: 'php',
          code: lines(
            'use Illuminate\\Mail\\Mailables\\Headers;',
            '',
            'public function headers(): Headers',
            '{',
            '    return new Headers(text: [',
            indent('        ', mailpaceHeaders(i).map((h) => maybeComment(h, '//', `${q(h.name)} => ${q(h.value)},`))),
            '    ]);',
            '}',
          ),
        },
      ],
      warnings: [
        '`MAIL_SCHEME` is not `MAIL_ENCRYPTION` renamed: it takes `smtp` or `smtps` only, and Symfony Mailer 7.2+ throws on `tls` or `ssl`.',
      ],
      notes: [
        `MAIL_SCHEME is read by Laravel 11.36 and later. Laravel 10 and older (and 11 before 11.36) read MAIL_ENCRYPTION instead: write \`MAIL_ENCRYPTION=${tls ? 'ssl' : 'tls'}\` in place of the MAIL_SCHEME line.`,
        ...(tls
          ? []
          : [
              `With \`smtp\`, Symfony Mailer uses STARTTLS when the server offers it but does not insist. Laravel passes the smtp mailer's settings to Symfony as DSN options, so you can add \`'require_tls' => true\` to it in config/mail.php (\`php artisan config:publish mail\`); it is enforced by ${REQUIRE_TLS_VERSIONS}.`,
            ]),
        'Run `php artisan config:clear` after editing .env if you cache configuration.',
      ],
    };
  },
});
