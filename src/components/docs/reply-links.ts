/**
 * Where the reply-code reference sends a reader for each reply: the page or lesson
 * that explains it, and a terminal that reproduces it.
 *
 * Reproducing uses the presets in src/terminal/presets.ts: a preset whose goal is a
 * reply reproduces that reply, on the page that embeds the preset's terminal.
 * Replies no preset aims at are reproduced in the free simulator by typing.
 * The build's link validator checks every address here, anchors included.
 */
import type { ReplyName } from '../../../simulator/replies.ts';
import { PRESETS, type PresetId } from '../../terminal/presets.ts';
import { REPLY_STAGES, type Stage } from './reply-stages.ts';

export interface DocLink {
  href: string;
  label: string;
}

const FAILURES = '/errors/mailpace-failures/';

/** The page that explains a stage's replies, unless the reply has its own below. */
const STAGE_PAGES: Record<Stage, DocLink> = {
  connect: { href: '/protocol/session/#what-happened-turn-by-turn', label: 'An SMTP session' },
  tls: { href: '/connecting/ports-and-encryption/#starttls-or-implicit-tls', label: 'Ports and encryption' },
  auth: { href: '/connecting/authentication/', label: 'Authentication' },
  envelope: { href: '/message/required-headers/#envelope-and-headers-are-two-different-things', label: 'Envelope and headers' },
  data: { href: '/protocol/session/#what-happened-turn-by-turn', label: 'An SMTP session' },
  'after-data': { href: FAILURES, label: 'MailPace failures' },
  any: { href: '/protocol/session/#when-things-go-out-of-order', label: 'When things go out of order' },
};

const EXPLAINED_BY: Partial<Record<ReplyName, DocLink>> = {
  tooManyConnections: { href: '/guides/throughput/#retry-4xx-not-5xx', label: 'Retry 4xx, not 5xx' },
  shuttingDown: { href: '/guides/throughput/#retry-4xx-not-5xx', label: 'Retry 4xx, not 5xx' },
  serviceDown: { href: '/guides/throughput/#retry-4xx-not-5xx', label: 'Retry 4xx, not 5xx' },
  spokeTooEarly: { href: '/guides/troubleshooting/#the-connection-fails-or-times-out', label: 'Troubleshooting: the connection' },
  httpRequest: { href: '/connecting/ports-and-encryption/#which-port-when', label: 'Which port when' },
  tlsRequired: { href: '/lessons/starttls-and-auth/', label: 'Lesson: STARTTLS and AUTH' },
  startTlsOnTlsPort: { href: '/connecting/ports-and-encryption/#implicit-tls-port-465', label: 'Implicit TLS' },
  authChallengeUser: { href: '/connecting/authentication/#auth-login', label: 'AUTH LOGIN' },
  authChallengePass: { href: '/connecting/authentication/#auth-login', label: 'AUTH LOGIN' },
  authChallengePlain: { href: '/connecting/authentication/#auth-plain', label: 'AUTH PLAIN' },
  badPlain: { href: '/connecting/authentication/#auth-plain', label: 'AUTH PLAIN' },
  authFailed: { href: '/connecting/authentication/#530-or-535', label: '530 or 535?' },
  authRequired: { href: '/connecting/authentication/#530-or-535', label: '530 or 535?' },
  tooManyAuthFailures: { href: '/connecting/authentication/#530-or-535', label: '530 or 535?' },
  needsSmtpUtf8: { href: '/message/international/#local-parts-smtputf8', label: 'International mail' },
  sizeDeclaredTooBig: { href: '/message/attachments-and-limits/#size', label: 'Size limits' },
  messageTooBig: { href: '/message/attachments-and-limits/#size', label: 'Size limits' },
  tooManyRecipients: { href: '/message/attachments-and-limits/#recipients', label: 'Recipient limits' },
  blockedRecipient: { href: '/guides/after-the-250/#bounces-and-the-block-list', label: 'Bounces and the block list' },
  queued: { href: '/guides/after-the-250/', label: 'After the 250' },
  badMessage: { href: '/message/required-headers/#what-goes-wrong-without-them', label: 'Required headers' },
  tooManyToAddresses: { href: '/message/attachments-and-limits/#recipients', label: 'Recipient limits' },
  blockedAttachment: { href: '/message/attachments-and-limits/#attachments', label: 'Attachment rules' },
  domainMismatch: { href: '/message/required-headers/#the-from-domain-must-match-the-token', label: 'The From domain' },
  dkimNotVerified: { href: '/guides/deliverability/#dkim-the-one-you-cant-skip', label: 'Deliverability: DKIM' },
  noActivePlan: { href: `${FAILURES}#no-active-plan-550-571`, label: 'MailPace failures: fix and terminal' },
  organizationDisabled: { href: `${FAILURES}#organization-disabled-550-571`, label: 'MailPace failures: fix and terminal' },
  rateLimited: { href: '/guides/throughput/#rate-limits', label: 'Rate limits' },
};

/**
 * Where each preset's terminal is embedded. A test checks the page's source
 * really embeds that preset.
 */
export const PRESET_HOMES: Partial<Record<PresetId, string>> = {
  'first-send': '/start/quickstart/#or-right-here',
  'wrong-token': `${FAILURES}#wrong-api-token-535`,
  'mail-before-auth': `${FAILURES}#sending-before-logging-in-530`,
  'domain-mismatch': `${FAILURES}#from-domain-does-not-match-the-token-550-571`,
  dkim: `${FAILURES}#dkim-not-verified-550-571`,
  'no-plan': `${FAILURES}#no-active-plan-550-571`,
  disabled: `${FAILURES}#organization-disabled-550-571`,
  'blocked-recipient': `${FAILURES}#blocked-recipient-550-511`,
  'too-many-recipients': `${FAILURES}#too-many-to-addresses-550-553`,
  'blocked-attachment': `${FAILURES}#blocked-attachment-550-561`,
  'rate-limit': `${FAILURES}#sending-too-fast-451-470`,
};

const SIMULATOR: DocLink = { href: '/simulator/', label: 'Try it in the simulator' };

/** The page or lesson that explains a reply. */
export function explainedBy(name: ReplyName): DocLink {
  return EXPLAINED_BY[name] ?? STAGE_PAGES[REPLY_STAGES[name]];
}

/** The embedded preset terminal whose goal is this reply, else the free simulator. */
export function reproducedBy(name: ReplyName): DocLink & { preset?: PresetId } {
  for (const [id, href] of Object.entries(PRESET_HOMES) as [PresetId, string][]) {
    const preset = PRESETS[id];
    if ('goal' in preset && preset.goal.reply === name) return { href, label: `Reproduce: ${preset.title}`, preset: id };
  }
  return SIMULATOR;
}
