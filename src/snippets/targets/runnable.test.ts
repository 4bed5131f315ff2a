// The runnable targets must at least parse in their real interpreters. Sending through
// a live SMTP server is the sandbox's job; this catches broken quoting and syntax early.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireProgram } from '../../../sandbox/test/programs.ts';
import type { SnippetInputs } from '../inputs';
import { curl, django, flaskMail, msmtp, nodemailer, postfix, pythonSmtplib, swaks } from './index';

const dir = mkdtempSync(join(tmpdir(), 'snippets-'));
const VARIANTS: Partial<SnippetInputs>[] = [
  {},
  { port: 465 },
  { inlineToken: true, token: `a/b+c=d"e'f\\$x`, tags: "it's, \"q\"", listUnsubscribe: 'https://a.io/u?x=1&y=$HOME' },
];


function check(cmd: string, args: (file: string) => string[], name: string, code: string) {
  const file = join(dir, name);
  writeFileSync(file, code);
  expect(() => execFileSync(cmd, args(file), { stdio: 'pipe' })).not.toThrow();
}

describe('runnable snippets parse', () => {
  it('Nodemailer script passes node --check', () => {
    VARIANTS.forEach((v, n) => check('node', (f) => ['--check', f], `send${n}.mjs`, nodemailer.render(v).code));
  });

  it('Python snippets compile', () => {
    requireProgram('python3', 'python3');
    for (const target of [pythonSmtplib, django, flaskMail]) {
      VARIANTS.forEach((v, n) => {
        const out = target.render(v);
        for (const [k, code] of [out.code, ...out.extra.map((f) => f.code)].entries()) {
          check('python3', (f) => ['-m', 'py_compile', f], `${target.id}${n}-${k}.py`, code);
        }
      });
    }
  });

  it('shell snippets pass bash -n', () => {
    requireProgram('bash', 'bash');
    for (const target of [curl, swaks, msmtp, postfix]) {
      VARIANTS.forEach((v, n) => {
        const out = target.render(v);
        const files = [{ code: out.code, language: out.language }, ...out.extra].filter((f) => f.language === 'bash');
        expect(files.length).toBeGreaterThan(0);
        files.forEach((f, k) => check('bash', (p) => ['-n', p], `${target.id}${n}-${k}.sh`, f.code));
      });
    }
  });
});
