import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

/** A complete script using only the standard library. */
export const pythonSmtplib = defineTarget({
  id: 'python-smtplib',
  label: 'Python (smtplib)',
  language: 'python',
  build(i) {
    const tls = i.security === 'tls';
    return {
      filename: 'send.py',
      code: lines(
        !i.inlineToken && 'import os',
        'import smtplib',
        'import ssl',
        'from email.message import EmailMessage',
        '',
        `token = ${tokenCode(i, (env) => `os.environ[${q(env)}]`, q)}`,
        '',
        'msg = EmailMessage()',
        `msg['From'] = ${q(i.from)}`,
        `msg['To'] = ${q(i.to)}`,
        `msg['Subject'] = ${q(SUBJECT)}`,
        mailpaceHeaders(i).map((h) => maybeComment(h, '#', `msg[${q(h.name)}] = ${q(h.value)}`)),
        `msg.set_content(${q(BODY)})`,
        '',
        'context = ssl.create_default_context()  # checks the certificate and host name',
        '# timeout=30: give up after 30 s of silence instead of hanging on a blocked port',
        tls
          ? [
              '# SMTP_SSL: TLS from the first byte (port 465)',
              `with smtplib.SMTP_SSL(${q(i.host)}, ${i.port}, context=context, timeout=30) as smtp:`,
            ]
          : [
              `with smtplib.SMTP(${q(i.host)}, ${i.port}, timeout=30) as smtp:`,
              '    smtp.starttls(context=context)  # encrypt before the token is sent',
            ],
        indent('    ', ['smtp.login(token, token)  # the API token is both user name and password', 'smtp.send_message(msg)']),
        "print('Sent')",
      ),
      warnings: tls
        ? []
        : ['`smtplib.SMTP` never upgrades by itself: without the `starttls()` call the token would travel unencrypted.'],
      notes: ['Run with `python3 send.py` (Python 3.8 or newer).'],
    };
  },
});
