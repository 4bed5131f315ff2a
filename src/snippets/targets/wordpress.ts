import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

/** A must-use plugin hooking phpmailer_init, so every wp_mail() goes through MailPace. */
export const wordpress = defineTarget({
  id: 'wordpress',
  label: 'WordPress',
  language: 'php',
  build(i) {
    const tls = i.security === 'tls';
    return {
      filename: 'wp-content/mu-plugins/mailpace-smtp.php',
      code: lines(
        '<?php',
        'add_action(\'phpmailer_init\', function ($phpmailer) {',
        `    $token = ${tokenCode(i, (env) => `getenv(${q(env)})`, q)};`,
        '    $phpmailer->isSMTP();',
        `    $phpmailer->Host = ${q(i.host)};`,
        `    $phpmailer->Port = ${i.port};`,
        tls
          ? "    $phpmailer->SMTPSecure = 'ssl'; // TLS from the first byte (465)"
          : "    $phpmailer->SMTPSecure = 'tls'; // STARTTLS",
        '    $phpmailer->SMTPAuth = true;',
        '    $phpmailer->Username = $token; // the API token is both user name and password',
        '    $phpmailer->Password = $token;',
        '});',
        '',
        `add_filter('wp_mail_from', fn () => ${q(i.from)});`,
      ),
      extra: [
        {
          filename: 'Sending with the MailPace headers',
          language: 'php',
          code: lines(
            `wp_mail(${q(i.to)}, ${q(SUBJECT)}, ${q(BODY)}, [`,
            indent('    ', mailpaceHeaders(i).map((h) => maybeComment(h, '//', `${q(`${h.name}: ${h.value}`)},`))),
            ']);',
          ),
        },
      ],
      warnings: [
        "In PHPMailer (which WordPress uses) 'tls' means STARTTLS and 'ssl' means TLS from the first byte; 'ssl' works only on 465.",
      ],
      notes: [
        `Prefer an SMTP plugin? Enter host ${i.host}, port ${i.port}, encryption ${tls ? 'SSL' : 'TLS (STARTTLS)'}, authentication on, and your API token as both user name and password.`,
      ],
    };
  },
});
