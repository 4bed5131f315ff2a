/** Test support: whether a program runs here, so tests that need it can skip with a reason. */
import { execFileSync } from 'node:child_process';

export function commandExists(command: string, args: readonly string[] = ['--version']): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
