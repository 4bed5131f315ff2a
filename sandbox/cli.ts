/**
 * `mailpace-sandbox` / `npm run --silent sandbox -- [flags]`: flags in, a running sandbox out.
 *
 * stdout carries only the per-message output (one JSON object per line with
 * `--json`, else a readable summary); everything else (the banner with the ports,
 * token and certificate, warnings, errors) goes to stderr, so `--json` output can
 * be piped straight into another program.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CHOSEN_FAILURES, CHOSEN_OUTCOMES, FAILURE_KNOBS, type FailureKnob, type OutcomeRule } from '../simulator/index.ts';
import { createSelfSignedCertificate, readCertificateFiles, type TlsMaterial } from './certificate.ts';
import { startApp, type App, type InboxOptions } from './app.ts';
import { inboxPageRoutes } from './inbox-routes.ts';
import { simulatorPageUrl } from './simulator-link.ts';
import { formatSummary, jsonLineChunks } from './report.ts';
import { MIN_DATA_RATE } from './request-deadline.ts';
import { parseRule, readRuleFile, ruleText, splitRules, type SandboxRule } from './failure-rules.ts';
import { parseRate } from './rate-limit.ts';
import { SEND_PATH } from './send-api.ts';
import { SANDBOX_DEFAULTS, type SandboxOptions } from './server.ts';
import { outcomeFromRules } from './webhooks/dispatcher.ts';
import { parseWebhookUrl } from './webhooks/endpoint-url.ts';
import { loadWebhookKey, type WebhookKey } from './webhooks/signing-key.ts';

/**
 * How to run it through npm. `--silent` matters: without it npm writes its own
 * two-line banner to stdout, ahead of the `--json` output.
 */
export const NPM_RUN = 'npm run --silent sandbox --';

/** Our choice: near the SMTP defaults (2525, 2465) and clear of common dev servers. */
export const INBOX_DEFAULTS = { port: 2580, keep: 1000 } as const;

