/**
 * Reads the example GitHub Actions workflow the "Testing in CI" page shows, so the test
 * that runs it uses the very commands the page prints: one file, two readers.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const WORKFLOW_FILE = new URL('./ci/mailpace-sandbox.yml', import.meta.url);
export const APP_TEST_FILE = new URL('./ci/email.test.mjs', import.meta.url);

export interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  'working-directory'?: string;
  env?: Record<string, string | number>;
  with?: Record<string, unknown>;
  if?: string;
}

export interface WorkflowJob {
  'runs-on': string;
  env: Record<string, string | number>;
  steps: WorkflowStep[];
}

export interface Workflow {
  name: string;
  on: unknown;
  jobs: Record<string, WorkflowJob>;
}

/** The workflow, parsed as GitHub would read its YAML. */
export function readWorkflow(): Workflow {
  return parse(readFileSync(WORKFLOW_FILE, 'utf8')) as Workflow;
}

/** The step with this `id`; throws when the workflow lost it. */
export function stepById(job: WorkflowJob, id: string): WorkflowStep & { run: string } {
  const step = job.steps.find((s) => s.id === id);
  if (!step?.run) throw new Error(`the workflow has no step "${id}" with a run command`);
  return step as WorkflowStep & { run: string };
}

/**
 * Replaces the two expressions the workflow uses, `${{ runner.temp }}` and
 * `${{ env.NAME }}`; any other expression is an error, so a new one cannot slip
 * through untested.
 */
export function expandExpressions(value: string, context: { runnerTemp: string; env: Record<string, string> }): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    if (expr === 'runner.temp') return context.runnerTemp;
    const env = /^env\.([A-Z_][A-Z0-9_]*)$/.exec(expr);
    if (env && env[1]! in context.env) return context.env[env[1]!]!;
    throw new Error(`the workflow uses an expression the test cannot evaluate: ${expr}`);
  });
}
