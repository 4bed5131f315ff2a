/**
 * Shared test plumbing: an in-process sandbox on free loopback ports, a raw SMTP
 * client for byte-exact tests, and the real CLI as a child process. Outside programs
 * are run and required through programs.ts.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Readable } from 'node:stream';
import { DEMO_DOMAIN, DEMO_TOKEN } from '../../simulator/index.ts';
import { startSandbox, type FinishedMessage, type Sandbox, type SandboxOptions } from '../server.ts';
import { startApp, type App, type AppOptions } from '../app.ts';
import { plainArgument } from '../../src/terminal/encoding.ts';

export const HOST = '127.0.0.1';
export const TOKEN = DEMO_TOKEN;
export const DOMAIN = DEMO_DOMAIN;

export interface TestSandbox {
  sandbox: Sandbox;
  port: number;
  tlsPort: number;
  messages: FinishedMessage[];
  /** Resolves once `count` messages in all were reported (or rejects after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<FinishedMessage[]>;
  /** Resolves once no connection is open. */
  waitForNoConnections(timeoutMs?: number): Promise<void>;
  logs: string[];
}

/** Polls `check` until it returns true. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A sandbox on two free loopback ports that records every finished message. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const logs: string[] = [];
  const sandbox = await startSandbox({ host: HOST, port: 0, tlsPort: 0, log: (l) => logs.push(l), ...options });
  const messages: FinishedMessage[] = [];
  sandbox.on('message', (m) => messages.push(m));
  return {
    sandbox,
    port: sandbox.ports.starttls,
    tlsPort: sandbox.ports.tls,
    messages,
    logs,
    async waitForMessages(count, timeoutMs = 10_000) {
      await until(() => messages.length >= count, timeoutMs, `${count} messages (have ${messages.length})`);
      return messages;
    },
    waitForNoConnections: (timeoutMs = 10_000) => until(() => sandbox.connectionCount === 0, timeoutMs, 'all connections to close'),
  };
}

/** A message with CRLF line ends. */
export function buildMessage(fields: {
  from?: string;
  to?: string;
  subject?: string;
  headers?: Record<string, string>;
  body?: string;
}): string {
  const lines = [
    `From: ${fields.from ?? `App <app@${DOMAIN}>`}`,
    `To: ${fields.to ?? 'someone@example.net'}`,
    `Subject: ${fields.subject ?? 'Hello from a test'}`,
    ...Object.entries(fields.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    fields.body ?? 'Hello.',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function authPlain(token = TOKEN): string {
  return plainArgument(token);
}

/**
 * A bare SMTP client over a socket: writes exactly the bytes it is given and reads
 * replies, so tests can send what no well-behaved client would.
 */
export class RawClient {
  private socket: Socket;
  private buffer = '';
  private wake: (() => void) | null = null;
  private ended = false;
  /** Everything received so far, for diagnostics and for "read until close". */
  received = '';

  private constructor(socket: Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  static connect(port: number, options: { tls?: boolean } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tlsConnect({ host: HOST, port, rejectUnauthorized: false }, () => resolve(new RawClient(socket)))
        : netConnect({ host: HOST, port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private attach(socket: Socket): void {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.received += d;
      this.wake?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
  }

  get closed(): boolean {
    return this.ended;
  }

  write(data: string | Uint8Array): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  private async waitForData(deadline: number, what: string): Promise<void> {
    if (this.ended) throw new Error(`connection closed while waiting for ${what}; received so far:\n${this.received}`);
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${what}; received so far:\n${this.received}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  /** The next complete reply (all lines of a multi-line reply, CRLF-joined, without the last CRLF). */
  async reply(timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let at = 0;
      for (;;) {
        const end = this.buffer.indexOf('\r\n', at);
        if (end === -1) break;
        if (this.buffer[at + 3] === ' ' || end - at === 3) {
          const text = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          return text;
        }
        at = end + 2;
      }
      await this.waitForData(deadline, 'a reply');
    }
  }

  async command(line: string, timeoutMs?: number): Promise<string> {
    this.write(`${line}\r\n`);
    return this.reply(timeoutMs);
  }

  /** Upgrades this connection to TLS (after a 220 to STARTTLS). */
  startTls(): Promise<void> {
    if (this.buffer) throw new Error(`plaintext left unread before the TLS upgrade: ${JSON.stringify(this.buffer)}`);
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    return new Promise((resolve, reject) => {
      const secure = tlsConnect({ socket: plain, rejectUnauthorized: false }, () => resolve());
      secure.once('error', reject);
      this.socket = secure;
      this.attach(secure);
    });
  }

  /** Greeting, EHLO, STARTTLS, EHLO again, AUTH PLAIN: ready for MAIL. */
  async login(token = TOKEN): Promise<void> {
    expectCode(await this.reply(), 220);
    expectCode(await this.command('EHLO client.test'), 250);
    expectCode(await this.command('STARTTLS'), 220);
    await this.startTls();
    expectCode(await this.command('EHLO client.test'), 250);
    expectCode(await this.command(`AUTH PLAIN ${authPlain(token)}`), 235);
  }

  /** Everything the server sends until it closes the connection. */
  async readUntilClose(timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) await this.waitForData(deadline, 'the server to close').catch((e: Error) => {
      if (!this.ended) throw e;
    });
    const rest = this.buffer;
    this.buffer = '';
    return rest;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export function expectCode(reply: string, code: number): string {
  if (!reply.startsWith(String(code))) throw new Error(`expected a ${code} reply, got: ${reply}`);
  return reply;
}

export interface CliProcess {
  port: number;
  tlsPort: number;
  /** stdout so far. */
  readonly stdout: string;
  /** stderr so far. */
  readonly stderr: string;
  /** Complete stdout lines so far. */
  lines(): string[];
  /** Waits until stdout holds at least `count` complete lines. */
  waitForLines(count: number, timeoutMs?: number): Promise<string[]>;
  /** Sends a signal (SIGINT by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const BIN = new URL('../bin.mjs', import.meta.url).pathname;

/** Runs the real CLI (`node sandbox/bin.mjs …`) and learns its ports from the stderr banner. */
export function startCli(args: readonly string[], timeoutMs = 20_000): Promise<CliProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return watchCli(child, (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }, timeoutMs);
}

const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Runs a shell command line from the repository root, as a reader would type it
 * (`npm run … -- --json`), and learns the sandbox's ports from its stderr banner.
 * The command runs in its own process group so `stop()` reaches the sandbox under
 * npm and its shell, not only npm.
 */
export function startShellCommand(command: string, timeoutMs = 30_000): Promise<CliProcess> {
  const child = spawn('sh', ['-c', command], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return watchCli(child, (signal) => {
    try {
      process.kill(-child.pid!, signal);
    } catch (error) {
      // ESRCH: the whole group has already exited.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }, timeoutMs);
}

function watchCli(child: ChildProcessByStdio<null, Readable, Readable>, kill: (signal: NodeJS.Signals) => void, timeoutMs: number): Promise<CliProcess> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const lines = () => stdout.split('\n').slice(0, -1);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill('SIGKILL');
      reject(new Error(`the CLI did not print its ports within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    const check = () => {
      const plain = /listening on \S+:(\d+) \(STARTTLS/.exec(stderr);
      const secure = /listening on \S+:(\d+) \(TLS/.exec(stderr);
      // The banner ends with this line: wait for all of it.
      if (!plain || !secure || !stderr.includes('Press Ctrl+C to stop.')) return;
      clearTimeout(timer);
      child.stderr.off('data', check);
      resolve({
        port: Number(plain[1]),
        tlsPort: Number(secure[1]),
        get stdout() {
          return stdout;
        },
        get stderr() {
          return stderr;
        },
        lines,
        async waitForLines(count, wait = 20_000) {
          await until(() => lines().length >= count, wait, `${count} lines on stdout (have ${lines().length})`);
          return lines();
        },
        stop(signal = 'SIGINT') {
          kill(signal);
          return exited;
        },
      });
    };
    child.stderr.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited (${code}) before listening; stderr:\n${stderr}`));
    });
  });
}

/** The sandbox with its inbox and HTTP APIs, in-process, on free loopback ports. */
export interface TestApp {
  app: App;
  /** `http://127.0.0.1:PORT` of the inbox API and the send API. */
  origin: string;
  port: number;
  tlsPort: number;
  logs: string[];
  close(): Promise<void>;
}

export async function startTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const logs: string[] = [];
  const app = await startApp({
    host: HOST,
    port: 0,
    tlsPort: 0,
    loopback: true,
    inbox: { port: 0, keep: 1000, password: null },
    log: (l) => logs.push(l),
    ...options,
  });
  return {
    app,
    origin: app.http?.origin ?? '',
    port: app.sandbox.ports.starttls,
    tlsPort: app.sandbox.ports.tls,
    logs,
    close: () => app.close(),
  };
}

/** The inbox URL a CLI printed on stderr. */
export function cliInboxOrigin(cli: CliProcess): string {
  const match = /inbox and API on (http:\/\/\S+?)\/ /.exec(cli.stderr);
  if (!match) throw new Error(`the CLI printed no inbox URL; stderr:\n${cli.stderr}`);
  return match[1]!;
}

/** Sends one message over SMTP (STARTTLS, AUTH PLAIN) with the raw client; returns the final reply. */
export async function smtpSend(port: number, message: string, options: { from?: string; to?: string[]; token?: string } = {}): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    await c.login(options.token);
    expectCode(await c.command(`MAIL FROM:<${options.from ?? `app@${DOMAIN}`}>`), 250);
    for (const to of options.to ?? ['reader@example.net']) expectCode(await c.command(`RCPT TO:<${to}>`), 250);
    expectCode(await c.command('DATA'), 354);
    const reply = await c.command(`${message}.`, 20_000);
    await c.command('QUIT');
    return reply;
  } finally {
    c.destroy();
  }
}
