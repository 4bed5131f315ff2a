import { bareAddress } from '../address';
import { headerHints, rawMessage } from '../message';
import { shellQuoted as sh } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenValue } from '../token';
import { lines } from '../text';

/** Debian's and Ubuntu's bundle of trusted CAs (ca-certificates package). */
const SYSTEM_CA_FILE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * Postfix as a local relay that forwards everything to MailPace. The map path comes
 * from Postfix itself (`$config_directory`, `postconf -h config_directory`), so the
 * same lines work wherever Postfix keeps its configuration.
 */
export const postfix = defineTarget({
  id: 'postfix',
  label: 'Postfix (relayhost)',
  language: 'ini',
  build(i) {
    const relay = `[${i.host}]:${i.port}`;
    // sasl_passwd lines are "destination user:password"; the token is both.
    const writeMap = i.inlineToken
      ? `printf '%s\\n' ${sh(`${relay} ${tokenValue(i)}:${tokenValue(i)}`)} | sudo tee "$map" > /dev/null`
      : `printf '%s %s:%s\\n' ${sh(relay)} "$${TOKEN_ENV}" "$${TOKEN_ENV}" | sudo tee "$map" > /dev/null`;
    const warnings = [
      'On 465 Postfix needs `smtp_tls_wrappermode = yes`; without it, it waits for a greeting that never comes in plain text. Do not set it for 587, 2525 or 25.',
      'Postfix authenticates through Cyrus SASL, whose PLAIN and LOGIN modules come in a separate package: `libsasl2-modules` on Debian and Ubuntu (`cyrus-sasl-plain` on Fedora and RHEL). Without it mail stays deferred with "no mechanism available".',
    ];
    if (/[\s:]/.test(tokenValue(i))) {
      warnings.push('Your token contains a space or a colon, which a sasl_passwd line cannot carry: Postfix splits user and password at the first colon.');
    }
    return {
      filename: '/etc/postfix/main.cf',
      code: lines(
        '# [] sends everything to this host as is, with no MX lookup.',
        `relayhost = ${relay}`,
        'smtp_sasl_auth_enable = yes',
        'smtp_sasl_password_maps = hash:$config_directory/sasl_passwd',
        'smtp_sasl_security_options = noanonymous',
        '# secure: TLS, and a certificate valid for the relayhost name. "encrypt" would take',
        '# any certificate, so a man in the middle could collect your token.',
        'smtp_tls_security_level = secure',
        '# The CAs to trust (Debian/Ubuntu path; Fedora/RHEL: /etc/pki/tls/certs/ca-bundle.crt).',
        `smtp_tls_CAfile = ${SYSTEM_CA_FILE}`,
        i.security === 'tls' && ['# 465: TLS from the first byte instead of STARTTLS', 'smtp_tls_wrappermode = yes'],
      ),
      extra: [
        {
          filename: 'Credentials and a test message',
          language: 'bash',
          code: lines(
            !i.inlineToken && `: "\${${TOKEN_ENV}:?Set ${TOKEN_ENV} first}"`,
            '# AUTH needs the SASL modules: sudo apt-get install libsasl2-modules',
            '# The map lives next to main.cf (/etc/postfix/sasl_passwd on most systems).',
            'map="$(sudo postconf -h config_directory)/sasl_passwd"',
            '# Create the map readable by root only, then fill it.',
            'sudo install -m 600 /dev/null "$map"',
            writeMap,
            'sudo postmap "hash:$map"',
            'sudo postfix reload',
            '',
            '# Postfix passes on the headers your application writes, MailPace ones included.',
            headerHints(i, '#', (l) => l),
            '# -f puts your From address on the envelope too (the default is user@this-host).',
            `/usr/sbin/sendmail -t -f ${sh(bareAddress(i.from))} <<'EOF'`,
            rawMessage(i),
            'EOF',
          ),
        },
      ],
      notes: [
        'Add the main.cf lines to your existing main.cf. Where it already sets one of them (Debian\'s has an empty `relayhost =` and often `smtp_tls_security_level=may`), change that line instead: Postfix uses the last one and warns about the other.',
        'Mail that Postfix cannot hand over waits in its queue: `postqueue -p` shows why, `postqueue -f` retries now.',
      ],
      warnings,
    };
  },
});
