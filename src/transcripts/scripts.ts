/**
 * Named client scripts for the docs' example sessions. Only the client side is
 * written here: the server side is produced by running each script through the
 * protocol core at build time (see `Transcript.astro`), so the docs cannot drift
 * from the simulator.
 */
import type { FailureKnob } from '../../simulator/config.ts';
import { HEADERS, SEND_API, SMTP, type PublishedPortNumber } from '../../simulator/mailpace-facts.ts';
import { plainArgument } from '../terminal/encoding.ts';
// The terminal's own building blocks, so docs sessions and /example sessions log in alike.
import { DEFAULT_SCRIPT_CONTEXT as demo, authLoginLines, authPlainLines, helloLines } from '../terminal/examples.ts';

export interface ClientScript {
  port: PublishedPortNumber;
  lines: string[];
  failures?: FailureKnob[];
}

const hello = helloLines({ ...demo, portMode: 'implicit-tls' });
const secureHello = helloLines(demo);
const authPlain = authPlainLines(demo);

const message = (headers: string[], body: string[] = ['Hello from SMTP.']) => [...headers, '', ...body, '.'];
const basicHeaders = ['From: Ada <ada@example.com>', 'To: Bob <bob@example.net>', 'Subject: Hello over SMTP'];
const envelope = ['MAIL FROM:<ada@example.com>', 'RCPT TO:<bob@example.net>', 'DATA'];

const scripts = {
  'first-send': {
    port: SMTP.defaultPort,
    lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'],
  },
  'starttls-to-auth': {
    port: SMTP.defaultPort,
    lines: [...secureHello, ...authPlain],
  },
  'implicit-tls': {
    port: SMTP.implicitTlsPort,
    lines: [...hello, 'STARTTLS', ...authPlain],
  },
  'auth-plain': {
    port: SMTP.defaultPort,
    lines: [...secureHello, ...authPlain, 'QUIT'],
  },
  'auth-plain-challenge': {
    port: SMTP.defaultPort,
    lines: [...secureHello, 'AUTH PLAIN', plainArgument(demo.token), 'QUIT'],
  },
  'auth-login': {
    port: SMTP.defaultPort,
    lines: [...secureHello, ...authLoginLines(demo), 'QUIT'],
  },
  'wrong-token': {
    port: SMTP.defaultPort,
    lines: [...secureHello, `AUTH PLAIN ${plainArgument('not-a-real-token')}`, 'QUIT'],
  },
  'mail-before-auth': {
    port: SMTP.defaultPort,
    lines: [...secureHello, 'MAIL FROM:<ada@example.com>', 'QUIT'],
  },
  'auth-before-tls': {
    port: SMTP.defaultPort,
    lines: [...hello, ...authPlain, 'QUIT'],
  },
  'domain-mismatch': {
    port: SMTP.defaultPort,
    lines: [...secureHello, ...authPlain, 'MAIL FROM:<ada@other.example>', 'RCPT TO:<bob@example.net>', 'DATA',
      ...message(['From: Ada <ada@other.example>', 'To: Bob <bob@example.net>', 'Subject: Wrong domain']), 'QUIT'],
  },
  'tags-and-unsubscribe': {
    port: SMTP.defaultPort,
    lines: [...secureHello, ...authPlain, ...envelope,
      // The two headers MailPace documents for SMTP. No List-Unsubscribe-Post: MailPace publishes
      // nothing about it over SMTP, and the simulator drops it.
      ...message([...basicHeaders, `${HEADERS.tags}: welcome, onboarding`, `${HEADERS.unsubscribeIn}: <https://example.com/unsubscribe?u=42>, <mailto:unsubscribe@example.com>`]), 'QUIT'],
  },
  'blocked-attachment': {
    port: SMTP.defaultPort,
    lines: [...secureHello, ...authPlain, ...envelope,
      ...message([...basicHeaders, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="part"'], [
        '--part', 'Content-Type: text/plain', '', 'The photo is attached.',
        '--part', 'Content-Type: image/jpeg', 'Content-Disposition: attachment; filename="image.001.jpeg"', 'Content-Transfer-Encoding: base64', '', '/9j/4AAQSkZJRg==',
        '--part--']), 'QUIT'],
  },
  'too-many-to': {
    port: SMTP.defaultPort,
    lines: [...secureHello, ...authPlain, ...envelope,
      ...message(['From: ada@example.com', `To: ${Array.from({ length: SEND_API.maxToAddresses + 1 }, (_, i) => `reader${i + 1}@example.net`).join(', ')}`, 'Subject: Too many']), 'QUIT'],
  },
  'blocked-recipient': {
    port: SMTP.defaultPort,
    failures: ['blocked'],
    lines: [...secureHello, ...authPlain, 'MAIL FROM:<ada@example.com>', 'RCPT TO:<bob@example.net>', 'QUIT'],
  },
  dkim: { port: SMTP.defaultPort, failures: ['dkim'], lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'] },
  plan: { port: SMTP.defaultPort, failures: ['plan'], lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'] },
  disabled: { port: SMTP.defaultPort, failures: ['disabled'], lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'] },
  rate: { port: SMTP.defaultPort, failures: ['rate'], lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'] },
} satisfies Record<string, ClientScript>;

export type ScriptName = keyof typeof scripts;
export const SCRIPTS: Readonly<Record<ScriptName, ClientScript>> = scripts;
