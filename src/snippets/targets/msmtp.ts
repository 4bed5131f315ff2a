import { bareAddress } from '../address';
import { headerHints, rawMessage } from '../message';
import { msmtpQuoted } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenValue } from '../token';
import { lines } from '../text';

/** An msmtp config file plus the command that sends one message with it. */
export const msmtp = defineTarget({
  id: 'msmtp',
  label: 'msmtp',
  language: 'ini',
  build(i) {
    const tls = i.security === 'tls';
    return {
      filename: 'msmtprc',
      code: lines(
        'defaults',
        'auth           on',
        'tls            on',
        'tls_trust_file system',
        '',
        'account        mailpace',
        `host           ${i.host}`,
        `port           ${i.port}`,
        // msmtp has no end-of-line comments, so the explanation gets its own line.
        tls ? ['# 465: TLS from the first byte, no STARTTLS', 'tls_starttls   off'] : 'tls_starttls   on',
        `from           ${bareAddress(i.from)}`,
        i.inlineToken
          ? [`user           ${msmtpQuoted(tokenValue(i))}`, `password       ${msmtpQuoted(tokenValue(i))}`]
          : [
              '# msmtp cannot read the user name from the environment: send.sh passes --user.',
              `passwordeval   "printenv ${TOKEN_ENV}"`,
            ],
        '',
        'account default : mailpace',
      ),
      extra: [
        {
          filename: 'send.sh',
          language: 'bash',
          code: lines(
            !i.inlineToken && `: "\${${TOKEN_ENV}:?Set ${TOKEN_ENV} first}"`,
            'chmod 600 msmtprc # msmtp refuses a config file with a password that others can read',
            headerHints(i, '#', (l) => l),
            `msmtp --file=msmtprc ${i.inlineToken ? '' : `--user="$${TOKEN_ENV}" `}--read-recipients <<'EOF'`,
            rawMessage(i),
            'EOF',
          ),
        },
      ],
      warnings: ['`tls_starttls on` is for 587, 2525 and 25; on 465 set `tls_starttls off`, or msmtp waits for a plain-text greeting.'],
      notes: ['Save the config as msmtprc next to send.sh and run `sh send.sh`. As ~/.msmtprc it becomes your default and `--file` can go.'],
    };
  },
});
