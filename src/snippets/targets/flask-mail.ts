import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

/**
 * Flask-Mail gives smtplib no SSL context, and smtplib then checks no certificate at all
 * (true of 0.9.1, which Debian ships; an upstream pull request adding a context was still
 * open when this was written). So the snippet ships a small subclass that connects the
 * same way with a verifying context and a timeout.
 */
const VERIFIED_MAIL = lines(
  '"""Flask-Mail with certificate checks: Flask-Mail hands smtplib no SSL context,',
  'and smtplib then accepts any certificate. This connects the same way, verifying."""',
  'import smtplib',
  'import ssl',
  '',
  'from flask import current_app',
  'from flask_mail import Connection, Mail',
  '',
  '',
  'class VerifiedConnection(Connection):',
  '    def configure_host(self):',
  '        config = self.mail',
  '        context = ssl.create_default_context()  # checks the certificate and host name',
  '        if config.use_ssl:',
  '            host = smtplib.SMTP_SSL(config.server, config.port, context=context, timeout=30)',
  '        else:',
  '            host = smtplib.SMTP(config.server, config.port, timeout=30)',
  '            if config.use_tls:',
  '                host.starttls(context=context)',
  '        if config.username and config.password:',
  '            host.login(config.username, config.password)',
  '        return host',
  '',
  '',
  'class VerifiedMail(Mail):',
  '    def connect(self):',
  "        return VerifiedConnection(current_app.extensions['mail'])",
);

export const flaskMail = defineTarget({
  id: 'flask-mail',
  label: 'Flask-Mail',
  language: 'python',
  build(i) {
    const tls = i.security === 'tls';
    const token = tokenCode(i, (env) => `os.environ[${q(env)}]`, q);
    return {
      filename: 'app.py',
      code: lines(
        !i.inlineToken && 'import os',
        !i.inlineToken && '',
        'from flask import Flask',
        'from flask_mail import Message',
        '',
        'from verified_mail import VerifiedMail',
        '',
        'app = Flask(__name__)',
        'app.config.update(',
        `    MAIL_SERVER=${q(i.host)},`,
        `    MAIL_PORT=${i.port},`,
        tls
          ? ['    MAIL_USE_TLS=False,', '    MAIL_USE_SSL=True,  # TLS from the first byte (465)']
          : ['    MAIL_USE_TLS=True,  # STARTTLS', '    MAIL_USE_SSL=False,'],
        `    MAIL_USERNAME=${token},`,
        `    MAIL_PASSWORD=${token},  # the same API token`,
        `    MAIL_DEFAULT_SENDER=${q(i.from)},`,
        ')',
        'mail = VerifiedMail(app)  # Flask-Mail\'s Mail, with certificate checks',
        '',
        'with app.app_context():',
        '    mail.send(Message(',
        `        subject=${q(SUBJECT)},`,
        `        recipients=[${q(i.to)}],`,
        `        body=${q(BODY)},`,
        '        extra_headers={',
        indent('            ', mailpaceHeaders(i).map((h) => maybeComment(h, '#', `${q(h.name)}: ${q(h.value)},`))),
        '        },',
        '    ))',
      ),
      extra: [{ filename: 'verified_mail.py', language: 'python', code: VERIFIED_MAIL }],
      warnings: [
        'Set only one of `MAIL_USE_TLS` (STARTTLS) and `MAIL_USE_SSL` (port 465): the one that matches the port. With both on, Flask-Mail\'s own connection fails.',
        "Flask-Mail's own `Mail` checks no certificate: it gives smtplib no SSL context, so any server could pose as MailPace and read the token. Use the `VerifiedMail` from `verified_mail.py`.",
      ],
    };
  },
});
