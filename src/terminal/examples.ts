/**
 * Scripted sessions: the client lines `/example NAME` plays at typing speed, and
 * the building blocks presets use for their opening lines. Only client lines live
 * here; every reply comes from the protocol core when the lines are played.
 */
import { DEMO_DOMAIN, DEMO_TOKEN, type PortMode } from '../../simulator/config.ts';
import { HEADERS, SMTP } from '../../simulator/mailpace-facts.ts';
import { b64, plainArgument } from './encoding.ts';

export interface ScriptContext {
  portMode: PortMode;
  token: string;
  domain: string;
}

export const DEFAULT_SCRIPT_CONTEXT: ScriptContext = { portMode: 'starttls', token: DEMO_TOKEN, domain: DEMO_DOMAIN };

export const CLIENT_NAME = 'client.example.org';
export const RECIPIENT = 'someone@example.net';

/** EHLO, then STARTTLS and EHLO again where the port starts in plaintext. */
export function helloLines(ctx: ScriptContext): string[] {
  const hello = `EHLO ${CLIENT_NAME}`;
  return ctx.portMode === 'starttls' ? [hello, 'STARTTLS', hello] : [hello];
}

export function authPlainLines(ctx: ScriptContext): string[] {
  return [`AUTH PLAIN ${plainArgument(ctx.token)}`];
}

export function authLoginLines(ctx: ScriptContext): string[] {
  return ['AUTH LOGIN', b64(ctx.token), b64(ctx.token)];
}

export function envelopeLines(ctx: ScriptContext, to = RECIPIENT): string[] {
  return [`MAIL FROM:<hello@${ctx.domain}>`, `RCPT TO:<${to}>`, 'DATA'];
}

/** A plain text message with the headers MailPace needs, ended by the final dot. */
export function textMessage(ctx: ScriptContext, extraHeaders: string[] = [], subject = 'Hello from the simulator'): string[] {
  return [
    `From: Hello <hello@${ctx.domain}>`,
    `To: ${RECIPIENT}`,
    `Subject: ${subject}`,
    ...extraHeaders,
    '',
    'Hi there,',
    '',
    'this message went through a simulated MailPace server in your browser.',
    '.',
  ];
}

function htmlMessage(ctx: ScriptContext): string[] {
  return [
    `From: Hello <hello@${ctx.domain}>`,
    `To: ${RECIPIENT}`,
    'Subject: An HTML message',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt-boundary"',
    '',
    '--alt-boundary',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello in plain text.',
    '--alt-boundary',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<h1 style="color:#1f6feb">Hello</h1><p>This is the <strong>HTML</strong> part.</p>',
    '--alt-boundary--',
    '.',
  ];
}

/** A multipart message with one attachment; `name` decides whether MailPace accepts it. */
export function attachmentMessage(ctx: ScriptContext, name: string, mimeType = 'text/plain'): string[] {
  return [
    `From: Hello <hello@${ctx.domain}>`,
    `To: ${RECIPIENT}`,
    `Subject: A file for you`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed-boundary"',
    '',
    '--mixed-boundary',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The file is attached.',
    '--mixed-boundary',
    `Content-Type: ${mimeType}; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64('Quarterly numbers: 1, 2, 3\n'),
    '--mixed-boundary--',
    '.',
  ];
}

/** A message whose To header names `count` addresses, folded five to a line. */
export function manyRecipientsMessage(ctx: ScriptContext, count: number): string[] {
  const addresses = Array.from({ length: count }, (_, i) => `reader${i + 1}@example.net`);
  const rows: string[] = [];
  for (let i = 0; i < addresses.length; i += 5) rows.push(addresses.slice(i, i + 5).join(', '));
  const folded = rows.map((row, i) => (i === 0 ? `To: ${row}` : ` ${row}`) + (i < rows.length - 1 ? ',' : ''));
  return [`From: Hello <hello@${ctx.domain}>`, ...folded, 'Subject: Newsletter', '', 'Hello, everyone.'];
}

export interface Example {
  name: string;
  description: string;
  lines: (ctx: ScriptContext) => string[];
}

export const EXAMPLES: readonly Example[] = [
  {
    name: 'first-send',
    description: 'A whole session with AUTH PLAIN: hello, TLS, log in, send one message.',
    lines: (ctx) => [...helloLines(ctx), ...authPlainLines(ctx), ...envelopeLines(ctx), ...textMessage(ctx)],
  },
  {
    name: 'auth-login',
    description: 'The same with AUTH LOGIN: the token is sent twice, base64 encoded.',
    lines: (ctx) => [...helloLines(ctx), ...authLoginLines(ctx), ...envelopeLines(ctx), ...textMessage(ctx)],
  },
  {
    name: 'tags',
    description: `Tags and an unsubscribe header, plus a ${SMTP.droppedExample} that MailPace drops.`,
    lines: (ctx) => [
      ...helloLines(ctx),
      ...authPlainLines(ctx),
      ...envelopeLines(ctx),
      ...textMessage(ctx, [
        `${HEADERS.tags}: welcome, onboarding`,
        `${HEADERS.unsubscribeIn}: <https://example.com/unsubscribe?u=42>, <mailto:unsubscribe@example.com>`,
        `${SMTP.droppedExample}: <1234@client.example.org>`,
      ], 'Welcome aboard'),
    ],
  },
  {
    name: 'html',
    description: 'A message with a text and an HTML part.',
    lines: (ctx) => [...helloLines(ctx), ...authPlainLines(ctx), ...envelopeLines(ctx), ...htmlMessage(ctx)],
  },
  {
    name: 'attachment',
    description: 'A message with a small text file attached.',
    lines: (ctx) => [...helloLines(ctx), ...authPlainLines(ctx), ...envelopeLines(ctx), ...attachmentMessage(ctx, 'numbers.txt')],
  },
  {
    name: 'wrong-token',
    description: 'Logging in with a token that belongs to no domain: 535.',
    lines: (ctx) => [...helloLines(ctx), ...authPlainLines({ ...ctx, token: 'not-a-real-token' })],
  },
];

export function findExample(name: string): Example | undefined {
  return EXAMPLES.find((e) => e.name === name.trim().toLowerCase());
}
