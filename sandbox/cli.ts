/**
 * `mailpace-sandbox` / `npm run --silent sandbox -- [flags]`: flags in, a running sandbox out.
 *
 * stdout carries only the per-message output (one JSON object per line with
 * `--json`, else a readable summary); everything else (the banner with the ports,
 * token and certificate, warnings, errors) goes to stderr, so `--json` output can
 * be piped straight into another program.
 */
import { parseArgs } from 'node:util';
import { FAILURE_KNOBS, type FailureKnob } from '../simulator/index.ts';
import { createSelfSignedCertificate, readCertificateFiles, type TlsMaterial } from './certificate.ts';
import { OutWriter, formatSummary, jsonLinePieces } from './report.ts';
import { MIN_DATA_RATE } from './request-deadline.ts';
import { SANDBOX_DEFAULTS, startSandbox, type SandboxOptions } from './server.ts';

/**
 * How to run it through npm. `--silent` matters: without it npm writes its own
 * two-line banner to stdout, ahead of the `--json` output.
 */
export const NPM_RUN = 'npm run --silent sandbox --';

export const USAGE = `Usage: mailpace-sandbox [flags]     (or: ${NPM_RUN} [flags])

A local SMTP server that treats each message as MailPace would. It never relays:
messages are reported here, never delivered.

  --host ADDR             address to bind (default ${SANDBOX_DEFAULTS.host})
  --port N                STARTTLS port (default ${SANDBOX_DEFAULTS.port}; 0 = any free port)
  --tls-port N            TLS-from-the-first-byte port (default ${SANDBOX_DEFAULTS.tlsPort}; 0 = any free port)
  --token TOKEN=DOMAIN    an accepted API token and its sending domain; repeatable
                          (default: the demo token for example.com, printed at start)
  --cert FILE --key FILE  PEM certificate and key (default: a self-signed one made at start)
  --json                  one JSON object per finished message on stdout, nothing else
  --out DIR               also write each message to DIR as .eml plus its .json record
  --max-connections N     open connections at once; the next gets 421 (default ${SANDBOX_DEFAULTS.maxConnections})
  --idle-timeout SECONDS  421 4.4.2 and close after this long without traffic (default ${SANDBOX_DEFAULTS.idleTimeoutMs / 1000})
  --command-timeout SECONDS
                          421 4.4.2 and close when one command line takes longer than this
                          from its first byte, or message text arrives slower than
                          ${MIN_DATA_RATE} bytes/s on average (default ${SANDBOX_DEFAULTS.commandTimeoutMs / 1000})
  --max-size SIZE         largest message, in bytes or with KB/MB (default 30MB)
  --fail KNOB             simulate a MailPace failure; repeatable: ${FAILURE_KNOBS.join('|')}
  -h, --help              show this help

Through npm, keep --silent (${NPM_RUN} --json): without it npm prints its
own banner on stdout, ahead of the JSON.
`;

/** A command line we cannot run; the message says what to fix. */
export class UsageError extends Error {}

export interface CliOptions {
  help: boolean;
  json: boolean;
  out: string | null;
  certFile: string | null;
  keyFile: string | null;
  /** Tokens given with --token; empty means "use the demo token". */
  tokens: Record<string, string>;
  sandbox: Omit<SandboxOptions, 'tokens' | 'certificate' | 'log' | 'failures'> & { failures: FailureKnob[] };
}

function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return Number(text);
}

/** A duration flag in seconds (fractions allowed, above 0) as milliseconds. */
function seconds(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0)) throw new UsageError(`--${flag} must be a number of seconds above 0, not "${text}"`);
  return Math.max(1, Math.round(value * 1000));
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 * 1024, mb: 1024 * 1024 };

/** `30MB`, `512KB`, `1048576`: binary units, as the core's 30 MB default. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match && SIZE_UNITS[match[2]!.toLowerCase()];
  if (!match || unit === undefined || unit === null) throw new UsageError(`--max-size must be bytes or a size like 25MB or 512KB, not "${text}"`);
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < 1 || !Number.isSafeInteger(bytes)) throw new UsageError(`--max-size must be at least 1 byte, not "${text}"`);
  return bytes;
}

/** `TOKEN=DOMAIN` pairs into a token → domain map. */
export function parseTokens(values: readonly string[]): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const token = at === -1 ? '' : value.slice(0, at);
    const domain = at === -1 ? '' : value.slice(at + 1).toLowerCase();
    if (!token || !domain) throw new UsageError(`--token expects TOKEN=DOMAIN, for example --token my-api-token=example.com; got "${value}"`);
    if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new UsageError(`--token: the token may not contain spaces or control characters: "${value}"`);
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
      throw new UsageError(`--token: "${domain}" is not a domain name`);
    }
    if (token in tokens) throw new UsageError(`--token: token "${token}" is given twice`);
    tokens[token] = domain;
  }
  return tokens;
}

