/**
 * Presets for terminals embedded in docs pages: which port, which of MailPace's
 * documented failures to switch on, the lines typed for the reader before they
 * take over, and the goal that tells them they got there.
 *
 * Use one in MDX as `<SmtpTerminal preset="wrong-token" />`.
 */
import type { FailureKnob } from '../../simulator/index.ts';
import {
  attachmentMessage,
  authPlainLines,
  envelopeLines,
  helloLines,
  manyRecipientsMessage,
  type ScriptContext,
} from './examples.ts';
import type { Port } from './ports.ts';

/** A reply that counts as reaching the goal. */
export interface Goal {
  /** Shown to the reader, e.g. "Get a 535 reply". */
  text: string;
  code: number;
  /** Enhanced status code the reply must carry, e.g. "5.7.1". */
  enhanced?: string;
  /** Text the reply must contain, to tell apart replies that share a code. */
  contains?: string;
}

export interface Preset {
  id: string;
  title: string;
  port: Port;
  failures: readonly FailureKnob[];
  /** Lines sent for the reader right after the greeting. */
  opening: (ctx: ScriptContext) => string[];
  /** What to try, shown above the terminal. */
  intro: string;
  goal?: Goal;
}

const nothing = (): string[] => [];
const loggedIn = (ctx: ScriptContext) => [...helloLines(ctx), ...authPlainLines(ctx)];

