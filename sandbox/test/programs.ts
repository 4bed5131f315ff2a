/**
 * Test support for outside programs: whether one runs, requiring one, and running one.
 * A test that needs a program (or a library a runtime loads) that is not installed
 * fails and names the Debian package that installs it: never a skip, never a pass.
 */
import { spawn, spawnSync } from 'node:child_process';

/** True when `command args` runs and exits 0 (a runtime, or a runtime loading a library). */
export function succeeds(command: string, args: readonly string[] = ['--version']): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** Fails unless `ok`, saying what is missing and the Debian packages that install it. */
export function requireRuntime(ok: boolean, what: string, debianPackages: string): void {
  if (!ok) throw new Error(`${what} is not installed: apt-get install -y ${debianPackages}`);
}

/** Fails unless `program` is on PATH (or is an executable path), naming its Debian package. */
export function requireProgram(program: string, debianPackage: string): void {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' });
  requireRuntime(found.status === 0, program, debianPackage);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (killed after `timeoutMs`), feeding `input` on stdin. */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string | Uint8Array; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish within ${options.timeoutMs ?? 30_000} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // a client that exits early closes its stdin
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command in `cwd` with exactly `env`, stdout and stderr as one text; killed after `timeoutMs`. */
export function runIn(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
