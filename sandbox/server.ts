/**
 * The local SMTP sandbox: two listening ports that serve the shared protocol core
 * to real clients, one with STARTTLS (plaintext first) and one with TLS from the
 * first byte. It never relays: a finished message is reported (app.ts keeps it in the inbox).
 *
 * `startSandbox()` is what the CLI runs and what tests start in-process (ports may
 * be 0 to let the system choose). Each connection gets its own `SmtpSession`;
 * everything here is I/O, limits and bookkeeping.
 */
import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import {
  DEMO_DOMAIN,
  DEMO_TOKEN,
  SmtpSession,
  counterIds,
  type FailureKnob,
  type FailureRule,
  type Limits,
  type MessageLimiter,
  type PortMode,
} from '../simulator/index.ts';
import { createSelfSignedCertificate, type TlsMaterial } from './certificate.ts';
import { SmtpConnection, type FinishedMessage } from './connection.ts';
import { WindowLimiter, type RateLimit } from './rate-limit.ts';

export type { FinishedMessage } from './connection.ts';

export interface SandboxOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** STARTTLS port (default 2525); 0 picks a free one. */
  port?: number;
  /** Implicit TLS port (default 2465); 0 picks a free one. */
  tlsPort?: number;
  /** Accepted API tokens and their sending domains (default: the demo token for example.com). */
  tokens?: Record<string, string>;
  /** PEM key and certificate; a self-signed one is made when absent. */
  certificate?: Pick<TlsMaterial, 'key' | 'cert'> & Partial<TlsMaterial>;
  /** Open connections served at once; the next one gets 421 at the greeting (default 100). */
  maxConnections?: number;
  /** Milliseconds without traffic before 421 4.4.2 and close (default 300 000; 0 disables). */
  idleTimeoutMs?: number;
  /**
   * Milliseconds one command line or TLS handshake may take from its first byte; the
   * message text gets the same budget, topped up by its bytes at a minimum rate.
   * Past it: 421 4.4.2 and close (default 60 000; 0 disables).
   */
  commandTimeoutMs?: number;
  /** Largest message in octets (default: the core's, 30 MB). */
  maxMessageBytes?: number;
  /** MailPace failures to simulate on every session. */
  failures?: Iterable<FailureKnob>;
  /** Failures chosen for a sender, a recipient or a message (`--rule`, `--rules`). */
  failureRules?: readonly FailureRule[];
  /** Messages per token and window (`--rate`), shared by SMTP and the send API. */
  rate?: RateLimit;
  /** Name in the greeting and the EHLO reply (default localhost). */
  hostname?: string;
  /** Where problems are logged (default: nowhere). */
  log?: (line: string) => void;
}

export const SANDBOX_DEFAULTS = {
  host: '127.0.0.1',
  port: 2525,
  tlsPort: 2465,
  maxConnections: 100,
  idleTimeoutMs: 300_000,
  // Our choice: well below Postfix's 300 s smtpd_timeout, far above any real client's pace.
  commandTimeoutMs: 60_000,
  hostname: 'localhost',
} as const;

/** How long `close()` waits for sessions to say goodbye before dropping them. */
const SHUTDOWN_GRACE_MS = 3_000;

export interface SandboxEvents {
  /** A message finished (accepted or rejected). */
  message: [FinishedMessage];
}

/** What every session of this sandbox shares: the send API applies the same. */
export interface SandboxPolicy {
  hostname: string;
  failures: ReadonlySet<FailureKnob>;
  /** Limits given on the command line (the core's defaults fill the rest). */
  limits: Partial<Limits>;
  /** The run's queue-ID source, shared by SMTP and the send API. */
  nextId: () => string;
  failureRules?: readonly FailureRule[];
  limiter?: MessageLimiter | null;
}

export class Sandbox extends EventEmitter<SandboxEvents> {
  readonly host: string;
  readonly policy: SandboxPolicy;
  readonly ports: { starttls: number; tls: number };
  readonly tokens: Readonly<Record<string, string>>;
  readonly certificate: TlsMaterial;
  /** Open connections, each marked true when served (false: refused at the cap, closing). */
  private readonly connections = new Map<SmtpConnection, boolean>();
  private served = 0;
  private readonly servers: Server[];
  private closing: Promise<void> | null = null;
  private idle: (() => void) | null = null;

  /** @internal Use `startSandbox()`. */
  constructor(init: {
    host: string;
    ports: { starttls: number; tls: number };
    tokens: Record<string, string>;
    certificate: TlsMaterial;
    servers: Server[];
    policy: SandboxPolicy;
  }) {
    super();
    this.host = init.host;
    this.policy = init.policy;
    this.ports = init.ports;
    this.tokens = init.tokens;
    this.certificate = init.certificate;
    this.servers = init.servers;
  }

