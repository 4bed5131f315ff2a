/**
 * The Go (net/smtp) and Jakarta Mail snippets, run for real through the sandbox (see
 * snippet-harness.ts): rendered by their own target modules for the STARTTLS port and
 * the implicit-TLS port, token from MAILPACE_API_TOKEN and inline, run unchanged.
 *
 * Certificate checks stay on. Go trusts the sandbox certificate through SSL_CERT_FILE
 * (set by the harness); Java through a truststore made from the same file with keytool
 * and passed as -Djavax.net.ssl.trustStore.
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { targets, useSnippetSandbox, type RunContext, type Runner } from './snippet-harness.ts';
import { requireRuntime, runIn, succeeds } from './programs.ts';

const { go, jakartaMail, springBoot } = targets as Record<string, Runner['target']>;
const { GO_EMPTY_TOKEN_MESSAGE } = (await import(/* @vite-ignore */ `../../src/snippets/targets/${'go.ts'}`)) as {
  GO_EMPTY_TOKEN_MESSAGE: string;
};

/** Debian's libjakarta-mail-java: Jakarta Mail 2.0 and Jakarta Activation 2.0. */
const JAKARTA_JARS = ['/usr/share/java/jakarta-mail.jar', '/usr/share/java/jakarta-activation.jar'];
const CLASSPATH = [...JAKARTA_JARS, '.'].join(':');
const TRUSTSTORE = 'sandbox-truststore.p12';
const TRUSTSTORE_PASSWORD = 'sandbox-only';

const jarsPresent = () => JAKARTA_JARS.every((jar) => spawnSync('test', ['-r', jar]).status === 0);

beforeAll(() => {
  requireRuntime(succeeds('go', ['version']), 'Go', 'golang-go');
  requireRuntime(succeeds('javac', ['-version']) && succeeds('keytool', ['-help']), 'The JDK (javac, keytool)', 'default-jdk-headless');
  requireRuntime(jarsPresent(), 'Jakarta Mail', 'libjakarta-mail-java');
});

const s = useSnippetSandbox();

const goRunner: Runner = {
  target: go!,
  command: ['go', 'run', 'main.go'],
  // A private build cache, shared by this file's runs; no module download happens (stdlib only).
  env: (ctx) => ({
    GOCACHE: join(dirname(ctx.certFile), 'go-cache'),
    GOPATH: join(dirname(ctx.certFile), 'go-path'),
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
  }),
  timeoutMs: 120_000,
};

/** Compiles SendMail.java as a reader would, and makes a truststore holding only the sandbox certificate. */
async function prepareJava(dir: string, ctx: RunContext): Promise<void> {
  const steps: [string, string[]][] = [
    ['javac', ['-cp', CLASSPATH, 'SendMail.java']],
    [
      'keytool',
      ['-importcert', '-noprompt', '-alias', 'sandbox', '-file', ctx.certFile, '-keystore', TRUSTSTORE, '-storetype', 'PKCS12', '-storepass', TRUSTSTORE_PASSWORD],
    ],
  ];
  for (const [command, args] of steps) {
    const r = await runIn(command, args, dir, process.env, 60_000);
    if (r.code !== 0) throw new Error(`${command} failed:\n${r.output}`);
  }
}

const javaRunner: Runner = {
  target: jakartaMail!,
  // The certificate names localhost and 127.0.0.1, but Jakarta Mail 2.0's host name check
  // (mail.smtp.ssl.checkserveridentity) matches DNS names only, so the snippet dials a name.
  inputs: { host: 'localhost' },
  prepare: prepareJava,
  command: (ctx) => [
    'java',
    ...(ctx.trust ? [`-Djavax.net.ssl.trustStore=${TRUSTSTORE}`, `-Djavax.net.ssl.trustStorePassword=${TRUSTSTORE_PASSWORD}`] : []),
    '-cp',
    CLASSPATH,
    'SendMail',
  ],
  timeoutMs: 60_000,
};

/**
 * What Spring Boot does with application.properties, written out over Jakarta Mail 2.0:
 * MailSenderPropertiesConfiguration copies spring.mail.host/port/username/password to a
 * JavaMailSenderImpl and every spring.mail.properties.* entry into the session
 * properties; JavaMailSenderImpl then connects the "smtp" transport with host, port,
 * user name and password and sends. `${NAME}` resolves from the environment, as Spring's
 * Environment does. The snippet's Java excerpt is pasted in unchanged, with a minimal
 * MimeMessageHelper stand-in for the four setters it calls.
 */