/** Reads the command line; throws UsageError with a fix-it message when it is wrong. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'tls-port': { type: 'string' },
        token: { type: 'string', multiple: true },
        cert: { type: 'string' },
        key: { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        'max-connections': { type: 'string' },
        'idle-timeout': { type: 'string' },
        'command-timeout': { type: 'string' },
        'max-size': { type: 'string' },
        fail: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together: give both or neither');
  const failures = (values.fail ?? []).map((knob) => {
    if (!(FAILURE_KNOBS as readonly string[]).includes(knob)) throw new UsageError(`--fail must be one of ${FAILURE_KNOBS.join(', ')}; got "${knob}"`);
    return knob as FailureKnob;
  });
  const port = integer('port', values.port, 0, 65535);
  const tlsPort = integer('tls-port', values['tls-port'], 0, 65535);
  if ((port ?? SANDBOX_DEFAULTS.port) === (tlsPort ?? SANDBOX_DEFAULTS.tlsPort) && port !== 0) {
    throw new UsageError('--port and --tls-port must differ');
  }
  const idleTimeoutMs = seconds('idle-timeout', values['idle-timeout']);
  const commandTimeoutMs = seconds('command-timeout', values['command-timeout']);
  if (values.out === '') throw new UsageError('--out needs a folder');
  if (values.host === '') throw new UsageError('--host needs an address');

  const sandbox: CliOptions['sandbox'] = { failures };
  if (values.host !== undefined) sandbox.host = values.host;
  if (port !== undefined) sandbox.port = port;
  if (tlsPort !== undefined) sandbox.tlsPort = tlsPort;
  const maxConnections = integer('max-connections', values['max-connections'], 1, 1_000_000);
  if (maxConnections !== undefined) sandbox.maxConnections = maxConnections;
  if (idleTimeoutMs !== undefined) sandbox.idleTimeoutMs = idleTimeoutMs;
  if (commandTimeoutMs !== undefined) sandbox.commandTimeoutMs = commandTimeoutMs;
  if (values['max-size'] !== undefined) sandbox.maxMessageBytes = parseSize(values['max-size']);

  return {
    help: values.help ?? false,
    json: values.json ?? false,
    out: values.out ?? null,
    certFile: values.cert ?? null,
    keyFile: values.key ?? null,
    tokens: parseTokens(values.token ?? []),
    sandbox,
  };
}

/** Loopback addresses: the only ones that keep the sandbox private to this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Runs the sandbox until SIGINT or SIGTERM; resolves with the exit code.
 * A second Ctrl+C while shutting down exits at once.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log(`mailpace-sandbox: ${error.message}\n`);
    log(USAGE);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let certificate: TlsMaterial;
  try {
    certificate = options.certFile && options.keyFile
      ? await readCertificateFiles(options.certFile, options.keyFile)
      : await createSelfSignedCertificate();
  } catch (error) {
    log(`mailpace-sandbox: cannot read the certificate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  const host = options.sandbox.host ?? SANDBOX_DEFAULTS.host;
  if (!isLoopback(host)) {
    log(`warning: binding ${host} makes the sandbox reachable from other machines. It never relays, but anyone who can reach it can log in with the tokens below. Use --host 127.0.0.1 unless you need this.`);
  }

  let sandbox;
  try {
    sandbox = await startSandbox({ ...options.sandbox, tokens: options.tokens, certificate, log });
  } catch (error) {
    log(`mailpace-sandbox: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  const out = options.out ? new OutWriter(options.out, (e) => log(`warning: cannot write to ${options.out}: ${e.message}`)) : null;
  sandbox.on('message', ({ record, raw }) => {
    if (options.json) for (const piece of jsonLinePieces(record)) process.stdout.write(piece);
    else process.stdout.write(formatSummary(record));
    out?.write(record, raw);
  });

  log('MailPace SMTP sandbox: simulated MailPace rules; it never relays, messages are reported here and not delivered.');
  log(`listening on ${hostPort(sandbox.host, sandbox.ports.starttls)} (STARTTLS; plaintext first, like MailPace ports 25, 587 and 2525)`);
  log(`listening on ${hostPort(sandbox.host, sandbox.ports.tls)} (TLS from the first byte, like MailPace port 465)`);
  for (const [token, domain] of Object.entries(sandbox.tokens)) {
    log(`token: ${token}  (domain ${domain}; use it as both the SMTP username and password)`);
  }
  log(
    certificate.generated
      ? `certificate: self-signed for localhost, 127.0.0.1 and ::1 (SHA-1 ${certificate.fingerprint}); clients must skip verification`
      : `certificate: ${options.certFile}`,
  );
  if (options.sandbox.failures.length) log(`simulating failures: ${options.sandbox.failures.join(', ')}`);
  if (out) log(`writing each message to ${out.dir}`);
  log('Press Ctrl+C to stop.');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (reason: string) => {
      if (stopping) {
        log('stopping now');
        process.exit(130);
      }
      stopping = true;
      const open = sandbox.connectionCount;
      log(`${reason}: shutting down${open ? `, sending 421 to ${open} open session${open === 1 ? '' : 's'}` : ''}`);
      void sandbox
        .close()
        .then(() => out?.flush())
        .then(() => {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          resolve(0);
        });
    };
    const onInt = () => stop('interrupted');
    const onTerm = () => stop('terminated');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    // Output piped into a program that exits (`| head`): stop quietly.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') stop('stdout closed');
    });
  });
}
