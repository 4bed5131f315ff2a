import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

/** A complete Java program using Jakarta Mail 2.x. */
export const jakartaMail = defineTarget({
  id: 'jakarta-mail',
  label: 'Jakarta Mail (Java)',
  language: 'java',
  build(i) {
    const prop = (name: string, value: string) => `props.put(${dq(`mail.smtp.${name}`)}, ${dq(value)});`;
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
        '',
        '        Properties props = new Properties();',
        indent('        ', [
          prop('host', i.host),
          prop('port', String(i.port)),
          prop('auth', 'true'),
          ...(i.security === 'tls'
            ? ['// TLS from the first byte (465)', prop('ssl.enable', 'true')]
            : ['// STARTTLS, and refuse to continue without it', prop('starttls.enable', 'true'), prop('starttls.required', 'true')]),
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
        '    }',
        '}',
      ),
      warnings: ['`mail.smtp.starttls.enable` without `mail.smtp.starttls.required` silently sends in plain text if the upgrade is not offered.'],
      notes: ['Jakarta Mail 2.x lives in the `jakarta.mail` package; `javax.mail` is the pre-2020 name of the same settings.'],
    };
  },
});
