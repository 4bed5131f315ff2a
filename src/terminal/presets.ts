/**
 * Presets for terminals embedded in docs pages: which port, which of MailPace's
 * documented failures to switch on, the lines typed for the reader before they
 * take over, and the goal that tells them they got there.
 *
 * Use one in MDX as `<SmtpTerminal preset="wrong-token" />`.
 */
import type { FailureKnob } from '../../simulator/config.ts';
import { SEND_API, SMTP } from '../../simulator/mailpace-facts.ts';
import { REPLIES, type ReplyName } from '../../simulator/replies.ts';
import {
  attachmentMessage,
  authPlainLines,
  envelopeLines,
  helloLines,
  manyRecipientsMessage,
  type ScriptContext,
} from './examples.ts';
import type { Port } from './ports.ts';

/**
 * The reply that counts as reaching the goal, by its catalogue name: replies that
 * share a code (two 530s, four 550 5.7.1s) stay apart, and rewording a reply
 * cannot break a goal.
 */
export interface Goal {
  /** Shown to the reader, e.g. "Get a 535 reply". */
  text: string;
  reply: ReplyName;
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

/** A reply's code as the reader sees it, from the catalogue: "535", or "550 5.7.1" with `enhanced`. */
function codeOf(name: ReplyName, enhanced = false): string {
  const spec = REPLIES[name];
  return enhanced && spec.enhanced ? `${spec.code} ${spec.enhanced}` : String(spec.code);
}

/** One To address past MailPace's limit. */
const TOO_MANY_TO = SEND_API.maxToAddresses + 1;

const nothing = (): string[] => [];
const loggedIn = (ctx: ScriptContext) => [...helloLines(ctx), ...authPlainLines(ctx)];

export const PRESETS = {
  free: {
    id: 'free',
    title: 'SMTP simulator',
    port: SMTP.defaultPort,
    failures: [],
    opening: nothing,
    intro: 'Type SMTP commands as a client would. /help lists the helpers; /example plays a whole session.',
  },
  'first-send': {
    id: 'first-send',
    title: 'Send your first message',
    port: SMTP.defaultPort,
    failures: [],
    opening: nothing,
    intro: 'Say EHLO, upgrade with STARTTLS, log in with the demo token, then send a message.',
    goal: { text: `Get the message accepted (${codeOf('queued')} Accepted)`, reply: 'queued' },
  },
  'implicit-tls': {
    id: 'implicit-tls',
    title: `Port ${SMTP.implicitTlsPort}: TLS from the start`,
    port: SMTP.implicitTlsPort,
    failures: [],
    opening: nothing,
    intro: `On port ${SMTP.implicitTlsPort} the connection is encrypted before the greeting: no STARTTLS, log in right after EHLO.`,
    goal: { text: `Log in without STARTTLS (${codeOf('authOk')})`, reply: 'authOk' },
  },
  'starttls-first': {
    id: 'starttls-first',
    title: 'STARTTLS before credentials',
    port: SMTP.defaultPort,
    failures: [],
    opening: (ctx) => [helloLines(ctx)[0]!],
    intro: 'Try AUTH before STARTTLS and see the server refuse to take credentials in plaintext.',
    goal: { text: `Get the ${codeOf('tlsRequired')} that asks for STARTTLS`, reply: 'tlsRequired' },
  },
  'wrong-token': {
    id: 'wrong-token',
    title: 'A wrong API token',
    port: SMTP.defaultPort,
    failures: [],
    opening: helloLines,
    intro: 'Log in with a token that is not the demo token, for example /plain my-token.',
    goal: { text: `Get a ${codeOf('authFailed')} reply`, reply: 'authFailed' },
  },
  'mail-before-auth': {
    id: 'mail-before-auth',
    title: 'MAIL before AUTH',
    port: SMTP.defaultPort,
    failures: [],
    opening: helloLines,
    intro: 'Skip AUTH and go straight to MAIL FROM.',
    goal: { text: `Get the ${codeOf('authRequired')} that asks you to log in`, reply: 'authRequired' },
  },
  'domain-mismatch': {
    id: 'domain-mismatch',
    title: 'From on another domain',
    port: SMTP.defaultPort,
    failures: [],
    opening: loggedIn,
    intro: 'The demo token sends for example.com. Send a message whose From header is on another domain.',
    goal: { text: `Get a ${codeOf('domainMismatch', true)} for the From domain`, reply: 'domainMismatch' },
  },
  dkim: {
    id: 'dkim',
    title: 'DKIM not verified yet',
    port: SMTP.defaultPort,
    failures: ['dkim'],
    opening: loggedIn,
    intro: 'This domain has not finished DKIM verification. Send a message and read the reply after the final dot.',
    goal: { text: `Get a ${codeOf('dkimNotVerified', true)} about DKIM`, reply: 'dkimNotVerified' },
  },
  'no-plan': {
    id: 'no-plan',
    title: 'No active plan',
    port: SMTP.defaultPort,
    failures: ['plan'],
    opening: loggedIn,
    intro: 'The organization has no active plan. Send a message and read the reply after the final dot.',
    goal: { text: `Get a ${codeOf('noActivePlan', true)} about the plan`, reply: 'noActivePlan' },
  },
  disabled: {
    id: 'disabled',
    title: 'Sending disabled',
    port: SMTP.defaultPort,
    failures: ['disabled'],
    opening: loggedIn,
    intro: 'Sending is disabled for this organization. Send a message and read the reply.',
    goal: { text: `Get a ${codeOf('organizationDisabled', true)} about the organization`, reply: 'organizationDisabled' },
  },
  'blocked-recipient': {
    id: 'blocked-recipient',
    title: 'A blocked recipient',
    port: SMTP.defaultPort,
    failures: [],
    opening: (ctx) => [...loggedIn(ctx), `MAIL FROM:<hello@${ctx.domain}>`],
    intro: 'blocked@example.net is on this account\'s blocked list. Name it as a recipient.',
    goal: { text: `Get a ${codeOf('blockedRecipient', true)} at RCPT TO`, reply: 'blockedRecipient' },
  },
  'too-many-recipients': {
    id: 'too-many-recipients',
    title: `More than ${SEND_API.maxToAddresses} To addresses`,
    port: SMTP.defaultPort,
    failures: [],
    opening: (ctx) => [...loggedIn(ctx), ...envelopeLines(ctx), ...manyRecipientsMessage(ctx, TOO_MANY_TO)],
    intro: `A message with ${TOO_MANY_TO} addresses in its To header has been typed in. End it with a line holding a single dot.`,
    goal: { text: `Get a ${codeOf('tooManyToAddresses', true)} after the final dot`, reply: 'tooManyToAddresses' },
  },
  'blocked-attachment': {
    id: 'blocked-attachment',
    title: 'An attachment type MailPace refuses',
    port: SMTP.defaultPort,
    failures: [],
    opening: (ctx) => [...loggedIn(ctx), ...envelopeLines(ctx), ...attachmentMessage(ctx, 'setup.exe', 'application/octet-stream').slice(0, -1)],
    intro: 'A message carrying setup.exe has been typed in. End it with a line holding a single dot.',
    goal: { text: `Get a ${codeOf('blockedAttachment', true)} for the attachment`, reply: 'blockedAttachment' },
  },
  'rate-limit': {
    id: 'rate-limit',
    title: 'Sending too quickly',
    port: SMTP.defaultPort,
    failures: ['rate'],
    opening: loggedIn,
    intro: 'The account is over its rate limit. Send a message: the reply is temporary, so a client retries later.',
    goal: { text: `Get a ${codeOf('rateLimited')} (try again later)`, reply: 'rateLimited' },
  },
  'service-down': {
    id: 'service-down',
    title: 'The service is down',
    port: SMTP.defaultPort,
    failures: ['down'],
    opening: nothing,
    intro: 'The server answers the connection with 421 and hangs up: a client keeps the message and retries.',
    goal: { text: `See the ${codeOf('serviceDown')} greeting`, reply: 'serviceDown' },
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

/** True when a reply reaches the goal. */
export function goalReached(goal: Goal, reply: ReplyName): boolean {
  return reply === goal.reply;
}