export const PRESETS = {
  free: {
    id: 'free',
    title: 'SMTP simulator',
    port: 587,
    failures: [],
    opening: nothing,
    intro: 'Type SMTP commands as a client would. /help lists the helpers; /example plays a whole session.',
  },
  'first-send': {
    id: 'first-send',
    title: 'Send your first message',
    port: 587,
    failures: [],
    opening: nothing,
    intro: 'Say EHLO, upgrade with STARTTLS, log in with the demo token, then send a message.',
    goal: { text: 'Get the message accepted (250 Accepted)', code: 250, contains: 'Accepted' },
  },
  'implicit-tls': {
    id: 'implicit-tls',
    title: 'Port 465: TLS from the start',
    port: 465,
    failures: [],
    opening: nothing,
    intro: 'On port 465 the connection is encrypted before the greeting: no STARTTLS, log in right after EHLO.',
    goal: { text: 'Log in without STARTTLS (235)', code: 235 },
  },
  'starttls-first': {
    id: 'starttls-first',
    title: 'STARTTLS before credentials',
    port: 587,
    failures: [],
    opening: (ctx) => [helloLines(ctx)[0]!],
    intro: 'Try AUTH before STARTTLS and see the server refuse to take credentials in plaintext.',
    goal: { text: 'Get the 530 that asks for STARTTLS', code: 530, contains: 'STARTTLS' },
  },
  'wrong-token': {
    id: 'wrong-token',
    title: 'A wrong API token',
    port: 587,
    failures: [],
    opening: helloLines,
    intro: 'Log in with a token that is not the demo token, for example /plain my-token.',
    goal: { text: 'Get a 535 reply', code: 535 },
  },
  'mail-before-auth': {
    id: 'mail-before-auth',
    title: 'MAIL before AUTH',
    port: 587,
    failures: [],
    opening: helloLines,
    intro: 'Skip AUTH and go straight to MAIL FROM.',
    goal: { text: 'Get the 530 that asks you to log in', code: 530, contains: 'Authentication required' },
  },
  'domain-mismatch': {
    id: 'domain-mismatch',
    title: 'From on another domain',
    port: 587,
    failures: [],
    opening: loggedIn,
    intro: 'The demo token sends for example.com. Send a message whose From header is on another domain.',
    goal: { text: 'Get a 550 5.7.1 for the From domain', code: 550, enhanced: '5.7.1', contains: 'does not match' },
  },
  dkim: {
    id: 'dkim',
    title: 'DKIM not verified yet',
    port: 587,
    failures: ['dkim'],
    opening: loggedIn,
    intro: 'This domain has not finished DKIM verification. Send a message and read the reply after the final dot.',
    goal: { text: 'Get a 550 5.7.1 about DKIM', code: 550, enhanced: '5.7.1', contains: 'DKIM' },
  },
  'no-plan': {
    id: 'no-plan',
    title: 'No active plan',
    port: 587,
    failures: ['plan'],
    opening: loggedIn,
    intro: 'The organization has no active plan. Send a message and read the reply after the final dot.',
    goal: { text: 'Get a 550 5.7.1 about the plan', code: 550, enhanced: '5.7.1', contains: 'plan' },
  },
  disabled: {
    id: 'disabled',
    title: 'Sending disabled',
    port: 587,
    failures: ['disabled'],
    opening: loggedIn,
    intro: 'Sending is disabled for this organization. Send a message and read the reply.',
    goal: { text: 'Get a 550 5.7.1 about the organization', code: 550, enhanced: '5.7.1', contains: 'disabled' },
  },
  'blocked-recipient': {
    id: 'blocked-recipient',
    title: 'A blocked recipient',
    port: 587,
    failures: [],
    opening: (ctx) => [...loggedIn(ctx), `MAIL FROM:<hello@${ctx.domain}>`],
    intro: 'blocked@example.net is on this account\'s blocked list. Name it as a recipient.',
    goal: { text: 'Get a 550 5.1.1 at RCPT TO', code: 550, enhanced: '5.1.1' },
  },
  'too-many-recipients': {
    id: 'too-many-recipients',
    title: 'More than 50 To addresses',
    port: 587,
    failures: [],
    opening: (ctx) => [...loggedIn(ctx), ...envelopeLines(ctx), ...manyRecipientsMessage(ctx, 51)],
    intro: 'A message with 51 addresses in its To header has been typed in. End it with a line holding a single dot.',
    goal: { text: 'Get a 550 5.5.3 after the final dot', code: 550, enhanced: '5.5.3' },
  },
  'blocked-attachment': {
    id: 'blocked-attachment',
    title: 'An attachment type MailPace refuses',
    port: 587,
    failures: [],
    opening: (ctx) => [...loggedIn(ctx), ...envelopeLines(ctx), ...attachmentMessage(ctx, 'setup.exe', 'application/octet-stream').slice(0, -1)],
    intro: 'A message carrying setup.exe has been typed in. End it with a line holding a single dot.',
    goal: { text: 'Get a 550 5.6.1 for the attachment', code: 550, enhanced: '5.6.1' },
  },
  'rate-limit': {
    id: 'rate-limit',
    title: 'Sending too quickly',
    port: 587,
    failures: ['rate'],
    opening: loggedIn,
    intro: 'The account is over its rate limit. Send a message: the reply is temporary, so a client retries later.',
    goal: { text: 'Get a 451 (try again later)', code: 451 },
  },
  'service-down': {
    id: 'service-down',
    title: 'The service is down',
    port: 587,
    failures: ['down'],
    opening: nothing,
    intro: 'The server answers the connection with 421 and hangs up: a client keeps the message and retries.',
    goal: { text: 'See the 421 greeting', code: 421 },
  },
} as const satisfies Record<string, Preset>;

export type PresetId = keyof typeof PRESETS;
export const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

export function isPresetId(value: unknown): value is PresetId {
  return typeof value === 'string' && value in PRESETS;
}

export function getPreset(id: string | undefined): Preset {
  return isPresetId(id) ? PRESETS[id] : PRESETS.free;
}

/** True when a reply line reaches the goal. */
export function goalReached(goal: Goal, replyLine: string): boolean {
  const match = /^(\d{3})[ -](?:(\d\.\d{1,3}\.\d{1,3}) )?/.exec(replyLine);
  if (!match || Number(match[1]) !== goal.code) return false;
  if (goal.enhanced && match[2] !== goal.enhanced) return false;
  if (goal.contains && !replyLine.includes(goal.contains)) return false;
  return true;
}
