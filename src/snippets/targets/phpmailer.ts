import { bareAddress } from '../address';
import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';

/**
 * "Jane Doe <jane@acme.io>" → "Jane Doe" (quotes removed); "" when there is no display name.
 * Exported for the other PHP targets (Laravel, WordPress), which also take name and address apart.
 */
export function displayName(address: string): string {
  const match = /^(.*?)<[^<>]+>\s*$/.exec(address);
  const name = (match?.[1] ?? '').trim();
  const quoted = /^"(.*)"$/.exec(name);
  return quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : name;
}

/**
 * setFrom() and addAddress() validate their first argument as a bare address and throw
 * on "Name <address>", so the display name goes in the second argument.
 */
function mailboxArgs(address: string): string {
  const name = displayName(address);
  return name ? `${q(bareAddress(address))}, ${q(name)}` : q(bareAddress(address));
}

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
        `$token = ${tokenCode(i, (env) => `getenv(${q(env)}) ?: throw new RuntimeException(${q(`Set ${env} first`)}); // getenv() gives false when unset`, q)};`,
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
        `$mail->setFrom(${mailboxArgs(i.from)});`,
        `$mail->addAddress(${mailboxArgs(i.to)});`,
        `$mail->Subject = ${q(SUBJECT)};`,
        `$mail->Body = ${q(BODY)};`,
        mailpaceHeaders(i).map((h) => maybeComment(h, '//', `$mail->addCustomHeader(${q(h.name)}, ${q(h.value)});`)),
        '$mail->send();',
      ),
      warnings: ['`ENCRYPTION_SMTPS` is for port 465 only; on 587, 2525 or 25 use `ENCRYPTION_STARTTLS`.'],
      notes: [
        'Install with `composer require phpmailer/phpmailer`, then run `php send.php` (PHP 8.0 or later).',
        '`new PHPMailer(true)` makes `send()` throw an `Exception` on failure, so a `try`/`catch` around it sees every error; without `true` it returns false instead and a `catch` never runs.',
      ],
    };
  },
});
