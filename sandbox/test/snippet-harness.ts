/**
 * Runs generated snippets for real. A test file calls `useSnippetSandbox()` once; it
 * starts a sandbox whose only token is full of URL-, shell- and quote-special
 * characters, writes the sandbox certificate to a file and offers `deliver()`:
 * render a target for the sandbox's ports, write its files exactly as rendered, run
 * the reader's command in that directory and collect the sandbox's records.
 *
 * The only thing a reader would not do: the harness makes each client trust the
 * sandbox's self-signed certificate through the runtime's own setting
 * (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, CURL_CA_BUNDLE, an msmtp shim adding
 * `--tls-trust-file`, or what a runner passes itself). It never turns checks off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinishedMessage } from '../server.ts';
import { HOST, startTestSandbox, until, type TestSandbox } from './helpers.ts';
import { runIn } from './programs.ts';

// src/snippets is written for the site's bundler (extensionless imports) and type-checked
// with the site; this directory's NodeNext tsconfig cannot follow it. So it is loaded at
// run time, through a specifier tsc does not resolve, and described by the fields used here.
export interface SnippetFile {
  filename?: string;
  code: string;
}
export interface SnippetTarget {
  id: string;
  label: string;
  render(inputs: Record<string, unknown>): SnippetFile & { extra: SnippetFile[]; notes: string[]; warnings: string[] };
}
const snippets = (path: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ `../../src/snippets/${path}`);
export const targets = (await snippets('targets/index.ts')) as Record<string, SnippetTarget>;
const { formatUnsubscribe } = (await snippets('headers.ts')) as { formatUnsubscribe(raw: string): string };
export const { BODY, SUBJECT } = (await snippets('message.ts')) as { BODY: string; SUBJECT: string };
export const { TOKEN_ENV, PLACEHOLDER_TOKEN } = (await snippets('token.ts')) as { TOKEN_ENV: string; PLACEHOLDER_TOKEN: string };

/**
 * URL-, shell- and quote-special characters every target claims to carry: the env-var
 * forms pass the value untouched, and each inline form quotes it for its language. No
 * colon (curl would split the user name there) and no whitespace (not a token
 * character; the sandbox CLI refuses it too).
 */
export const SPECIAL_TOKEN = 'tok/en+with=odd"chars\'$HOME`id`\\%41&;#!?*~|<>{}';
export const DOMAIN = 'snippets.test';
export const FROM = `Snippet Test <app@${DOMAIN}>`;
// The double quote matters: Nodemailer would MIME-encode such a value unless it is `prepared`.
export const TAGS_TYPED = 'snippet test,  it\'s "quoted" , $HOME';
export const TAGS = ['snippet test', 'it\'s "quoted"', '$HOME'];
export const UNSUBSCRIBE_TYPED = `https://${DOMAIN}/unsubscribe?u=1&t=$HOME, mailto:unsubscribe@${DOMAIN}?subject=unsubscribe`;
export const UNSUBSCRIBE = formatUnsubscribe(UNSUBSCRIBE_TYPED);
export const REPO = new URL('../../', import.meta.url).pathname;

export type Mode = 'starttls' | 'tls';
export type TokenMode = 'env' | 'inline';

export const MATRIX: [Mode, TokenMode][] = [
  ['starttls', 'env'],
  ['tls', 'env'],
  ['starttls', 'inline'],
  ['tls', 'inline'],
];
export const LABEL: Record<Mode, string> = { starttls: 'the STARTTLS port', tls: 'the implicit-TLS port' };

export interface RunResult {
  code: number | null;
  output: string;
}

export interface Runner {
  target: SnippetTarget;
  /** The command a reader runs in the snippet's directory (shell scripts under plain sh, stricter than bash). */
  command: string[] | ((ctx: RunContext) => string[]);
  /** Harness-only preparation (installing a dependency the way a reader would). */
  prepare?(dir: string, ctx: RunContext): Promise<void>;
  /** Extra environment, e.g. a runtime's own trust setting. */
  env?(ctx: RunContext): NodeJS.ProcessEnv;
  /** Milliseconds before the command is killed (JVM and Go builds need longer). */
  timeoutMs?: number;
  /** Render inputs this runner always needs, e.g. a host name its certificate check accepts. */
  inputs?: Record<string, unknown>;
}

/** What a runner knows about the run it is part of. */
export interface RunContext {
  certFile: string;
  port: number;
  mode: Mode;
  tokenMode: TokenMode;
  /** Whether the harness makes the client trust the sandbox certificate. */
  trust: boolean;
  /** The recipient rendered into the snippet, for runners whose snippet leaves it to the app (Laravel). */
  to: string;
}

export interface SnippetSandbox {
  readonly sandbox: TestSandbox;
  readonly certFile: string;
  readonly root: string;
  /** Renders, writes and runs one snippet; returns the client's result and its records. */
  deliver(runner: Runner, mode: Mode, tokenMode: TokenMode, trust?: boolean, overrides?: Record<string, unknown>): Promise<Delivery>;
  /** `deliver` plus the assertions every runnable target must pass. */
  expectDelivered(runner: Runner, mode: Mode, tokenMode: TokenMode): Promise<Delivery>;
  /** One `it` per port and token mode, for a runner. */
  describeDeliveries(title: string, runner: Runner): void;
}

export interface Delivery extends RunResult {
  to: string;
  dir: string;
  snippet: string;
  records: FinishedMessage['record'][];
}