export const USAGE = `Usage: mailpace-sandbox [flags]     (or: ${NPM_RUN} [flags])

A local SMTP server that treats each message as MailPace would. It never relays:
messages are reported here, never delivered.

  --host ADDR             address to bind (default ${SANDBOX_DEFAULTS.host})
  --port N                STARTTLS port (default ${SANDBOX_DEFAULTS.port}; 0 = any free port)
  --tls-port N            TLS-from-the-first-byte port (default ${SANDBOX_DEFAULTS.tlsPort}; 0 = any free port)
  --token TOKEN=DOMAIN    an accepted API token and its sending domain; repeatable
                          (default: the demo token for example.com, printed at start)
  --cert FILE --key FILE  PEM certificate and key (default: a self-signed one made at start)
  --write-cert FILE       write the self-signed certificate to FILE, so clients can trust it
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
  --rule STAGE:PATTERN=FAILURE
                          simulated: make a sender (mail), a recipient (rcpt) or a whole
                          message (data) whose address matches PATTERN (* = anything) fail
                          with a MailPace failure: ${Object.keys(CHOSEN_FAILURES).join('|')}; repeatable,
                          over SMTP and the send API alike, e.g. --rule 'rcpt:bounce@*=blocked'
  --rule after:PATTERN=OUTCOME
                          simulated: accept a message to a recipient matching PATTERN as
                          usual, then have its webhooks report OUTCOME instead of delivered:
                          ${Object.keys(CHOSEN_OUTCOMES).join('|')} (email.bounced, email.deferred, email.spam;
                          deferred is the last event: no later delivered), e.g. 'after:bounce@*=bounced'
  --rules FILE            the same rules, one per line (blank lines and # comments skipped);
                          a line that does not read stops the start and names its number
  --rate N/WINDOW         simulated: at most N messages per token in any WINDOW (s, m or h,
                          e.g. 10/1m); past it 451 over SMTP, MailPace's 429 with a
                          Retry-After header over the send API
  --ui-port N             HTTP port of the inbox, its API and the send API (POST ${SEND_PATH})
                          (default ${INBOX_DEFAULTS.port}, or any free port when --port is 0; 0 = any free port)
  --no-ui                 no HTTP server: no inbox, no API
  --keep N                messages the inbox keeps in memory; the oldest go first (default ${INBOX_DEFAULTS.keep})
  --ui-password PASSWORD  the inbox and its API ask for it (HTTP Basic auth, any user name);
                          required when --host is not a loopback address
  --site URL              the docs site whose simulator replays a message's SMTP transcript
                          (default: http://localhost:4321/, the site as npm start serves it)
  --webhook URL           post MailPace's webhooks for each message to URL, signed with
                          Ed25519 (X-MailPace-Signature); this machine only; repeatable
  --webhook-key FILE      sign with the Ed25519 private key in FILE (PEM or base64 seed);
                          a new key is written there if FILE does not exist
                          (default: a new key at each start; its public key is printed)
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
  /** Where to write the generated certificate (PEM) for clients to trust; null for nowhere. */
  writeCert: string | null;
  /** Tokens given with --token; empty means "use the demo token". */
  tokens: Record<string, string>;
  sandbox: Omit<SandboxOptions, 'tokens' | 'certificate' | 'log' | 'failures'> & { failures: FailureKnob[] };
  /** `--rules FILE`, read at start (its rules follow the `--rule` ones). */
  rulesFile: string | null;
  /** `after:` rules from `--rule`: the webhook outcome of accepted messages. */
  outcomeRules: OutcomeRule[];
  /** The HTTP side, or null with --no-ui. */
  inbox: Omit<InboxOptions, 'routes'> | null;
  /** `--webhook` URLs and `--webhook-key`. */
  webhooks: { urls: string[]; keyFile: string | null };
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
        'write-cert': { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        'max-connections': { type: 'string' },
        'idle-timeout': { type: 'string' },
        'command-timeout': { type: 'string' },
        'max-size': { type: 'string' },
        fail: { type: 'string', multiple: true },
        rule: { type: 'string', multiple: true },
        rules: { type: 'string' },
        rate: { type: 'string' },
        'ui-port': { type: 'string' },
        'no-ui': { type: 'boolean' },
        keep: { type: 'string' },
        'ui-password': { type: 'string' },
        site: { type: 'string' },
        webhook: { type: 'string', multiple: true },
        'webhook-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together: give both or neither');
  if (values['write-cert'] !== undefined && values.cert !== undefined) throw new UsageError('--write-cert writes the self-signed certificate; with --cert your clients already have yours');
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
  const rules: SandboxRule[] = (values.rule ?? []).map((text) => {
    try {
      return parseRule(text);
    } catch (error) {
      throw new UsageError(`--rule: ${(error as Error).message}`);
    }
  });
  const { failureRules, outcomeRules } = splitRules(rules);
  if (failureRules.length) sandbox.failureRules = failureRules;
  if (values.rules === '') throw new UsageError('--rules needs a file');
  if (values.rate !== undefined) {
    try {
      sandbox.rate = parseRate(values.rate);
    } catch (error) {
      throw new UsageError(`--rate ${(error as Error).message}`);
    }
  }
  if (values.host !== undefined) sandbox.host = values.host;
  if (port !== undefined) sandbox.port = port;
  if (tlsPort !== undefined) sandbox.tlsPort = tlsPort;
  const maxConnections = integer('max-connections', values['max-connections'], 1, 1_000_000);
  if (maxConnections !== undefined) sandbox.maxConnections = maxConnections;
  if (idleTimeoutMs !== undefined) sandbox.idleTimeoutMs = idleTimeoutMs;
  if (commandTimeoutMs !== undefined) sandbox.commandTimeoutMs = commandTimeoutMs;
  if (values['max-size'] !== undefined) sandbox.maxMessageBytes = parseSize(values['max-size']);

  const uiPort = integer('ui-port', values['ui-port'], 0, 65535);
  const keep = integer('keep', values.keep, 1, 10_000_000);
  const password = values['ui-password'] ?? null;
  if (password === '') throw new UsageError('--ui-password needs a password');
  if (values['no-ui'] && (uiPort !== undefined || keep !== undefined || password !== null || values.site !== undefined)) {
    throw new UsageError('--no-ui turns the inbox off: drop --ui-port, --keep, --ui-password and --site, or drop --no-ui');
  }
  let simulatorUrl: string | null = null;
  if (values.site !== undefined) {
    try {
      simulatorUrl = simulatorPageUrl(values.site);
    } catch {
      throw new UsageError(`--site must be the site's http(s) address, such as http://localhost:4321/; got "${values.site}"`);
    }
  }
  const host = values.host ?? SANDBOX_DEFAULTS.host;
  if (!values['no-ui'] && !isLoopback(host) && password === null) {
    throw new UsageError(`--host ${host} would show the inbox, which holds people's mail, to other machines: give --ui-password PASSWORD, or --no-ui`);
  }
  // Free SMTP ports (tests, scripts) get a free HTTP port too, so runs never collide.
  const inboxPort = uiPort ?? (port === 0 ? 0 : INBOX_DEFAULTS.port);
  if (uiPort !== undefined && uiPort !== 0 && (uiPort === (port ?? SANDBOX_DEFAULTS.port) || uiPort === (tlsPort ?? SANDBOX_DEFAULTS.tlsPort))) {
    throw new UsageError('--ui-port must differ from --port and --tls-port');
  }

  const webhookUrls = (values.webhook ?? []).map((url) => {
    try {
      return parseWebhookUrl(url);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  });
  if (values['webhook-key'] === '') throw new UsageError('--webhook-key needs a file');

  return {
    help: values.help ?? false,
    json: values.json ?? false,
    out: values.out ?? null,
    certFile: values.cert ?? null,
    keyFile: values.key ?? null,
    writeCert: values['write-cert'] ?? null,
    rulesFile: values.rules ?? null,
    outcomeRules,
    tokens: parseTokens(values.token ?? []),
    sandbox,
    inbox: values['no-ui'] ? null : { port: inboxPort, keep: keep ?? INBOX_DEFAULTS.keep, password, ...(simulatorUrl ? { simulatorUrl } : {}) },
    webhooks: { urls: webhookUrls, keyFile: values['webhook-key'] ?? null },
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
  if (options.writeCert) {
    try {
      await writeFile(options.writeCert, certificate.cert);
    } catch (error) {
      log(`mailpace-sandbox: cannot write the certificate: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }

  let webhookKey: WebhookKey | undefined;
  if (options.webhooks.keyFile) {
    try {
      const loaded = await loadWebhookKey(options.webhooks.keyFile);
      webhookKey = loaded.key;
      if (loaded.created) log(`webhook key: new Ed25519 key written to ${options.webhooks.keyFile}`);
    } catch (error) {
      log(`mailpace-sandbox: cannot use the webhook key: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }

  const host = options.sandbox.host ?? SANDBOX_DEFAULTS.host;
  const loopback = isLoopback(host);
  if (!loopback) {
    log(`warning: binding ${host} makes the sandbox reachable from other machines. It never relays, but anyone who can reach it can log in with the tokens below${options.inbox ? ', and the inbox and its API ask for the --ui-password password' : ''}. Use --host 127.0.0.1 unless you need this.`);
  }

  if (options.rulesFile) {
    try {
      const fromFile = splitRules(await readRuleFile(options.rulesFile));
      if (fromFile.failureRules.length) options.sandbox.failureRules = [...(options.sandbox.failureRules ?? []), ...fromFile.failureRules];
      options.outcomeRules.push(...fromFile.outcomeRules);
    } catch (error) {
      log(`mailpace-sandbox: --rules ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  }

  let app: App;
  const page = options.inbox ? await inboxPageRoutes() : null;
  if (page && !page.built) log('warning: the inbox page is not built (run `npm run build:inbox`); the API works without it');
  try {
    app = await startApp({
      ...options.sandbox,
      tokens: options.tokens,
      certificate,
      log,
      loopback,
      inbox: options.inbox && page ? { ...options.inbox, routes: page.routes } : null,
      out: options.out,
      webhooks: { urls: options.webhooks.urls, outcome: outcomeFromRules(options.outcomeRules), ...(webhookKey ? { key: webhookKey } : {}) },
      onMessage: ({ record }) => {
        // Piece by piece, so a large attachment's base64 is never held whole; a slice
        // the stream has written (files, and pipes and terminals on Linux, write at
        // once) lends its buffer to the next one.
        if (options.json) {
          const reuseBytes = () => process.stdout.writableLength === 0;
          for (const piece of jsonLineChunks(record, { reuseBytes })) process.stdout.write(piece);
        } else {
          process.stdout.write(formatSummary(record));
        }
      },
    });
  } catch (error) {
    log(`mailpace-sandbox: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const { sandbox, out } = app;

  log('MailPace SMTP sandbox: simulated MailPace rules; it never relays, messages are reported here and not delivered.');
  log(`listening on ${hostPort(sandbox.host, sandbox.ports.starttls)} (STARTTLS; plaintext first, like MailPace ports 25, 587 and 2525)`);
  log(`listening on ${hostPort(sandbox.host, sandbox.ports.tls)} (TLS from the first byte, like MailPace port 465)`);
  for (const [token, domain] of Object.entries(sandbox.tokens)) {
    log(`token: ${token}  (domain ${domain}; use it as both the SMTP username and password)`);
  }
  log(
    certificate.generated
      ? `certificate: self-signed for localhost, 127.0.0.1 and ::1 (SHA-1 ${certificate.fingerprint}); ${
          options.writeCert ? `written to ${options.writeCert}: make your client trust that file` : 'give --write-cert FILE to get a copy your client can trust'
        }`
      : `certificate: ${options.certFile}`,
  );
  if (options.sandbox.failures.length) log(`simulating failures: ${options.sandbox.failures.join(', ')}`);
  for (const r of options.sandbox.failureRules ?? []) log(`failure rule (simulated): ${ruleText(r)}`);
  for (const r of options.outcomeRules) log(`outcome rule (simulated): ${ruleText(r)} (accepted; its webhooks say ${CHOSEN_OUTCOMES[r.outcome]})`);
  if (options.outcomeRules.length && !options.webhooks.urls.length) log('warning: after: rules only change what the webhooks report; give --webhook URL to receive them');
  if (options.sandbox.rate) log(`rate limit (simulated): ${options.sandbox.rate.messages} messages per token per ${options.sandbox.rate.windowMs / 1000} s`);
  if (out) log(`writing each message to ${out.dir}`);
  if (app.http && app.store) {
    log(`inbox and API on ${app.http.origin}/ (messages: ${app.http.origin}/api/messages; MailPace send API: POST ${app.http.origin}${SEND_PATH})`);
    log(`the inbox keeps the last ${app.store.keep} messages in memory${options.inbox?.password ? '; it asks for the --ui-password password (HTTP Basic auth, any user name)' : ''}`);
    if (options.out) {
      const { count, skipped, problems } = app.reloaded;
      log(`reloaded ${count} message${count === 1 ? '' : 's'} from ${options.out}${skipped ? ` (${skipped} older ones stay on disk only)` : ''}`);
      for (const problem of problems) log(`warning: cannot reload ${problem}`);
    }
  }
  for (const url of options.webhooks.urls) log(`webhooks: posting each message's events to ${url} (retry delays and time limit simulated)`);
  if (options.webhooks.urls.length || options.webhooks.keyFile) {
    log(`webhook public key (Ed25519, base64): ${app.webhooks.publicKey}${app.http ? `  (also at ${app.http.origin}/api/webhooks/public-key)` : ''}`);
  }
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
      void app
        .close()
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
