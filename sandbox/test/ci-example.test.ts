/**
 * The "Testing in CI" page, run for real: the workflow's own steps (make a certificate,
 * start the sandbox in the background, wait for it, run the app's email tests) run here
 * exactly as written in the YAML the page shows, with only the port and the runner's
 * temp folder swapped for local ones. The app's test file is the one the page shows.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_TEST_FILE, expandExpressions, readWorkflow, stepById, type WorkflowStep } from '../../src/content/examples/ci-workflow.ts';
import { until } from './helpers.ts';
import { requireProgram } from './programs.ts';

const REPO_ROOT = new URL('../../', import.meta.url).pathname;
/** The folder the workflow checks this project out into. */
const SANDBOX_CHECKOUT = 'mailpace-sandbox';

/** A loopback port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether any process of this group is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the CI example workflow', () => {
  const workflow = readWorkflow();
  const job = workflow.jobs.email!;
  const runnerTemp = mkdtempSync(join(tmpdir(), 'ci-example-'));
  const appDir = join(runnerTemp, 'app');
  let sandboxGroup: number | null = null;

  afterAll(async () => {
    if (sandboxGroup !== null && groupAlive(sandboxGroup)) {
      process.kill(-sandboxGroup, 'SIGKILL');
    }
  });

  /** The job's env as GitHub would set it, with a free port instead of the fixed one. */
  function jobEnv(port: number): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(job.env)) env[name] = expandExpressions(String(value), { runnerTemp, env });
    env.SMTP_PORT = String(port);
    return env;
  }

  function stepEnv(step: WorkflowStep, base: Record<string, string>): NodeJS.ProcessEnv {
    const env: Record<string, string> = { ...base };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expandExpressions(String(value), { runnerTemp, env: base });
    return { ...process.env, ...env };
  }

  function stepCwd(step: WorkflowStep): string {
    return step['working-directory'] === SANDBOX_CHECKOUT ? REPO_ROOT : appDir;
  }

  /** Runs one `run:` step the way GitHub's default shell does (bash -e), to completion. */
  function runStep(id: string, env: Record<string, string>) {
    const step = stepById(job, id);
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: stepCwd(step),
      env: stepEnv(step, env),
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { ...result, output: `stdout:\n${result.stdout}\nstderr:\n${result.stderr}` };
  }

  it('is valid YAML with the steps the page describes', () => {
    expect(workflow.name).toBeTruthy();
    expect(job['runs-on']).toBe('ubuntu-latest');
    for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run), JSON.stringify(step)).toBe(true);
    for (const id of ['cert', 'sandbox', 'wait', 'test']) expect(() => stepById(job, id)).not.toThrow();
    // The sandbox runs from the folder the project is checked out into.
    expect(job.steps.find((s) => s.with?.path === SANDBOX_CHECKOUT)).toBeTruthy();
    expect(stepById(job, 'sandbox')['working-directory']).toBe(SANDBOX_CHECKOUT);
    // Through npm, --silent keeps npm's banner out of the JSON.
    expect(stepById(job, 'sandbox').run).toMatch(/^npm run --silent sandbox -- --json /);
  });

  it('runs: the sandbox starts in the background and the app test passes against it', async () => {
    requireProgram('openssl', 'openssl');
    requireProgram('bash', 'bash');
    const env = jobEnv(await freePort());

    // The app's checkout: its test file, and node_modules with nodemailer in it.
    mkdirSync(join(appDir, 'test'), { recursive: true });
    copyFileSync(APP_TEST_FILE, join(appDir, 'test', 'email.test.mjs'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(appDir, 'node_modules'));

    const cert = runStep('cert', env);
    expect(cert.status, cert.output).toBe(0);

    // bash leaves the sandbox running in its process group, as on a runner.
    const step = stepById(job, 'sandbox');
    const shell = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: stepCwd(step),
      env: stepEnv(step, env),
      detached: true,
      stdio: 'ignore',
    });
    sandboxGroup = shell.pid!;
    const started = await new Promise<number | null>((resolve) => shell.on('close', resolve));
    expect(started).toBe(0);

    const wait = runStep('wait', env);
    expect(wait.status, wait.output).toBe(0);

    const test = runStep('test', env);
    expect(test.status, `${test.output}\nsandbox log:\n${readFileSync(env.SANDBOX_LOG!, 'utf8')}`).toBe(0);
    expect(test.stdout).toMatch(/\bpass 2\b/);
    expect(test.stdout).toMatch(/\bfail 0\b/);

    // Stop it as the runner does at the end of the job, and let it finish writing.
    process.kill(-sandboxGroup, 'SIGTERM');
    await until(() => !groupAlive(sandboxGroup!), 20_000, 'the sandbox to stop');

    const records = readFileSync(env.SANDBOX_JSONL!, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { status: string });
    expect(records.map((r) => r.status).sort()).toEqual(['accepted', 'rejected']);
    expect(existsSync(env.SANDBOX_OUT!)).toBe(true);
    expect(readdirSync(env.SANDBOX_OUT!).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  });
});
