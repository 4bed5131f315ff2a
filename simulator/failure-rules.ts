/**
 * Failures chosen in advance, not by chance: "this recipient, this sender or this
 * stage fails with this MailPace failure". The sandbox reads the rules from its
 * command line or a rule file (sandbox/failure-rules.ts); the core applies them, so
 * SMTP and the send API answer from the same policy tables (policy-rules.ts).
 *
 * Where each stage fires, per door (simulated: MailPace publishes no such feature):
 * - `mail`: over SMTP at MAIL FROM (the envelope sender), and after the message for its
 *   From address; over the API for the request's from.
 * - `rcpt`: over SMTP at RCPT TO, and after the message for an address its To, Cc or
 *   Bcc names; over the API for any of to, cc and bcc.
 * - `data`: after the message (SMTP: after the final dot) when its sender or any
 *   recipient matches; over the API the same.
 * - `after` (an outcome rule, below): the message is accepted; a recipient that matches
 *   changes the outcome its webhooks report.
 *
 * A rate limit from outside (the sandbox's per-token window) comes in as a limiter:
 * the core asks it once per message and stays free of clocks.
 */
import type { WebhookEvent } from './mailpace-facts.ts';
import type { PolicyProblem, PolicyRule } from './policy-rules.ts';

export const FAILURE_STAGES = ['mail', 'rcpt', 'data'] as const;
export type FailureStage = (typeof FAILURE_STAGES)[number];

/** The MailPace failures a rule can choose, and the policy rule each one is. */
export const CHOSEN_FAILURES = {
  blocked: 'blockedRecipient',
  dkim: 'dkimNotVerified',
  plan: 'noActivePlan',
  disabled: 'organizationDisabled',
  rate: 'rateLimited',
} as const satisfies Record<string, PolicyRule>;
export type ChosenFailure = keyof typeof CHOSEN_FAILURES;

export interface FailureRule {
  stage: FailureStage;
  /** An address pattern: `*` stands for any run of characters; case does not matter. */
  pattern: string;
  failure: ChosenFailure;
}

/** Counts messages per token; answers how long to wait once a token is over its limit. */
export interface MessageLimiter {
  /** Counts one message for `token`; null when it may go, else the seconds until it may. */
  take(token: string): { retryAfterSeconds: number } | null;
}

/**
 * The `after` stage: what becomes of a message after MailPace accepted it (the 250, or
 * the send API's 200). The message is accepted as usual; its webhooks then say
 * `email.bounced`, `email.deferred` or `email.spam` instead of `email.delivered`.
 * MailPace publishes which events exist, not when they fire: simulated.
 */
export const AFTER_STAGE = 'after';

/** The outcomes an `after` rule can choose, and the webhook event each one is. */
export const CHOSEN_OUTCOMES = {
  bounced: 'email.bounced',
  deferred: 'email.deferred',
  spam: 'email.spam',
} as const satisfies Record<string, WebhookEvent>;
export type ChosenOutcome = keyof typeof CHOSEN_OUTCOMES;

export interface OutcomeRule {
  stage: typeof AFTER_STAGE;
  /** A recipient pattern, as a failure rule's. */
  pattern: string;
  outcome: ChosenOutcome;
}

const compiled = new WeakMap<{ pattern: string }, RegExp>();

function patternOf(rule: { pattern: string }): RegExp {
  let re = compiled.get(rule);
  if (!re) {
    const body = rule.pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${body}$`, 'i');
    compiled.set(rule, re);
  }
  return re;
}

/**
 * The first rule of `stage` that one of `addresses` matches, as a problem the policy
 * tables can answer; its stage places it in the policy's order.
 */
export function chosenFailure(
  rules: readonly FailureRule[],
  stage: FailureStage,
  addresses: readonly string[],
  domain: string,
): PolicyProblem | null {
  for (const rule of rules) {
    if (rule.stage !== stage) continue;
    const address = addresses.find((a) => a && patternOf(rule).test(a));
    if (address !== undefined) {
      return { rule: CHOSEN_FAILURES[rule.failure], params: { address, domain }, ...(stage === 'data' ? {} : { stage }) };
    }
  }
  return null;
}

/**
 * The webhook event the first `after` rule chooses for an accepted message, given its
 * envelope recipients (to, cc and bcc alike); null when no rule matches. One message
 * has one outcome, as MailPace's payload is per email.
 */
export function chosenOutcome(rules: readonly OutcomeRule[], recipients: readonly string[]): (typeof CHOSEN_OUTCOMES)[ChosenOutcome] | null {
  const rule = rules.find((r) => recipients.some((a) => a && patternOf(r).test(a)));
  return rule ? CHOSEN_OUTCOMES[rule.outcome] : null;
}
