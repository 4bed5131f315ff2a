import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenCode } from '../token';
import { indent, lines } from '../text';

/** Milliseconds; Jakarta Mail waits forever by default. */
export const JAVA_MAIL_TIMEOUT_MS = 10_000;

/**
 * The Jakarta Mail session properties for a connection, in order. Spring Boot's
 * snippet passes the same ones through `spring.mail.properties.*`.
 */
export type JavaMailProperty = readonly [name: string, value: string, comment?: string];

export function javaMailProperties(security: 'starttls' | 'tls'): JavaMailProperty[] {
  const timeout = String(JAVA_MAIL_TIMEOUT_MS);
  const mode: JavaMailProperty[] =
    security === 'tls'
      ? [['mail.smtp.ssl.enable', 'true', 'TLS from the first byte (465)']]
      : [
          ['mail.smtp.starttls.enable', 'true', 'STARTTLS, and refuse to continue without it'],
          ['mail.smtp.starttls.required', 'true'],
        ];
  return [
    ['mail.smtp.auth', 'true'],
    ...mode,
    ['mail.smtp.ssl.checkserveridentity', 'true', 'Check the certificate names this host (off by default before Angus Mail)'],
    ['mail.smtp.connectiontimeout', timeout, 'Give up instead of waiting forever (the default)'],
    ['mail.smtp.timeout', timeout],
    ['mail.smtp.writetimeout', timeout],
  ];
}

/** A complete Java program using Jakarta Mail 2.x. */
export const jakartaMail = defineTarget({
  id: 'jakarta-mail',
  label: 'Jakarta Mail (Java)',
  language: 'java',
  build(i) {
    const prop = (name: string, value: string) => `props.put(${dq(name)}, ${dq(value)});`;
    return {
      filename: 'SendMail.java',
      code: lines(
        'import jakarta.mail.*;',
        'import jakarta.mail.internet.*;',
        'import java.util.Properties;',
        '',
        'public class SendMail {',
        '    public static void main(String[] args) throws MessagingException {',
        `        String token = ${tokenCode(i, (env) => `System.getenv(${dq(env)})`, dq)};`,
        !i.inlineToken && [
          '        if (token == null || token.isEmpty()) {',
          `            throw new IllegalStateException(${dq(`Set ${TOKEN_ENV} to your MailPace API token`)});`,
          '        }',
        ],
        '',
        '        Properties props = new Properties();',
        indent('        ', [
          prop('mail.smtp.host', i.host),
          prop('mail.smtp.port', String(i.port)),
          ...javaMailProperties(i.security).flatMap(([name, value, comment]) => [
            ...(comment ? [`// ${comment}`] : []),
            prop(name, value),
          ]),
        ]),
        '',
        '        Session session = Session.getInstance(props, new Authenticator() {',
        '            @Override',
        '            protected PasswordAuthentication getPasswordAuthentication() {',
        '                return new PasswordAuthentication(token, token); // the API token is both',
        '            }',
        '        });',
        '',
        '        MimeMessage message = new MimeMessage(session);',
        `        message.setFrom(new InternetAddress(${dq(i.from)}));`,
        `        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(${dq(i.to)}));`,
        `        message.setSubject(${dq(SUBJECT)});`,
        `        message.setText(${dq(BODY)});`,
        indent('        ', mailpaceHeaders(i).map((h) => maybeComment(h, '//', `message.addHeader(${dq(h.name)}, ${dq(h.value)});`))),
        '        Transport.send(message);',
        '        System.out.println("sent");',
        '    }',
        '}',
      ),
      warnings: ['`mail.smtp.starttls.enable` without `mail.smtp.starttls.required` silently sends in plain text if the upgrade is not offered.'],
      notes: [
        'Maven: Jakarta Mail 2.0 is `com.sun.mail:jakarta.mail` (API and implementation in one jar). From Jakarta Mail 2.1 on, use the API `jakarta.mail:jakarta.mail-api` with the implementation `org.eclipse.angus:angus-mail`. Debian packages 2.0 as `libjakarta-mail-java`.',
        'Compile and run: `javac -cp jakarta-mail.jar SendMail.java`, then `java -cp jakarta-mail.jar:jakarta-activation.jar:. SendMail`.',
        'On JavaMail 1.6 (or Jakarta Mail 1.6) the property names are the same, but the classes are in the `javax.mail` packages: change the two imports to `javax.mail.*` and `javax.mail.internet.*`.',
      ],
    };
  },
});
