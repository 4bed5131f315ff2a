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
 *
 * A rate limit from outside (the sandbox's per-token window) comes in as a limiter:
 * the core asks it once per message and stays free of clocks.
 */
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

const compiled = new WeakMap<FailureRule, RegExp>();

function patternOf(rule: FailureRule): RegExp {
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
