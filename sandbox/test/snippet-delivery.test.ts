/**
 * The generated snippets for Node, Python's smtplib and the command-line clients, run
 * for real through the sandbox (see snippet-harness.ts): for the STARTTLS port and the
 * implicit-TLS port, with the token read from MAILPACE_API_TOKEN and pasted inline.
 * Other runtimes have their own files (snippets-*.test.ts).
 */
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireProgram } from './programs.ts';
import { REPO, targets, useSnippetSandbox, type Runner } from './snippet-harness.ts';

const { curl, msmtp, nodemailer, pythonSmtplib, swaks } = targets as Record<string, Runner['target']>;

beforeAll(() => {
  for (const [program, hint] of [
    ['python3', 'python3'],
    ['curl', 'curl'],
    ['swaks', 'swaks'],
    ['msmtp', 'msmtp'],
  ]) requireProgram(program!, hint!);
});

const s = useSnippetSandbox();

const RUNNERS: Runner[] = [
  {
    target: nodemailer!,
    command: [process.execPath, 'send.mjs'],
    // `npm install nodemailer`, done by linking the repository's copy.
    async prepare(dir) {
      await mkdir(join(dir, 'node_modules'));
      await symlink(join(REPO, 'node_modules', 'nodemailer'), join(dir, 'node_modules', 'nodemailer'), 'dir');
    },
  },
  { target: pythonSmtplib!, command: ['python3', 'send.py'] },
  { target: curl!, command: ['sh', 'send.sh'] },
  { target: swaks!, command: ['sh', 'send.sh'] },
  { target: msmtp!, command: ['sh', 'send.sh'] },
];

describe('generated snippets deliver through the sandbox', () => {
  for (const runner of RUNNERS) s.describeDeliveries(runner.target.label, runner);
});

describe('the harness trusts the sandbox certificate instead of skipping verification', () => {
  for (const runner of RUNNERS) {
    it(`${runner.target.label} refuses the sandbox without its certificate`, async () => {
      const r = await s.deliver(runner, 'starttls', 'env', false);
      expect(r.code, r.output).not.toBe(0);
      expect(r.output).toMatch(/certificate/i); // e.g. "self-signed certificate", "certificate is NOT trusted"
      expect(r.records).toEqual([]);
    });
  }
});
