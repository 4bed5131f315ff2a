/**
 * Named client scripts for the docs' example sessions. Only the client side is
 * written here: the server side is produced by running each script through the
 * protocol core at build time (see `Transcript.astro`), so the docs cannot drift
 * from the simulator.
 */
import { type FailureKnob } from '../../simulator/index.ts';
import { plainArgument } from '../terminal/encoding.ts';
// The terminal's own building blocks, so docs sessions and /example sessions log in alike.
import { DEFAULT_SCRIPT_CONTEXT as demo, authLoginLines, authPlainLines, helloLines } from '../terminal/examples.ts';

export interface ClientScript {
  port: 25 | 587 | 2525 | 465;
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
    port: 587,
    lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'],
  },
  'starttls-to-auth': {
    port: 587,
    lines: [...secureHello, ...authPlain],
  },
  'implicit-tls': {
    port: 465,
    lines: [...hello, 'STARTTLS', ...authPlain],
  },
  'auth-plain': {
    port: 587,
    lines: [...secureHello, ...authPlain, 'QUIT'],
  },
  'auth-plain-challenge': {
    port: 587,
    lines: [...secureHello, 'AUTH PLAIN', plainArgument(demo.token), 'QUIT'],
  },
  'auth-login': {
    port: 587,
    lines: [...secureHello, ...authLoginLines(demo), 'QUIT'],
  },
  'wrong-token': {
    port: 587,
    lines: [...secureHello, `AUTH PLAIN ${plainArgument('not-a-real-token')}`, 'QUIT'],
  },
  'mail-before-auth': {
    port: 587,
    lines: [...secureHello, 'MAIL FROM:<ada@example.com>', 'QUIT'],
  },
  'auth-before-tls': {
    port: 587,
    lines: [...hello, ...authPlain, 'QUIT'],
  },
  'domain-mismatch': {
    port: 587,
    lines: [...secureHello, ...authPlain, 'MAIL FROM:<ada@other.example>', 'RCPT TO:<bob@example.net>', 'DATA',
      ...message(['From: Ada <ada@other.example>', 'To: Bob <bob@example.net>', 'Subject: Wrong domain']), 'QUIT'],
  },
  'tags-and-unsubscribe': {
    port: 587,
    lines: [...secureHello, ...authPlain, ...envelope,
      ...message([...basicHeaders, 'X-MailPace-Tags: welcome, onboarding', 'X-List-Unsubscribe: <https://example.com/unsubscribe?u=42>, <mailto:unsubscribe@example.com>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click']), 'QUIT'],
  },
  'blocked-attachment': {
    port: 587,
    lines: [...secureHello, ...authPlain, ...envelope,
      ...message([...basicHeaders, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="part"'], [
        '--part', 'Content-Type: text/plain', '', 'The photo is attached.',
        '--part', 'Content-Type: image/jpeg', 'Content-Disposition: attachment; filename="image.001.jpeg"', 'Content-Transfer-Encoding: base64', '', '/9j/4AAQSkZJRg==',
        '--part--']), 'QUIT'],
  },
  'too-many-to': {
    port: 587,
    lines: [...secureHello, ...authPlain, ...envelope,
      ...message(['From: ada@example.com', `To: ${Array.from({ length: 51 }, (_, i) => `reader${i + 1}@example.net`).join(', ')}`, 'Subject: Too many']), 'QUIT'],
  },
  'blocked-recipient': {
    port: 587,
    failures: ['blocked'],
    lines: [...secureHello, ...authPlain, 'MAIL FROM:<ada@example.com>', 'RCPT TO:<bob@example.net>', 'QUIT'],
  },
  dkim: { port: 587, failures: ['dkim'], lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'] },
  plan: { port: 587, failures: ['plan'], lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'] },
  disabled: { port: 587, failures: ['disabled'], lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'] },
  rate: { port: 587, failures: ['rate'], lines: [...secureHello, ...authPlain, ...envelope, ...message(basicHeaders), 'QUIT'] },
} satisfies Record<string, ClientScript>;

export type ScriptName = keyof typeof scripts;
export const SCRIPTS: Readonly<Record<ScriptName, ClientScript>> = scripts;
