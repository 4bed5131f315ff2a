/**
 * Failure rules as people write them: `STAGE:PATTERN=FAILURE`, given with `--rule`
 * (repeatable) or one per line in a `--rules FILE`, where blank lines and lines
 * starting with `#` are skipped. The core applies them (simulator/failure-rules.ts);
 * this file only reads them and says exactly what is wrong with one that does not read.
 *
 *   rcpt:bounce@*=blocked       every recipient bounce@… is refused as blocked
 *   mail:*@unverified.test=dkim a sender on that domain gets the DKIM failure
 *   data:*=rate                 every message is refused as sent too quickly
 *   after:slow@*=deferred       accepted, then its webhooks say email.deferred
 *
 * `after:` rules (outcome rules) keep the message accepted and choose the webhook
 * event that follows `email.queued`: bounced, deferred or spam instead of delivered.
 */
import { readFile } from 'node:fs/promises';
import {
  AFTER_STAGE, CHOSEN_FAILURES, CHOSEN_OUTCOMES, FAILURE_STAGES,
  type ChosenFailure, type ChosenOutcome, type FailureRule, type FailureStage, type OutcomeRule,
} from '../simulator/index.ts';

/** A rule from the command line or a rule file: a failure, or an outcome after acceptance. */
export type SandboxRule = FailureRule | OutcomeRule;

const STAGES = [...FAILURE_STAGES, AFTER_STAGE];

export const RULE_SYNTAX = `STAGE:PATTERN=FAILURE, STAGE one of ${FAILURE_STAGES.join('|')}, FAILURE one of ${Object.keys(CHOSEN_FAILURES).join('|')}; or after:PATTERN=OUTCOME, OUTCOME one of ${Object.keys(CHOSEN_OUTCOMES).join('|')}`;

/** One rule from its text; throws an Error naming what to fix. */
export function parseRule(text: string): SandboxRule {
  const match = /^\s*([a-z]+):([^=\s]+)=([a-z]+)\s*$/i.exec(text);
  if (!match) throw new Error(`"${text}" is not a rule: write ${RULE_SYNTAX}, for example rcpt:bounce@*=blocked`);
  const stage = match[1]!.toLowerCase();
  const pattern = match[2]!;
  const failure = match[3]!.toLowerCase();
  if (!STAGES.includes(stage)) throw new Error(`"${stage}" is not a stage; use ${STAGES.join(', ')}`);
  if (pattern.length > 320) throw new Error('the pattern is longer than an address can be (320 characters)');
  if (stage === AFTER_STAGE) {
    if (!(failure in CHOSEN_OUTCOMES)) {
      const hint = failure in CHOSEN_FAILURES ? ` ("${failure}" is refused before acceptance: use rcpt: or data:)` : '';
      throw new Error(`"${failure}" is not an outcome after acceptance; use ${Object.keys(CHOSEN_OUTCOMES).join(', ')}${hint}`);
    }
    return { stage: AFTER_STAGE, pattern, outcome: failure as ChosenOutcome };
  }
  if (!(failure in CHOSEN_FAILURES)) {
    const hint = failure in CHOSEN_OUTCOMES ? ` ("${failure}" happens after acceptance: use after:)` : '';
    throw new Error(`"${failure}" is not a failure; use ${Object.keys(CHOSEN_FAILURES).join(', ')}${hint}`);
  }
  // The blocked list is about recipients: a sender cannot be on it.
  if (failure === 'blocked' && stage === 'mail') throw new Error('"blocked" is about recipients: use rcpt: or data:, not mail:');
  return { stage: stage as FailureStage, pattern, failure: failure as ChosenFailure };
}

/** The text a rule was read from, for the start banner. */
export function ruleText(rule: SandboxRule): string {
  return `${rule.stage}:${rule.pattern}=${rule.stage === AFTER_STAGE ? rule.outcome : rule.failure}`;
}

/** Failure rules (for the core) apart from outcome rules (for the webhooks), each in order. */
export function splitRules(rules: readonly SandboxRule[]): { failureRules: FailureRule[]; outcomeRules: OutcomeRule[] } {
  const failureRules: FailureRule[] = [];
  const outcomeRules: OutcomeRule[] = [];
  for (const rule of rules) {
    if (rule.stage === AFTER_STAGE) outcomeRules.push(rule);
    else failureRules.push(rule);
  }
  return { failureRules, outcomeRules };
}

/** The rules of a rule file's text; throws an Error naming the first bad line's number. */
export function parseRuleFile(text: string, name: string): SandboxRule[] {
  const rules: SandboxRule[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    try {
      rules.push(parseRule(trimmed));
    } catch (error) {
      throw new Error(`${name} line ${i + 1}: ${(error as Error).message}`);
    }
  });
  return rules;
}

export async function readRuleFile(path: string): Promise<SandboxRule[]> {
  return parseRuleFile(await readFile(path, 'utf8'), path);
}
