import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenCode } from '../token';
import { indent, lines } from '../text';

/**
 * Nodemailer turns a whole header value into RFC 2047 encoded words (`=?UTF-8?Q?…?=`)
 * as soon as it holds a double quote or something that looks like an encoded word,
 * even when it is plain ASCII; the tags or the unsubscribe value would then not arrive
 * as typed (the sandbox records them still encoded). Such ASCII values go out
 * `prepared`, i.e. byte for byte. Non-ASCII values keep Nodemailer's encoding, which
 * is the only standard way to put them in a header.
 */
function wouldBeEncoded(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value) && /"|=\?/.test(value);
}

/** A complete ESM script: `node send.mjs` sends one message. */
export const nodemailer = defineTarget({
  id: 'nodemailer',
  label: 'Node.js (Nodemailer)',
  language: 'javascript',
  build(i) {
    const tls = i.security === 'tls';
    const headers = mailpaceHeaders(i).map((h) =>
      maybeComment(
        h,
        '//',
        wouldBeEncoded(h.value)
          ? `${q(h.name)}: { prepared: true, value: ${q(h.value)} }, // as written: Nodemailer would MIME-encode it`
          : `${q(h.name)}: ${q(h.value)},`,
      ),
    );
    return {
      filename: 'send.mjs',
      code: lines(
        "import nodemailer from 'nodemailer';",
        '',
        `const token = ${tokenCode(i, (env) => `process.env.${env}`, q)};`,
        !i.inlineToken && `if (!token) throw new Error('Set ${TOKEN_ENV} first');`,
        '',
        'const transporter = nodemailer.createTransport({',
        `  host: ${q(i.host)},`,
        `  port: ${i.port},`,
        tls
          ? '  secure: true, // TLS from the first byte'
          : [
              '  secure: false, // the connection starts in plain text…',
              '  requireTLS: true, // …and must be upgraded with STARTTLS before the token is sent',
            ],
        '  auth: { user: token, pass: token }, // the API token is both user name and password',
        '});',
        '',
        'const info = await transporter.sendMail({',
        `  from: ${q(i.from)},`,
        `  to: ${q(i.to)},`,
        `  subject: ${q(SUBJECT)},`,
        `  text: ${q(BODY)},`,
        '  headers: {',
        indent('    ', headers),
        '  },',
        '});',
        "console.log('Sent', info.messageId);",
      ),
      warnings: [
        '`secure: true` means TLS from the first byte and only works on port 465. On 587, 2525 or 25 keep `secure: false` and add `requireTLS: true`, or the handshake fails.',
      ],
      notes: ['Install with `npm install nodemailer`, then run `node send.mjs`.'],
    };
  },
});
