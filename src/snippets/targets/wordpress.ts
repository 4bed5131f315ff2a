import { bareAddress } from '../address';
import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { PLACEHOLDER_TOKEN, TOKEN_ENV, tokenValue } from '../token';
import { indent, lines } from '../text';
import { displayName } from './phpmailer';

/**
 * A must-use plugin hooking phpmailer_init, so every wp_mail() goes through MailPace.
 *
 * The token does not come from getenv(): PHP-FPM starts workers with `clear_env = yes`
 * by default, so the web server's environment never reaches WordPress. Without the
 * inline option it is a constant in wp-config.php, the file WordPress already keeps its
 * database password in, and the reader pastes it there: like every target, the typed
 * token appears on the page only when "Inline the token" is on. With it, it is pasted
 * into the plugin.
 */
export const wordpress = defineTarget({
  id: 'wordpress',
  label: 'WordPress',
  language: 'php',
  build(i) {
    const tls = i.security === 'tls';
    const token = i.inlineToken ? q(tokenValue(i)) : TOKEN_ENV;
    const name = displayName(i.from);
    return {
      filename: 'wp-content/mu-plugins/mailpace-smtp.php',
      code: lines(
        '<?php',
        'add_action(\'phpmailer_init\', function ($phpmailer) {',
        i.inlineToken && `    $token = ${token};`,
        '    $phpmailer->isSMTP();',
        `    $phpmailer->Host = ${q(i.host)};`,
        `    $phpmailer->Port = ${i.port};`,
        tls
          ? "    $phpmailer->SMTPSecure = 'ssl'; // TLS from the first byte (465)"
          : "    $phpmailer->SMTPSecure = 'tls'; // STARTTLS, and PHPMailer stops if it fails",
        '    $phpmailer->SMTPAuth = true;',
        `    $phpmailer->Username = ${i.inlineToken ? '$token' : TOKEN_ENV}; // the API token is both user name and password`,
        `    $phpmailer->Password = ${i.inlineToken ? '$token' : TOKEN_ENV};`,
        '});',
        '',
        // wp_mail_from takes a bare address; the display name has its own filter.
        `add_filter('wp_mail_from', fn () => ${q(bareAddress(i.from))});`,
        name ? `add_filter('wp_mail_from_name', fn () => ${q(name)});` : false,
      ),
      extra: [
        ...(i.inlineToken
          ? []
          : [
              {
                filename: 'wp-config.php (above the "stop editing" line)',
                language: 'php' as const,
                code: `define(${q(TOKEN_ENV)}, ${q(PLACEHOLDER_TOKEN)}); // paste your API token here`,
              },
            ]),
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
        ...(i.inlineToken
          ? []
          : ['wp-config.php now holds the token, as it holds your database password: keep it out of version control and shared backups.']),
      ],
      tokenNote: `Paste your API token into the ${TOKEN_ENV} constant in wp-config.php. WordPress reads it from there, not from an environment variable: PHP-FPM clears the environment by default (clear_env = yes), so getenv() would come back empty.`,
      notes: [
        ...(i.inlineToken
          ? ['The token is pasted into the plugin. To keep it out of plugin code, turn the inline option off: the token then goes into wp-config.php as a constant.']
          : []),
        `Prefer an SMTP plugin? Enter host ${i.host}, port ${i.port}, encryption ${tls ? 'SSL' : 'TLS (STARTTLS)'}, authentication on, and your API token as both user name and password.`,
      ],
    };
  },
});
