import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

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
        'from flask_mail import Mail, Message',
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
        'mail = Mail(app)',
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
      warnings: ['Set only one of `MAIL_USE_TLS` (STARTTLS) and `MAIL_USE_SSL` (port 465); with both on the connection fails.'],
    };
  },
});
