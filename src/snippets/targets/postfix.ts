import { headerHints, rawMessage } from '../message';
import { shellQuoted as sh } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenValue } from '../token';
import { lines } from '../text';

/** Postfix as a local relay that forwards everything to MailPace. */
export const postfix = defineTarget({
  id: 'postfix',
  label: 'Postfix (relayhost)',
  language: 'ini',
  build(i) {
    const relay = `[${i.host}]:${i.port}`;
    const map = '/etc/postfix/sasl_passwd';
    // sasl_passwd lines are "destination user:password"; the token is both.
    const writeMap = i.inlineToken
      ? `printf '%s\\n' ${sh(`${relay} ${tokenValue(i)}:${tokenValue(i)}`)} | sudo tee ${map} > /dev/null`
      : `printf '%s %s:%s\\n' ${sh(relay)} "$${TOKEN_ENV}" "$${TOKEN_ENV}" | sudo tee ${map} > /dev/null`;
    const warnings = [
      'On 465 Postfix needs `smtp_tls_wrappermode = yes`; without it, it waits for a greeting that never comes in plain text. Do not set it for 587, 2525 or 25.',
    ];
    if (/[\s:]/.test(tokenValue(i))) {
      warnings.push('Your token contains a space or a colon, which a sasl_passwd line cannot hold.');
    }
    return {
      filename: '/etc/postfix/main.cf',
      code: lines(
        `relayhost = ${relay}`,
        'smtp_sasl_auth_enable = yes',
        `smtp_sasl_password_maps = hash:${map}`,
        'smtp_sasl_security_options = noanonymous',
        'smtp_tls_security_level = encrypt',
        i.security === 'tls' && ['# 465: TLS from the first byte instead of STARTTLS', 'smtp_tls_wrappermode = yes'],
      ),
      extra: [
        {
          filename: 'Credentials and a test message',
          language: 'bash',
          code: lines(
            !i.inlineToken && `: "\${${TOKEN_ENV}:?Set ${TOKEN_ENV} first}"`,
            '# Create the map readable by root only, then fill it.',
            `sudo install -m 600 /dev/null ${map}`,
            writeMap,
            `sudo postmap ${map}`,
            'sudo systemctl reload postfix',
            '',
            '# Postfix passes on the headers your application writes, MailPace ones included.',
            headerHints(i, '#', (l) => l),
            "sendmail -t <<'EOF'",
            rawMessage(i),
            'EOF',
          ),
        },
      ],
      warnings,
    };
  },
});
