import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq, propertiesValue } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';
import { javaMailProperties } from './jakarta-mail';

/** MailProperties.properties: each entry becomes a Jakarta Mail session property. */
export const SESSION_PREFIX = 'spring.mail.properties.';

/**
 * Spring Boot's `spring.mail.*` (MailProperties): host, port, username, password, and
 * the Jakarta Mail session properties the Jakarta Mail snippet uses, under
 * `spring.mail.properties.`; JavaMailSenderImpl hands those to the mail session as is.
 */
export const springBoot = defineTarget({
  id: 'spring-boot',
  label: 'Spring Boot',
  language: 'properties',
  build(i) {
    // ${NAME} is Spring's own placeholder syntax: it resolves from the environment at startup.
    const token = tokenCode(i, (env) => `\${${env}}`, propertiesValue);
    return {
      filename: 'src/main/resources/application.properties',
      code: lines(
        `spring.mail.host=${propertiesValue(i.host)}`,
        `spring.mail.port=${i.port}`,
        '# The API token is both user name and password.',
        `spring.mail.username=${token}`,
        `spring.mail.password=${token}`,
        '# Jakarta Mail session properties, passed through as they are',
        javaMailProperties(i.security).flatMap(([name, value, comment]) => [
          ...(comment ? [`# ${comment}`] : []),
          `${SESSION_PREFIX}${name}=${value}`,
        ]),
      ),
      extra: [
        {
          filename: 'Sending with the MailPace headers (JavaMailSender)',
          language: 'java',
          code: lines(
            'MimeMessage message = mailSender.createMimeMessage();',
            'MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");',
            `helper.setFrom(${dq(i.from)});`,
            `helper.setTo(${dq(i.to)});`,
            `helper.setSubject(${dq(SUBJECT)});`,
            `helper.setText(${dq(BODY)});`,
            mailpaceHeaders(i).map((h) => maybeComment(h, '//', `message.addHeader(${dq(h.name)}, ${dq(h.value)});`)),
            'mailSender.send(message);',
          ),
        },
      ],
      warnings: ['`starttls.enable` alone carries on in plain text when the server does not offer STARTTLS (a failed handshake still throws); `starttls.required=true` refuses to go on without it. Use `ssl.enable` only with port 465.'],
      notes: [
        'Needs `spring-boot-starter-mail`, which provides the `JavaMailSender` bean once `spring.mail.host` is set.',
        'Jakarta Mail waits forever by default; the three timeout properties (milliseconds) make a blocked port fail instead.',
      ],
    };
  },
});
