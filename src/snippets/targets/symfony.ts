import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { singleQuoted as q } from '../quote';
import { REQUIRE_TLS_VERSIONS } from '../symfony-require-tls';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenValue } from '../token';
import { lines } from '../text';
import { urlEncode } from '../urlencode';

export const symfony = defineTarget({
  id: 'symfony',
  label: 'Symfony Mailer (DSN)',
  language: 'yaml',
  build(i) {
    // smtps:// is TLS from the first byte; smtp:// upgrades with STARTTLS when offered,
    // and only require_tls turns "when offered" into "or fail" (see symfony-require-tls.ts).
    const starttls = i.security !== 'tls';
    const scheme = starttls ? 'smtp' : 'smtps';
    const address = `${i.host}:${i.port}${starttls ? '?require_tls=true' : ''}`;
    // The token sits in the user and password parts of a URL, so it must be URL-encoded.
    const main = i.inlineToken
      ? {
          filename: '.env.local',
          language: 'ini' as const,
          code: `MAILER_DSN=${scheme}://${urlEncode(tokenValue(i))}:${urlEncode(tokenValue(i))}@${address}`,
        }
      : {
          filename: 'config/packages/mailer.yaml',
          language: 'yaml' as const,
          code: lines(
            'framework:',
            '    mailer:',
            '        # urlencode: keeps characters such as / + = in the token from breaking the URL',
            `        dsn: '${scheme}://%env(urlencode:${TOKEN_ENV})%:%env(urlencode:${TOKEN_ENV})%@${address}'`,
          ),
        };
    return {
      ...main,
      extra: [
        {
          filename: 'src/Controller/WelcomeController.php (excerpt)',
          language: 'php',
          code: lines(
            'use Symfony\\Component\\Mime\\Email;',
            '',
            '$email = (new Email())',
            `    ->from(${q(i.from)})`,
            `    ->to(${q(i.to)})`,
            `    ->subject(${q(SUBJECT)})`,
            `    ->text(${q(BODY)});`,
            '$headers = $email->getHeaders();',
            mailpaceHeaders(i).map((h) => maybeComment(h, '//', `$headers->addTextHeader(${q(h.name)}, ${q(h.value)});`)),
            '$mailer->send($email); // $mailer: an injected MailerInterface',
          ),
        },
      ],
      warnings: [
        'Characters such as / + = @ : in a token must be URL-encoded inside a DSN; this snippet does that for you.',
        ...(starttls
          ? [
              `\`require_tls=true\` is enforced by ${REQUIRE_TLS_VERSIONS}. Versions before 7.3 ignore the option without a word: they use STARTTLS when the server offers it and otherwise carry on in plain text.`,
            ]
          : []),
      ],
      notes: [
        i.inlineToken
          ? 'Symfony keeps .env.local out of Git by default; the default config/packages/mailer.yaml reads MAILER_DSN.'
          : `Set ${TOKEN_ENV} in the environment (or in .env.local); the urlencode env processor (Symfony 7.1+) encodes it at runtime.`,
        "Alternative: the MailPace bridge (composer require symfony/mailpace-mailer) takes `mailpace+smtp://TOKEN@default` (587) or `mailpace+smtps://TOKEN@default` (465) and maps Symfony's TagHeader to X-MailPace-Tags.",
      ],
    };
  },
});
