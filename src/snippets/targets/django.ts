import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

export const django = defineTarget({
  id: 'django',
  label: 'Django',
  language: 'python',
  build(i) {
    const tls = i.security === 'tls';
    return {
      filename: 'settings.py',
      code: lines(
        !i.inlineToken && 'import os',
        !i.inlineToken && '',
        "EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'",
        `EMAIL_HOST = ${q(i.host)}`,
        `EMAIL_PORT = ${i.port}`,
        `EMAIL_HOST_USER = ${tokenCode(i, (env) => `os.environ[${q(env)}]`, q)}`,
        'EMAIL_HOST_PASSWORD = EMAIL_HOST_USER  # the same API token',
        tls
          ? ['EMAIL_USE_TLS = False', 'EMAIL_USE_SSL = True  # TLS from the first byte (465)']
          : ['EMAIL_USE_TLS = True  # STARTTLS', 'EMAIL_USE_SSL = False'],
        'EMAIL_TIMEOUT = 10  # seconds; without it a blocked port hangs the request',
        `DEFAULT_FROM_EMAIL = ${q(i.from)}`,
      ),
      extra: [
        {
          filename: 'send_example.py',
          language: 'python',
          code: lines(
            'from django.core.mail import EmailMessage',
            '',
            'EmailMessage(',
            `    subject=${q(SUBJECT)},`,
            `    body=${q(BODY)},`,
            `    to=[${q(i.to)}],`,
            '    headers={',
            indent('        ', mailpaceHeaders(i).map((h) => maybeComment(h, '#', `${q(h.name)}: ${q(h.value)},`))),
            '    },',
            ').send()',
          ),
        },
      ],
      warnings: [
        '`EMAIL_USE_TLS` (STARTTLS) and `EMAIL_USE_SSL` (TLS from the first byte) are exclusive: Django raises an error if both are True. Turn on only the one that matches the port.',
        "Use Django 4.2 or newer: from 4.2 the SMTP backend checks the server's certificate and host name. Django 4.1 and older (3.2 LTS included) give smtplib no SSL context, so any certificate is accepted and a machine in the middle could read the token.",
      ],
      notes: ['Written for Django 5; the settings names are the same back to Django 3.2.'],
    };
  },
});
