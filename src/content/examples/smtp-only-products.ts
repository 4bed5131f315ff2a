/**
 * Settings for products that only take SMTP details, built from the facts module so
 * the host and ports are never typed twice. Each string is the product's own config
 * format; src/content/examples/examples.test.ts parses every one of them.
 */
import { SMTP } from '../../../simulator/mailpace-facts.ts';

/** The token placeholder readers replace; both username and password take it. */
export const TOKEN = 'YOUR_MAILPACE_API_TOKEN';
export const FROM = 'hello@yourdomain.com';
const port = SMTP.defaultPort;
const tlsPort = SMTP.implicitTlsPort;

/** Ghost: config.production.json, `mail` section (Ghost hands `options` to Nodemailer). */
export const ghost = JSON.stringify(
  {
    mail: {
      transport: 'SMTP',
      from: `Your Site <${FROM}>`,
      options: {
        host: SMTP.host,
        port,
        secure: false, // false: STARTTLS after connecting; true only for port 465
        requireTLS: true, // without it, Nodemailer sends in plain text when STARTTLS is not offered
        auth: { user: TOKEN, pass: TOKEN },
      },
    },
  },
  null,
  2,
);

/**
 * GitLab (Linux package): /etc/gitlab/gitlab.rb, then `sudo gitlab-ctl reconfigure`.
 * Port 465: `smtp_enable_starttls_auto` upgrades only when STARTTLS is offered, and
 * GitLab documents no setting that insists on it, so TLS from the first byte it is.
 */
export const gitlab = `gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = "${SMTP.host}"
gitlab_rails['smtp_port'] = ${tlsPort}
gitlab_rails['smtp_user_name'] = "${TOKEN}"
gitlab_rails['smtp_password'] = "${TOKEN}"
gitlab_rails['smtp_domain'] = "yourdomain.com"
gitlab_rails['smtp_authentication'] = "login"
gitlab_rails['smtp_enable_starttls_auto'] = false
gitlab_rails['smtp_tls'] = true
gitlab_rails['smtp_openssl_verify_mode'] = 'peer'
gitlab_rails['gitlab_email_from'] = '${FROM}'
`;

/**
 * Discourse (standard Docker install): the env section of containers/app.yml. Port 465:
 * Discourse's STARTTLS setting becomes Action Mailer's `enable_starttls_auto`, which
 * upgrades only when offered; `DISCOURSE_SMTP_FORCE_TLS` is TLS from the first byte.
 */
export const discourse = `env:
  DISCOURSE_SMTP_ADDRESS: ${SMTP.host}
  DISCOURSE_SMTP_PORT: ${tlsPort}
  DISCOURSE_SMTP_USER_NAME: ${TOKEN}
  DISCOURSE_SMTP_PASSWORD: ${TOKEN}
  DISCOURSE_SMTP_ENABLE_START_TLS: false
  DISCOURSE_SMTP_FORCE_TLS: true
  DISCOURSE_NOTIFICATION_EMAIL: ${FROM}
`;

/** Keycloak: the realm's `smtpServer` object (realm export / admin REST API); values are strings. */
export const keycloak = JSON.stringify(
  {
    smtpServer: {
      host: SMTP.host,
      port: String(port),
      from: FROM,
      fromDisplayName: 'Your App',
      starttls: 'true',
      ssl: 'false',
      auth: 'true',
      user: TOKEN,
      password: TOKEN,
    },
  },
  null,
  2,
);

/** WP Mail SMTP: constants in wp-config.php, above the "stop editing" line. */
export const wpMailSmtp = `<?php
define( 'WPMS_ON', true );
define( 'WPMS_MAILER', 'smtp' );
define( 'WPMS_SMTP_HOST', '${SMTP.host}' );
define( 'WPMS_SMTP_PORT', ${port} );
define( 'WPMS_SSL', 'tls' ); // 'tls' means STARTTLS here; use 'ssl' with port ${tlsPort}
define( 'WPMS_SMTP_AUTH', true );
define( 'WPMS_SMTP_AUTOTLS', true );
define( 'WPMS_SMTP_USER', '${TOKEN}' );
define( 'WPMS_SMTP_PASS', '${TOKEN}' );
define( 'WPMS_MAIL_FROM', '${FROM}' );
define( 'WPMS_MAIL_FROM_FORCE', true );
`;

/** Supabase CLI: supabase/config.toml; the token comes from the environment, not the file. */
export const supabaseToml = `[auth.email.smtp]
enabled = true
host = "${SMTP.host}"
port = ${port}
user = "env(MAILPACE_API_TOKEN)"
pass = "env(MAILPACE_API_TOKEN)"
admin_email = "${FROM}"
sender_name = "Your App"
`;