  /** Connections open right now (refused ones included until they close). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Connections being served: what `maxConnections` limits. */
  get servedCount(): number {
    return this.served;
  }

  /** @internal */
  track(connection: SmtpConnection, served: boolean): void {
    this.connections.set(connection, served);
    if (served) this.served++;
  }

  /** @internal */
  untrack(connection: SmtpConnection): void {
    if (this.connections.get(connection)) this.served--;
    this.connections.delete(connection);
    if (this.connections.size === 0) this.idle?.();
  }

  /**
   * Stops listening, sends 421 to every open session and waits for them to close
   * (dropping the stragglers after a grace period). Safe to call more than once.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = Promise.all(this.servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
      const drained = new Promise<void>((done) => {
        this.idle = done;
        if (this.connections.size === 0) done();
      });
      for (const c of this.connections.keys()) c.shutdown();
      const timer = setTimeout(() => {
        for (const c of this.connections.keys()) c.destroy();
      }, SHUTDOWN_GRACE_MS);
      await drained;
      clearTimeout(timer);
      await stopped;
    })();
    return this.closing;
  }

  /** True once `close()` was called. */
  get shuttingDown(): boolean {
    return this.closing !== null;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      const why = error.code === 'EADDRINUSE' ? 'the port is already in use; choose another one' : error.message;
      reject(new Error(`Cannot listen on ${where}: ${why}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts both listeners; resolves once they accept connections. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? SANDBOX_DEFAULTS.host;
  // Domains compare in lower case, as the core compares the From domain.
  const given = Object.entries(options.tokens ?? {}).map(([token, domain]) => [token, domain.toLowerCase()]);
  const tokens: Record<string, string> = given.length ? Object.fromEntries(given) : { [DEMO_TOKEN]: DEMO_DOMAIN };
  const certificate: TlsMaterial = options.certificate
    ? { generated: false, fingerprint: null, ...options.certificate }
    : await createSelfSignedCertificate();
  const secureContext = createSecureContext({ key: certificate.key, cert: certificate.cert });
  const maxConnections = options.maxConnections ?? SANDBOX_DEFAULTS.maxConnections;
  const idleTimeoutMs = options.idleTimeoutMs ?? SANDBOX_DEFAULTS.idleTimeoutMs;
  const commandTimeoutMs = options.commandTimeoutMs ?? SANDBOX_DEFAULTS.commandTimeoutMs;
  const failures = new Set(options.failures ?? []);
  const hostname = options.hostname ?? SANDBOX_DEFAULTS.hostname;
  const limits: Partial<Limits> = options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes };
  const log = options.log ?? (() => undefined);
  // One ID source for the whole run, so queue IDs are unique across connections.
  const nextId = counterIds(`sandbox-${Date.now().toString(36)}`);

  const plain = createServer();
  const secure = createServer();
  const ports = { starttls: 0, tls: 0 };
  const failureRules = options.failureRules ?? [];
  const limiter = options.rate ? new WindowLimiter(options.rate, Date.now) : null;
  const policy = { hostname, failures, limits, nextId, failureRules, limiter };
  const sandbox = new Sandbox({ host, ports, tokens, certificate, servers: [plain, secure], policy });

  const accept = (mode: PortMode) => (socket: Socket) => {
    if (sandbox.shuttingDown) {
      socket.destroy();
      return;
    }
    const session = new SmtpSession({
      hostname,
      port: mode === 'starttls' ? ports.starttls : ports.tls,
      portMode: mode,
      tokens,
      limits,
      failures,
      failureRules,
      limiter,
      now: Date.now,
      nextId,
    });
    const refuse = sandbox.servedCount >= maxConnections;
    const connection = new SmtpConnection(socket, {
      session,
      mode,
      secureContext,
      idleTimeoutMs,
      commandTimeoutMs,
      refuse,
      onMessage: (message) => sandbox.emit('message', message),
      onClose: (c) => sandbox.untrack(c),
      onProblem: log,
    });
    sandbox.track(connection, !refuse);
  };
  plain.on('connection', accept('starttls'));
  secure.on('connection', accept('implicit-tls'));

  try {
    ports.starttls = await listen(plain, options.port ?? SANDBOX_DEFAULTS.port, host);
    ports.tls = await listen(secure, options.tlsPort ?? SANDBOX_DEFAULTS.tlsPort, host);
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return sandbox;
}
