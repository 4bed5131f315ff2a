import { bareAddress } from '../address';
import { mailpaceHeaders } from '../headers';
import { BODY, SUBJECT } from '../message';
import { shellQuoted as sh } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenCode } from '../token';
import { lines } from '../text';

/** One complete swaks command. */
export const swaks = defineTarget({
  id: 'swaks',
  label: 'swaks',
  language: 'bash',
  build(i) {
    const token = tokenCode(i, (env) => `"$${env}"`, sh);
    const headers = mailpaceHeaders(i);
    // A commented line would end the backslash-continued command, so examples go above it.
    const examples = headers.filter((h) => h.example);
    return {
      filename: 'send.sh',
      code: lines(
        !i.inlineToken && `: "\${${TOKEN_ENV}:?Set ${TOKEN_ENV} first}"`,
        examples.length > 0 && '# Optional MailPace headers, for example:',
        examples.map((h) => `#   --add-header ${sh(`${h.name}: ${h.value}`)}`),
        `swaks --server ${sh(i.host)} --port ${i.port} ${i.security === 'tls' ? '--tls-on-connect' : '--tls'} --tls-verify \\`,
        `  --auth PLAIN --auth-user ${token} --auth-password ${token} \\`,
        `  --from ${sh(bareAddress(i.from))} --to ${sh(bareAddress(i.to))} \\`,
        `  --header ${sh(`From: ${i.from}`)} --header ${sh(`Subject: ${SUBJECT}`)} \\`,
        headers.filter((h) => !h.example).map((h) => `  --add-header ${sh(`${h.name}: ${h.value}`)} \\`),
        `  --body ${sh(BODY)}`,
      ),
      notes: [
        "`--tls-verify` makes swaks check the server's certificate, which it does not do by default: without it, anyone in the middle could read the token. swaks 20240103.0 and newer also check that the certificate is for the server's host name; older ones (Debian 12 ships 20201014.0) check only that a trusted authority signed it, so a certificate for another name passes. Where that matters, use a newer swaks or the curl snippet, which checks both.",
      ],
      warnings: ['`--tls` means STARTTLS (587, 2525, 25); `--tls-on-connect` means TLS from the first byte (465). Swapping them hangs or fails the handshake.'],
    };
  },
});
