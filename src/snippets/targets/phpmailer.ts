import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';

export const phpmailer = defineTarget({
  id: 'phpmailer',
  label: 'PHPMailer',
  language: 'php',
  build(i) {
    return {
      filename: 'send.php',
      code: lines(
        '<?php',
        'use PHPMailer\\PHPMailer\\PHPMailer;',
        '',
        "require 'vendor/autoload.php';",
        '',
        `$token = ${tokenCode(i, (env) => `getenv(${q(env)})`, q)};`,
        '',
        '$mail = new PHPMailer(true); // true: throw on failure',
        '$mail->isSMTP();',
        `$mail->Host = ${q(i.host)};`,
        `$mail->Port = ${i.port};`,
        i.security === 'tls'
          ? '$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; // TLS from the first byte (465)'
          : '$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;',
        '$mail->SMTPAuth = true;',
        '$mail->Username = $token; // the API token is both user name and password',
        '$mail->Password = $token;',
        '',
        `$mail->setFrom(${q(i.from)});`,
        `$mail->addAddress(${q(i.to)});`,
        `$mail->Subject = ${q(SUBJECT)};`,
        `$mail->Body = ${q(BODY)};`,
        mailpaceHeaders(i).map((h) => maybeComment(h, '//', `$mail->addCustomHeader(${q(h.name)}, ${q(h.value)});`)),
        '$mail->send();',
      ),
      warnings: ['`ENCRYPTION_SMTPS` is for port 465 only; on 587, 2525 or 25 use `ENCRYPTION_STARTTLS`.'],
      notes: ['Install with `composer require phpmailer/phpmailer`, then run `php send.php`.'],
    };
  },
});
