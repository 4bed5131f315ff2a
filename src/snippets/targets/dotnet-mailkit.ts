import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenCode } from '../token';
import { lines } from '../text';

/** A complete top-level C# program using MailKit. */
export const dotnetMailkit = defineTarget({
  id: 'dotnet-mailkit',
  label: '.NET (MailKit)',
  language: 'csharp',
  build(i) {
    return {
      filename: 'Program.cs',
      code: lines(
        'using MailKit.Net.Smtp;',
        'using MailKit.Security;',
        'using MimeKit;',
        '',
        `var token = ${tokenCode(
          i,
          // `is { Length: > 0 }` also refuses an empty variable, which would only earn a bare 535.
          (env) => `Environment.GetEnvironmentVariable(${dq(env)}) is { Length: > 0 } value\n    ? value\n    : throw new InvalidOperationException("Set ${TOKEN_ENV} to your MailPace API token");`,
          (t) => `${dq(t)};`,
        )}`,
        '',
        'var message = new MimeMessage();',
        `message.From.Add(MailboxAddress.Parse(${dq(i.from)}));`,
        `message.To.Add(MailboxAddress.Parse(${dq(i.to)}));`,
        `message.Subject = ${dq(SUBJECT)};`,
        `message.Body = new TextPart("plain") { Text = ${dq(BODY)} };`,
        mailpaceHeaders(i).map((h) => maybeComment(h, '//', `message.Headers.Add(${dq(h.name)}, ${dq(h.value)});`)),
        '',
        '// MailKit checks the certificate and host name by default: leave ServerCertificateValidationCallback unset.',
        'using var client = new SmtpClient();',
        i.security === 'tls'
          ? `client.Connect(${dq(i.host)}, ${i.port}, SecureSocketOptions.SslOnConnect); // TLS from the first byte`
          : `client.Connect(${dq(i.host)}, ${i.port}, SecureSocketOptions.StartTls);`,
        'client.Authenticate(token, token); // the API token is both user name and password',
        'client.Send(message);',
        'client.Disconnect(true);',
      ),
      warnings: [
        '`SslOnConnect` works only on 465 and `StartTls` only on 587, 2525 and 25. `StartTlsWhenAvailable` would quietly fall back to plain text.',
      ],
      notes: ['Add the package with `dotnet add package MailKit`. Use MailKit rather than System.Net.Mail.SmtpClient, which Microsoft no longer recommends.'],
    };
  },
});
