import { bareAddress } from '../address';
import { headerHints, rawMessage } from '../message';
import { shellQuoted as sh } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenValue } from '../token';
import { lines } from '../text';

/** A shell script: write the message with a heredoc, then upload it with curl. */
export const curl = defineTarget({
  id: 'curl',
  label: 'curl',
  language: 'bash',
  build(i) {
    const tls = i.security === 'tls';
    // curl splits --user at the first colon; the token is both user name and password.
    const user = i.inlineToken ? sh(`${tokenValue(i)}:${tokenValue(i)}`) : `"$${TOKEN_ENV}:$${TOKEN_ENV}"`;
    const warnings = ['Use `smtps://` only with 465; on 587, 2525 or 25 use `smtp://` with `--ssl-reqd`, which makes STARTTLS mandatory.'];
    if (tokenValue(i).includes(':')) warnings.push('Your token contains a colon, which curl would read as the end of the user name.');
    return {
      filename: 'send.sh',
      code: lines(
        !i.inlineToken && `: "\${${TOKEN_ENV}:?Set ${TOKEN_ENV} first}"`,
        '',
        '# The message: headers, a blank line, then the body.',
        headerHints(i, '#', (l) => l),
        "cat > message.eml <<'EOF'",
        rawMessage(i),
        'EOF',
        '',
        `curl --url ${sh(`${tls ? 'smtps' : 'smtp'}://${i.host}:${i.port}`)}${tls ? '' : ' --ssl-reqd'} \\`,
        `  --user ${user} \\`,
        `  --mail-from ${sh(bareAddress(i.from))} \\`,
        `  --mail-rcpt ${sh(bareAddress(i.to))} \\`,
        '  --upload-file message.eml --crlf',
      ),
      warnings,
    };
  },
});