/** What the reader types into the generator for a test run: the special token, tags and unsubscribe. */
export function snippetInputs(at: { host: string; port: number; mode: Mode; tokenMode: TokenMode; to: string }): Record<string, unknown> {
  return {
    host: at.host,
    port: at.port,
    security: at.mode,
    token: SPECIAL_TOKEN,
    inlineToken: at.tokenMode === 'inline',
    from: FROM,
    to: at.to,
    tags: TAGS_TYPED,
    listUnsubscribe: UNSUBSCRIBE_TYPED,
  };
}

/** The one record a snippet run must leave: accepted, with everything the reader typed. */
export function expectSnippetRecord(records: FinishedMessage['record'][], to: string): void {
  expect(records).toHaveLength(1);
  const record = records[0]!;
  expect(record, JSON.stringify(record, null, 2)).toMatchObject({
    status: 'accepted',
    envelope: { mail_from: `app@${DOMAIN}`, rcpt_to: [to] },
    payload: { from: FROM, to, subject: SUBJECT, tags: TAGS, list_unsubscribe: UNSUBSCRIBE },
  });
  expect(record.payload.textbody?.trim()).toBe(BODY);
}

/** Starts one sandbox for the calling test file and returns the delivery helpers. */
export function useSnippetSandbox(): SnippetSandbox {
  let t: TestSandbox;
  let root = '';
  let certFile = '';
  let shimDir = '';
  let runs = 0;

  beforeAll(async () => {
    t = await startTestSandbox({ tokens: { [SPECIAL_TOKEN]: DOMAIN } });
    root = await mkdtemp(join(tmpdir(), 'snippet-delivery-'));
    certFile = join(root, 'sandbox-cert.pem');
    await writeFile(certFile, t.sandbox.certificate.cert);
    shimDir = join(root, 'bin');
    await mkdir(shimDir);
    const realMsmtp = spawnSync('sh', ['-c', 'command -v msmtp'], { encoding: 'utf8' }).stdout.trim();
    if (realMsmtp && existsSync(realMsmtp)) {
      const shim = join(shimDir, 'msmtp');
      await writeFile(shim, `#!/bin/sh\nexec '${realMsmtp}' --tls-trust-file='${certFile}' "$@"\n`);
      await chmod(shim, 0o755);
    }
  });

  afterAll(async () => {
    await t?.sandbox.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Environment for a client: the sandbox certificate trusted, the token set or not. */
  function clientEnv(runner: Runner, ctx: RunContext): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env[TOKEN_ENV];
    if (ctx.tokenMode === 'env') env[TOKEN_ENV] = SPECIAL_TOKEN;
    if (ctx.trust) {
      Object.assign(env, { NODE_EXTRA_CA_CERTS: certFile, SSL_CERT_FILE: certFile, CURL_CA_BUNDLE: certFile });
      env.PATH = `${shimDir}:${env.PATH ?? ''}`;
    }
    return { ...env, ...runner.env?.(ctx) };
  }

  async function deliver(runner: Runner, mode: Mode, tokenMode: TokenMode, trust = true, overrides: Record<string, unknown> = {}): Promise<Delivery> {
    const id = `${runner.target.id}-${mode}-${tokenMode}${trust ? '' : '-untrusted'}-${++runs}`;
    const to = `${id}@example.com`;
    const port = mode === 'tls' ? t.tlsPort : t.port;
    const inputs = { ...snippetInputs({ host: HOST, port, mode, tokenMode, to }), ...runner.inputs, ...overrides };
    const out = runner.target.render(inputs);
    const dir = join(root, id);
    await mkdir(dir);
    for (const file of [{ filename: out.filename, code: out.code }, ...out.extra]) {
      if (!file.filename) throw new Error(`${runner.target.id}: a runnable snippet file has no name`);
      await mkdir(join(dir, file.filename, '..'), { recursive: true });
      await writeFile(join(dir, file.filename), `${file.code}\n`);
    }
    const ctx: RunContext = { certFile, port, mode, tokenMode, trust, to };
    await runner.prepare?.(dir, ctx);
    const [command, ...args] = typeof runner.command === 'function' ? runner.command(ctx) : runner.command;
    const result = await runIn(command!, args, dir, clientEnv(runner, ctx), runner.timeoutMs);
    const mine = (m: FinishedMessage) => m.record.envelope.rcpt_to.includes(to);
    // The record is made before the final reply, so it is there once the client exits 0.
    if (result.code === 0) await until(() => t.messages.some(mine), 2_000, `the record for ${to}`);
    return { ...result, to, dir, snippet: out.code, records: t.messages.filter(mine).map((m) => m.record) };
  }

  async function expectDelivered(runner: Runner, mode: Mode, tokenMode: TokenMode): Promise<Delivery> {
    const r = await deliver(runner, mode, tokenMode);
    const command = typeof runner.command === 'function' ? '(runner command)' : runner.command.join(' ');
    expect(r.code, `${command} failed:\n${r.output}\n--- snippet ---\n${r.snippet}`).toBe(0);
    expectSnippetRecord(r.records, r.to);
    return r;
  }

  function describeDeliveries(title: string, runner: Runner): void {
    describe(title, () => {
      for (const [mode, tokenMode] of MATRIX) {
        it(`sends over ${LABEL[mode]} with the token ${tokenMode === 'env' ? `in ${TOKEN_ENV}` : 'inline'}`, () =>
          expectDelivered(runner, mode, tokenMode));
      }
    });
  }

  return {
    get sandbox() {
      return t;
    },
    get certFile() {
      return certFile;
    },
    get root() {
      return root;
    },
    deliver,
    expectDelivered,
    describeDeliveries,
  };
}
