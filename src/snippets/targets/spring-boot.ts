import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq, propertiesValue } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { lines } from '../text';

export const springBoot = defineTarget({
  id: 'spring-boot',
  label: 'Spring Boot',
  language: 'properties',
  build(i) {
    // ${NAME} is Spring's own placeholder syntax: it resolves from the environment at startup.
    const token = tokenCode(i, (env) => `\${${env}}`, propertiesValue);
    const props = 'spring.mail.properties.mail.smtp';
    return {
      filename: 'src/main/resources/application.properties',
      code: lines(
        `spring.mail.host=${propertiesValue(i.host)}`,
        `spring.mail.port=${i.port}`,
        '# The API token is both user name and password.',
        `spring.mail.username=${token}`,
        `spring.mail.password=${token}`,
        `${props}.auth=true`,
        i.security === 'tls'
          ? ['# TLS from the first byte (465)', `${props}.ssl.enable=true`]
          : ['# STARTTLS, and refuse to continue without it', `${props}.starttls.enable=true`, `${props}.starttls.required=true`],
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
      warnings: ['`starttls.enable` alone falls back to plain text if the upgrade fails; `starttls.required=true` makes it mandatory. Use `ssl.enable` only with port 465.'],
    };
  },
});
