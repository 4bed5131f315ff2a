import { mailpaceHeaders, maybeComment } from '../headers';
import { dotenvValue, singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

export const laravel = defineTarget({
  id: 'laravel',
  label: 'Laravel (.env)',
  language: 'ini',
  build(i) {
    // phpdotenv resolves ${NAME} from the real environment, so the token need not be in the file.
    const token = tokenCode(i, (env) => `"\${${env}}"`, dotenvValue);
    return {
      filename: '.env',
      code: lines(
        'MAIL_MAILER=smtp',
        i.security === 'tls'
          ? ['# smtps: TLS from the first byte (465)', 'MAIL_SCHEME=smtps']
          : ['# smtp: plain connection upgraded with STARTTLS', 'MAIL_SCHEME=smtp'],
        `MAIL_HOST=${i.host}`,
        `MAIL_PORT=${i.port}`,
        '# The API token is both user name and password.',
        `MAIL_USERNAME=${token}`,
        `MAIL_PASSWORD=${token}`,
        `MAIL_FROM_ADDRESS=${dotenvValue(i.from)}`,
        'MAIL_FROM_NAME="${APP_NAME}"',
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
        'Laravel 11 and later read `MAIL_SCHEME`; `MAIL_ENCRYPTION` is the older name and is ignored unless your config/mail.php still refers to it.',
      ],
      notes: ['Run `php artisan config:clear` after editing .env if you cache configuration.'],
    };
  },
});
