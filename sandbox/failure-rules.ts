/**
 * Failure rules as people write them: `STAGE:PATTERN=FAILURE`, given with `--rule`
 * (repeatable) or one per line in a `--rules FILE`, where blank lines and lines
 * starting with `#` are skipped. The core applies them (simulator/failure-rules.ts);
 * this file only reads them and says exactly what is wrong with one that does not read.
 *
 *   rcpt:bounce@*=blocked       every recipient bounce@… is refused as blocked
 *   mail:*@unverified.test=dkim a sender on that domain gets the DKIM failure
 *   data:*=rate                 every message is refused as sent too quickly
 */
import { readFile } from 'node:fs/promises';
import { CHOSEN_FAILURES, FAILURE_STAGES, type ChosenFailure, type FailureRule, type FailureStage } from '../simulator/index.ts';

export const RULE_SYNTAX = `STAGE:PATTERN=FAILURE, STAGE one of ${FAILURE_STAGES.join('|')}, FAILURE one of ${Object.keys(CHOSEN_FAILURES).join('|')}`;

/** One rule from its text; throws an Error naming what to fix. */
export function parseRule(text: string): FailureRule {
  const match = /^\s*([a-z]+):([^=\s]+)=([a-z]+)\s*$/i.exec(text);
  if (!match) throw new Error(`"${text}" is not a rule: write ${RULE_SYNTAX}, for example rcpt:bounce@*=blocked`);
  const stage = match[1]!.toLowerCase();
  const pattern = match[2]!;
  const failure = match[3]!.toLowerCase();
  if (!(FAILURE_STAGES as readonly string[]).includes(stage)) throw new Error(`"${stage}" is not a stage; use ${FAILURE_STAGES.join(', ')}`);
  if (!(failure in CHOSEN_FAILURES)) throw new Error(`"${failure}" is not a failure; use ${Object.keys(CHOSEN_FAILURES).join(', ')}`);
  // The blocked list is about recipients: a sender cannot be on it.
  if (failure === 'blocked' && stage === 'mail') throw new Error('"blocked" is about recipients: use rcpt: or data:, not mail:');
  if (pattern.length > 320) throw new Error('the pattern is longer than an address can be (320 characters)');
  return { stage: stage as FailureStage, pattern, failure: failure as ChosenFailure };
}

/** The rules of a rule file's text; throws an Error naming the first bad line's number. */
export function parseRuleFile(text: string, name: string): FailureRule[] {
  const rules: FailureRule[] = [];
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

export async function readRuleFile(path: string): Promise<FailureRule[]> {
  return parseRuleFile(await readFile(path, 'utf8'), path);
}
