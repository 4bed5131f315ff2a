/**
 * A throwaway Postfix instance for tests. Everything it owns (configuration, queue,
 * data directory, log file) lives under one directory, and every command names that
 * configuration with `-c` or MAIL_CONFIG, so /etc/postfix and the system's own
 * instance are never read or touched. Needs root: Postfix's master starts as root and
 * its daemons drop to Debian's mail_owner (postfix) and setgid_group (postdrop).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runIn } from '../programs.ts';

const MASTER_CF = new URL('./master.cf', import.meta.url).pathname;
const SBIN = '/usr/sbin';

/** True when Postfix and the Cyrus SASL modules its smtp client needs for AUTH are installed. */
export function postfixInstalled(): boolean {
  const sasl = spawnSync('dpkg-query', ['-W', '-f', '${db:Status-Status}', 'libsasl2-modules'], { encoding: 'utf8' });
  return existsSync(join(SBIN, 'postfix')) && sasl.stdout === 'installed';
}

/** The main.cf every instance starts from; the caller's lines are appended after it. */
function baseMainCf(root: string, hostname: string): string {
  return `# A relay-only Postfix for one test (sandbox/test/postfix/instance.ts).
compatibility_level = 3.6
queue_directory = ${root}/queue
data_directory = ${root}/data
mail_owner = postfix
setgid_group = postdrop
syslog_name = postfix-snippet-test
# Postfix 3.4+: log to a file through the postlog service in master.cf.
maillog_file = ${root}/maillog
maillog_file_prefixes = ${root}
myhostname = ${hostname}
# Nothing is delivered locally: every recipient goes to the relayhost.
mydestination =
alias_maps =
alias_database =
local_transport = error:this test instance delivers nothing locally
inet_interfaces = loopback-only
# The sandbox listens on 127.0.0.1 only, and there is no DNS here: names come
# from /etc/hosts.
inet_protocols = ipv4
smtp_host_lookup = native
smtp_connect_timeout = 5s
# Logs "Verified TLS connection established" or why verification failed.
smtp_tls_loglevel = 1
`;
}

export interface PostfixInstance {
  /** The instance's own directory; main.cf and master.cf are in `configDir`. */
  readonly root: string;
  readonly configDir: string;
  /** An environment in which sendmail, postmap, postconf and postfix use this instance. */
  env(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Changes main.cf parameters in place (`postconf -e`). */
  set(params: Record<string, string>): Promise<void>;
  start(): Promise<void>;
  /** Stops the instance if it runs; safe to call twice. */
  stop(): Promise<void>;
  /** The log file so far. */
  log(): string;
  /** The log line with the final status (sent, deferred, bounced) of a delivery to `to`, if any yet. */
  outcome(to: string): string | undefined;
  /** `postqueue -p`: what waits in the queue, and why. Needs the instance running. */
  queue(): Promise<string>;
  /** The queue and the log, for a failure message. */
  diagnostics(): Promise<string>;
}

/** Writes a fresh instance under `root`: the base main.cf plus `mainCf`, and the fixture master.cf. */
export async function createPostfixInstance(root: string, mainCf: string, hostname = 'relay.snippets.test'): Promise<PostfixInstance> {
  const configDir = join(root, 'conf');
  const logFile = join(root, 'maillog');
  // Postfix creates the queue's subdirectories, not the queue directory itself.
  await mkdir(join(root, 'queue'), { recursive: true });
  await mkdir(configDir, { recursive: true });
  await copyFile(MASTER_CF, join(configDir, 'master.cf'));
  await writeFile(join(configDir, 'main.cf'), `${baseMainCf(root, hostname)}\n${mainCf}\n`);

  const run = (command: string, ...args: string[]) => runIn(join(SBIN, command), args, root, { PATH: `${SBIN}:/usr/bin:/bin` });
  const must = async (command: string, ...args: string[]) => {
    const r = await run(command, ...args);
    if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.code}):\n${r.output}\n--- maillog ---\n${log()}`);
    return r.output;
  };
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const queue = async () => (await run('postqueue', '-c', configDir, '-p')).output;
  const running = async () => (await run('postfix', '-c', configDir, 'status')).code === 0;

  return {
    root,
    configDir,
    env: (base) => ({ ...base, MAIL_CONFIG: configDir }),
    async set(params) {
      await must('postconf', '-c', configDir, '-e', ...Object.entries(params).map(([k, v]) => `${k}=${v}`));
    },
    async start() {
      await must('postfix', '-c', configDir, 'start');
    },
    async stop() {
      if (await running()) await must('postfix', '-c', configDir, 'stop');
    },
    log,
    outcome(to) {
      return log()
        .split('\n')
        .find((line) => line.includes(`to=<${to}>`) && /status=(sent|deferred|bounced)/.test(line));
    },
    queue,
    async diagnostics() {
      return `--- postqueue -p ---\n${await queue()}--- maillog ---\n${log()}`;
    },
  };
}
