/**
 * How far our own tests go for each snippet target: "sent" means a test runs the
 * generated snippet with the named runtime and a message arrives at the local
 * sandbox; "checked" means the snippet's setting names and calls are pinned by unit
 * tests but nothing runs, because the runtime cannot be installed here.
 * The snippets page renders this, so readers know which snippets were exercised.
 */
export type TargetId =
  | 'nodemailer'
  | 'rails'
  | 'django'
  | 'laravel'
  | 'symfony'
  | 'phpmailer'
  | 'spring-boot'
  | 'python-smtplib'
  | 'dotnet-mailkit'
  | 'go'
  | 'phoenix-swoosh'
  | 'jakarta-mail'
  | 'rust-lettre'
  | 'ruby-mail'
  | 'wordpress'
  | 'postfix'
  | 'msmtp'
  | 'swaks'
  | 'curl'
  | 'flask-mail';

export type Verification =
  /** A test sends a message with this runtime; `how` names the versions. */
  | { kind: 'sent'; how: string }
  /** Only the snippet's text is checked; `how` says what is pinned and why nothing runs. */
  | { kind: 'checked'; how: string };

export const VERIFICATION: Readonly<Record<TargetId, Verification>> = {
  nodemailer: { kind: 'sent', how: 'Nodemailer 10 on Node.js 24.' },
  rails: {
    kind: 'sent',
    how: 'Action Mailer 6.1 with the mail gem 2.7 on Ruby 3.1 (Debian 12), in a minimal stand-in for a Rails app. The snippet is written for Rails 7; mail 2.7 already reads its enable_starttls and tls settings.',
  },
  django: {
    kind: 'sent',
    how: 'Django 3.2 on Python 3.11 (Debian 12). Django 3.2 checks no certificate (4.2 and later do), so this run proves the settings, not the verification.',
  },
  laravel: {
    kind: 'sent',
    how: "Laravel 11's mail set-up (.env read by phpdotenv, MAIL_SCHEME turned into a DSN) replayed over Symfony Mailer 5.4 on PHP 8.2; Laravel itself is not packaged for Debian 12.",
  },
  symfony: {
    kind: 'sent',
    how: "Symfony Mailer 5.4 on PHP 8.2 (Debian 12); the DSN goes through Symfony's own transport factory. 5.4 ignores require_tls, which the snippet sets for the releases that enforce it (7.4.24 and later, 8.1.12 and later).",
  },
  phpmailer: { kind: 'sent', how: 'PHPMailer 6.6 on PHP 8.2 (Debian 12).' },
  'spring-boot': {
    kind: 'sent',
    how: "Spring Boot itself is not installed: a stand-in for its JavaMailSender hands the generated spring.mail properties to Jakarta Mail 2.0 on Java 17, which sends the message.",
  },
  'python-smtplib': { kind: 'sent', how: "Python 3.11's smtplib." },
  'dotnet-mailkit': {
    kind: 'checked',
    how: 'MailKit calls pinned; not compiled, because neither .NET nor MailKit can be installed on our test machines.',
  },
  go: { kind: 'sent', how: "Go 1.19's net/smtp (Debian 12)." },
  'phoenix-swoosh': {
    kind: 'checked',
    how: 'The config is parsed by Elixir 1.14 and the adapter options are pinned; not run, because Swoosh and gen_smtp cannot be installed on our test machines.',
  },
  'jakarta-mail': { kind: 'sent', how: 'Jakarta Mail 2.0 on Java 17 (Debian 12).' },
  'rust-lettre': {
    kind: 'checked',
    how: 'The lettre API calls are pinned, and rustc type-checks the code against a stand-in crate with the signatures of lettre 0.11.19; not built against lettre itself, because no crates registry is reachable on our test machines.',
  },
  'ruby-mail': { kind: 'sent', how: 'The mail gem 2.7 on Ruby 3.1 (Debian 12).' },
  wordpress: { kind: 'sent', how: "WordPress 6.1's hook API, wp_mail() and bundled PHPMailer, on PHP 8.2 (Debian 12)." },
  postfix: { kind: 'sent', how: 'Postfix 3.7 relaying through the sandbox with the generated settings (Debian 12).' },
  msmtp: { kind: 'sent', how: 'msmtp 1.8 (Debian 12).' },
  swaks: { kind: 'sent', how: 'swaks 20201014 (Debian 12).' },
  curl: { kind: 'sent', how: 'curl 7.88 (Debian 12).' },
  'flask-mail': {
    kind: 'sent',
    how: "Flask-Mail 0.9 on Python 3.11 (Debian 12), through the snippet's VerifiedMail subclass, which refuses an untrusted certificate (Flask-Mail alone checks none).",
  },
};