const SPRING_SHIM = (excerpt: string) => `
import jakarta.mail.*;
import jakarta.mail.internet.*;
import java.io.*;
import java.util.*;
import java.util.regex.*;

public class SpringProperties {
    static final class JavaMailSender {
        final Properties app = new Properties();
        final Properties session = new Properties();

        JavaMailSender(String file) throws IOException {
            try (Reader in = new InputStreamReader(new FileInputStream(file), "UTF-8")) { app.load(in); }
            for (String key : app.stringPropertyNames()) {
                if (key.startsWith("spring.mail.properties.")) session.setProperty(key.substring("spring.mail.properties.".length()), get(key));
            }
        }

        String get(String key) {
            String raw = app.getProperty(key);
            if (raw == null) return null;
            Matcher m = Pattern.compile("[$][{]([^}]+)[}]").matcher(raw);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = System.getenv(m.group(1));
                if (value == null) throw new IllegalStateException("Could not resolve placeholder '" + m.group(1) + "'");
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            return m.appendTail(out).toString();
        }

        MimeMessage createMimeMessage() { return new MimeMessage(Session.getInstance(session)); }

        void send(MimeMessage message) throws MessagingException {
            message.saveChanges();
            try (Transport transport = message.getSession().getTransport("smtp")) {
                transport.connect(get("spring.mail.host"), Integer.parseInt(get("spring.mail.port")), get("spring.mail.username"), get("spring.mail.password"));
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
    }

    static final class MimeMessageHelper {
        final MimeMessage message;
        final String encoding;
        MimeMessageHelper(MimeMessage message, String encoding) { this.message = message; this.encoding = encoding; }
        void setFrom(String from) throws MessagingException { message.setFrom(new InternetAddress(from)); }
        void setTo(String to) throws MessagingException { message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to)); }
        void setSubject(String subject) throws MessagingException { message.setSubject(subject, encoding); }
        void setText(String text) throws MessagingException { message.setText(text, encoding); }
    }

    public static void main(String[] args) throws Exception {
        JavaMailSender mailSender = new JavaMailSender("src/main/resources/application.properties");
${excerpt}
        System.out.println("sent");
    }
}
`;

const springRunner: Runner = {
  target: springBoot!,
  inputs: javaRunner.inputs,
  async prepare(dir, ctx) {
    const excerpt = await readFile(join(dir, springBoot!.render({}).extra[0]!.filename!), 'utf8');
    await writeFile(join(dir, 'SpringProperties.java'), SPRING_SHIM(excerpt.replace(/^/gm, '        ')));
    const steps: [string, string[]][] = [
      ['javac', ['-cp', CLASSPATH, 'SpringProperties.java']],
      [
        'keytool',
        ['-importcert', '-noprompt', '-alias', 'sandbox', '-file', ctx.certFile, '-keystore', TRUSTSTORE, '-storetype', 'PKCS12', '-storepass', TRUSTSTORE_PASSWORD],
      ],
    ];
    for (const [command, args] of steps) {
      const r = await runIn(command, args, dir, process.env, 60_000);
      if (r.code !== 0) throw new Error(`${command} failed:\n${r.output}`);
    }
  },
  command: (ctx) => [
    'java',
    ...(ctx.trust ? [`-Djavax.net.ssl.trustStore=${TRUSTSTORE}`, `-Djavax.net.ssl.trustStorePassword=${TRUSTSTORE_PASSWORD}`] : []),
    '-cp',
    CLASSPATH,
    'SpringProperties',
  ],
  timeoutMs: 60_000,
};

describe('generated snippets deliver through the sandbox', () => {
  s.describeDeliveries('Go 1.19 net/smtp (go run main.go)', goRunner);
  s.describeDeliveries('Jakarta Mail 2.0 (Debian libjakarta-mail-java, javac + java)', javaRunner);
  s.describeDeliveries(
    "Spring Boot's properties applied as JavaMailSenderImpl does, over Jakarta Mail 2.0; Spring is not packaged in Debian",
    springRunner,
  );
});

// The snippet's warning: starttls.enable alone falls back to plain text only when STARTTLS
// is not offered; an upgrade that is offered but fails (here: an untrusted certificate) throws.
describe('Spring Boot: a failed STARTTLS handshake throws even without starttls.required', () => {
  it('does not send in plain text when the certificate is refused', async () => {
    const withoutRequired: Runner = {
      ...springRunner,
      async prepare(dir, ctx) {
        await springRunner.prepare!(dir, ctx);
        const file = join(dir, 'src/main/resources/application.properties');
        const text = await readFile(file, 'utf8');
        expect(text).toContain('starttls.required=true');
        await writeFile(file, text.replace(/^.*starttls\.required.*\n/m, ''));
      },
    };
    const r = await s.deliver(withoutRequired, 'starttls', 'env', false);
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toMatch(/PKIX|certificate/i);
    expect(r.records).toEqual([]);
  });
});

describe('the Go snippet fails clearly', () => {
  it('stops with an explanatory message when MAILPACE_API_TOKEN is empty, before connecting', async () => {
    const r = await s.deliver({ ...goRunner, env: (ctx) => ({ ...goRunner.env!(ctx), MAILPACE_API_TOKEN: '' }) }, 'starttls', 'env');
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toContain(GO_EMPTY_TOKEN_MESSAGE);
    expect(r.records).toEqual([]);
  });
});

describe('the Jakarta Mail snippet checks the host name against the certificate', () => {
  it('refuses a certificate that does not name the host it dialled as a DNS name (here 127.0.0.1)', async () => {
    const r = await s.deliver(javaRunner, 'starttls', 'env', true, { host: '127.0.0.1' });
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toContain("Can't verify identity of server: 127.0.0.1");
    expect(r.records).toEqual([]);
  });
});

describe('certificate checks stay on: without the sandbox certificate trusted, the snippet refuses', () => {
  for (const runner of [goRunner, javaRunner]) {
    for (const mode of ['starttls', 'tls'] as const) {
      it(`${runner.target.label} over ${mode === 'tls' ? 'the implicit-TLS port' : 'the STARTTLS port'}`, async () => {
        const r = await s.deliver(runner, mode, 'env', false);
        expect(r.code, r.output).not.toBe(0);
        expect(r.output).toMatch(/certificate|PKIX/i);
        expect(r.records).toEqual([]);
      });
    }
  }
});
