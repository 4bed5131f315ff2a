/**
 * The message policy's rules, in the one order both front doors apply them, and the
 * two tables that turn the first broken rule into an answer: the SMTP reply (a name
 * from the reply catalogue) and the send API's error (a name from MailPace's
 * published errors in `mailpace-facts.ts`).
 *
 * The order is the simulator's choice (MailPace publishes none), shaped by SMTP:
 * a blocked recipient is refused at RCPT TO, before a message exists, so it comes
 * first for the API too; the account is checked before the message is read; then
 * the message's fields, From before To before attachments, as the API lists them.
 */
import type { ApiErrorName } from './mailpace-facts.ts';
import type { ReplyName, ReplyParams } from './replies.ts';

export const POLICY_RULES = [
  'blockedRecipient',
  'organizationDisabled',
  'noActivePlan',
  'dkimNotVerified',
  'rateLimited',
  'messageTooBig',
  'unreadable',
  'fromMissing',
  'fromRepeated',
  'fromNoAddress',
  'fromManyAddresses',
  'fromInvalid',
  'domainMismatch',
  'toMissing',
  'toInvalid',
  'tooManyTo',
  'blockedAttachment',
  'noBody',
] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

/** One broken rule and what the answer needs to name (an address, a count, a file name). */
export interface PolicyProblem {
  rule: PolicyRule;
  params: ReplyParams;
  /**
   * The SMTP command that refuses it before the message exists, for problems of the
   * sender (MAIL FROM) or a recipient (RCPT TO); absent for the message's own.
   */
  stage?: 'mail' | 'rcpt';
}

const STAGE_RANK = { mail: 0, rcpt: 1, message: 2 } as const;

/**
 * Sorts problems into the policy's order; the first is the answer. A sender's problem
 * comes first, then a recipient's, as SMTP meets them; then the rules' own order.
 */
export function inPolicyOrder(problems: readonly PolicyProblem[]): PolicyProblem[] {
  const rank = (p: PolicyProblem) => STAGE_RANK[p.stage ?? 'message'] * POLICY_RULES.length + POLICY_RULES.indexOf(p.rule);
  return [...problems].sort((a, b) => rank(a) - rank(b));
}

interface SmtpAnswer {
  reply: ReplyName;
  /** The reply's parameters, from the problem's. */
  params?: (p: ReplyParams) => ReplyParams;
}

const why = (text: string | ((p: ReplyParams) => string)): SmtpAnswer => ({
  reply: 'badMessage',
  params: (p) => ({ why: typeof text === 'string' ? text : text(p) }),
});

/** Rule → the SMTP reply that refuses the message. */
export const SMTP_REPLY_FOR_RULE: Readonly<Record<PolicyRule, SmtpAnswer>> = {
  blockedRecipient: { reply: 'blockedRecipient' },
  organizationDisabled: { reply: 'organizationDisabled' },
  noActivePlan: { reply: 'noActivePlan' },
  dkimNotVerified: { reply: 'dkimNotVerified' },
  rateLimited: { reply: 'rateLimited' },
  messageTooBig: { reply: 'messageTooBig' },
  unreadable: why('the message could not be read as MIME'),
  fromMissing: why('the message has no From header'),
  fromRepeated: why((p) => `the message has ${p.count} From fields; only one is allowed (RFC 5322 §3.6)`),
  fromNoAddress: why('the From header has no usable address'),
  fromManyAddresses: why((p) => `From must hold exactly one address (RFC 5322 §3.6); it lists ${p.count}`),
  fromInvalid: why((p) => `the From address ${p.address} is not usable: ${p.why}`),
  domainMismatch: { reply: 'domainMismatch' },
  toMissing: why('the message has no To header with an address'),
  toInvalid: why((p) => `the To header holds "${p.entry}", which is not an address`),
  tooManyTo: { reply: 'tooManyToAddresses' },
  blockedAttachment: { reply: 'blockedAttachment' },
  noBody: why('the message has no text or HTML body'),
};

/**
 * Rule → the send API's error. `tooBig` is the sandbox's own 413 (MailPace publishes
 * no error for size); `badRequestFormat` stands in where MailPace publishes no error
 * of its own (no body, a body that is not MIME): both simulated.
 */
export const API_ERROR_FOR_RULE: Readonly<Record<PolicyRule, ApiErrorName | 'tooBig'>> = {
  blockedRecipient: 'blockedAddress',
  organizationDisabled: 'organizationDisabled',
  noActivePlan: 'noActivePlan',
  dkimNotVerified: 'dkimNotVerified',
  rateLimited: 'rateLimited',
  messageTooBig: 'tooBig',
  unreadable: 'badRequestFormat',
  fromMissing: 'fromNotParseable',
  fromRepeated: 'fromNotParseable',
  fromNoAddress: 'fromNotParseable',
  fromManyAddresses: 'fromNotParseable',
  fromInvalid: 'fromNotParseable',
  domainMismatch: 'domainMismatch',
  toMissing: 'toUndefined',
  toInvalid: 'toInvalid',
  tooManyTo: 'tooManyTo',
  blockedAttachment: 'attachmentBlocked',
  noBody: 'badRequestFormat',
};

/** The SMTP reply name and parameters for a problem. */
export function smtpReplyFor(problem: PolicyProblem): { name: ReplyName; params: ReplyParams } {
  const answer = SMTP_REPLY_FOR_RULE[problem.rule];
  return { name: answer.reply, params: answer.params ? answer.params(problem.params) : problem.params };
}
