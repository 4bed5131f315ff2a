/**
 * The shell commands the connection and DNS pages tell readers to type, run for real.
 *
 * The commands are read from the pages themselves (```sh blocks, plus `nc`/`dig`/`openssl`
 * lines quoted inline in the prose), so a changed command is the one that runs. Only the
 * destination is rewritten, to loopback:
 * - `nc` and `openssl` reach the project's TCP sandbox: each MailPace port goes to the
 *   sandbox port with the same TLS mode, as `simulator/mailpace-facts.ts` lists them.
 * - `dig` gets `@127.0.0.1 -p PORT` appended and asks a small authoritative DNS stub
 *   started here (dns-packet does the wire format), which serves example records for the
 *   names the page queries.
 * Then each test checks what the page says the reader will see.
 */
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket, { type RecordType } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLIES, SMTP, publishedTls } from '../../../simulator/index.ts';
import { HOST, startTestSandbox, type TestSandbox } from '../../../sandbox/test/helpers.ts';
import { requireProgram, run, type RunResult } from '../../../sandbox/test/programs.ts';

const DOCS = new URL('../docs/', import.meta.url);
const PAGES = {
  blockedPorts: 'connecting/blocked-ports.mdx',
  deliverability: 'guides/deliverability.mdx',
  troubleshooting: 'guides/troubleshooting.mdx',
  authentication: 'connecting/authentication.mdx',
} as const;
type Page = keyof typeof PAGES;

/** Each program, and the Debian package that provides it (the test fails naming it). */
const PROGRAMS = { nc: 'netcat-openbsd', dig: 'bind9-dnsutils', openssl: 'openssl' } as const;
type Program = keyof typeof PROGRAMS;

// ---------------------------------------------------------------------------
// Reading the commands off the pages

interface PageCommand {
  page: Page;
  /** The command as the page prints it. */
  line: string;
  argv: string[];
}

const readPage = (page: Page) => readFileSync(new URL(PAGES[page], DOCS), 'utf8');
const FENCE = /^```(\w*)\n([\s\S]*?)^```$/gm;

/** Plain words only: a quote, variable or pipe would need a shell, and this test runs argv directly. */
function words(line: string): string[] {
  if (/['"`$|;&<>\\(){}*?]/.test(line)) throw new Error(`cannot run "${line}" without a shell; extend page-commands.test.ts`);
  return line.split(/\s+/);
}

/** The nc, dig and openssl commands a page shows, in page order. */
function pageCommands(page: Page): PageCommand[] {
  const text = readPage(page);
  const lines: string[] = [];
  for (const [, lang, body] of text.matchAll(FENCE)) {
    if (lang !== 'sh') continue;
    // A line ending in a backslash goes on in the next one, as in the shell.
    const joined = body!.replace(/\\\n\s*/g, ' ');
    lines.push(...joined.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  }
  // Commands quoted in running text ("read the plain greeting with `nc … 25`").
  for (const [, code] of text.replace(FENCE, '').matchAll(/`([^`\n]+)`/g)) lines.push(code!.trim());
  return lines
    .filter((line) => {
      const program = line.split(' ')[0]!;
      if (!(program in PROGRAMS)) return false;
      // A bare mention such as `openssl s_client` is prose, not a command to run.
      return program === 'dig' || line.includes(SMTP.host);
    })
    .map((line) => ({ page, line, argv: words(line) }));
}

const COMMANDS = (Object.keys(PAGES) as Page[]).flatMap(pageCommands);
const commandsOf = (program: Program, page?: Page) =>
  COMMANDS.filter((c) => c.argv[0] === program && (!page || c.page === page));

/** `nc -vz …` probes a port; `nc host port` talks to it. */
const isProbe = (c: PageCommand) => c.argv.some((a) => /^-\w*z/.test(a));
const isStartTls = (c: PageCommand) => c.argv.includes('-starttls');

// ---------------------------------------------------------------------------
// Rewriting the destination to loopback

let t: TestSandbox;
let certDir: string;
let certFile: string;
let closedPort: number;

/** The sandbox port with the TLS mode MailPace publishes for `port`. */
function sandboxPort(port: number): number {
  const mode = publishedTls(port);
  if (!mode) throw new Error(`port ${port} is not one MailPace publishes (simulator/mailpace-facts.ts)`);
  return mode === 'starttls' ? t.port : t.tlsPort;
}

/** The MailPace port a command names (`HOST PORT` for nc, `-connect HOST:PORT` for openssl). */
function publishedPort(c: PageCommand): number {
  if (c.argv[0] === 'nc') return Number(c.argv[c.argv.indexOf(SMTP.host) + 1]);
  const connect = c.argv[c.argv.indexOf('-connect') + 1] ?? '';
  if (!connect.startsWith(`${SMTP.host}:`)) throw new Error(`no ${SMTP.host} destination in "${c.line}"`);
  return Number(connect.slice(SMTP.host.length + 1));
}

/** The name the sandbox's certificate carries, standing in for MailPace's host name. */
const CERT_NAME = 'localhost';

/**
 * The command's argv with MailPace's host and port replaced by loopback ones: `HOST PORT`
 * for nc, `-connect HOST:PORT` for openssl (and a `-verify_hostname` the page may give).
 */
function toLoopback(c: PageCommand, port = sandboxPort(publishedPort(c))): string[] {
  const argv = [...c.argv];
  if (argv[0] === 'nc') {
    const at = argv.indexOf(SMTP.host);
    argv.splice(at, 2, HOST, String(port));
    return argv;
  }
  return argv.map((arg, i) => {
    if (argv[i - 1] === '-connect') return `${HOST}:${port}`;
    if (argv[i - 1] === '-verify_hostname' && arg === SMTP.host) return CERT_NAME;
    return arg;
  });
}

/**
 * Flags this test adds to the page's s_client command. They only add checking: trust the
 * sandbox's self-signed certificate (as the system CA store trusts MailPace's), stop on a
 * verification failure instead of carrying on, and check the certificate names the address
 * we connected to. Each is added only when the page does not already ask for it.
 */
function withVerification(argv: string[]): string[] {
  const extra: string[][] = [['-CAfile', certFile], ['-verify_return_error']];
  if (!argv.includes('-verify_hostname')) extra.push(['-verify_ip', HOST]);
  return [...argv, ...extra.filter(([flag]) => !argv.includes(flag!)).flat()];
}

/** argv less any verification flags the page may add, to show what s_client does without them. */
function withoutChecks(argv: string[]): string[] {
  const valued = ['-verify_hostname', '-verify_ip', '-CAfile'];
  return argv.filter((arg, i) => arg !== '-verify_return_error' && !valued.includes(arg) && !valued.includes(argv[i - 1]!));
}

/** Runs argv (no shell). */
const runArgv = (argv: string[], input?: string): Promise<RunResult> => run(argv[0]!, argv.slice(1), { input, timeoutMs: 30_000 });

/**
 * Runs argv and types into it the way a reader would: each step waits for `until` on stdout,
 * then writes `send`. stdin is closed after the last step. Killed after 30 s as a guard.
 */
function converse(argv: string[], steps: { until?: RegExp; send: string }[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let next = 0;
    const advance = () => {
      while (next < steps.length && (!steps[next]!.until || steps[next]!.until!.test(stdout))) {
        child.stdin.write(steps[next]!.send);
        next += 1;
        if (next === steps.length) child.stdin.end();
      }
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      advance();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => undefined);
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${argv.join(' ')} did not finish (step ${next} of ${steps.length})\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
    advance();
  });
}

/** A loopback port that refuses connections: reserved from the kernel, then closed. */
async function reserveClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------
// A small authoritative DNS server for the deliverability page's names

/** Per name (no trailing dot, lower case): TXT records, each a list of strings, or one CNAME. */
type Zone = Record<string, { TXT?: string[][]; CNAME?: string }>;

interface DnsStub {
  port: number;
  close(): Promise<void>;
}

/** One answer record, in the two types the stub serves. */
type DnsRecord = { name: string; type: 'TXT'; data: string[] } | { name: string; type: 'CNAME'; data: string };

/** Answers for `name`/`type`, following CNAMEs as a resolver would; null when the name does not exist. */
function lookup(zone: Zone, name: string, type: RecordType): DnsRecord[] | null {
  const node = zone[name.toLowerCase().replace(/\.$/, '')];
  if (!node) return null;
  if (node.CNAME) {
    const cname: DnsRecord = { name, type: 'CNAME', data: node.CNAME };
    return type === 'CNAME' ? [cname] : [cname, ...(lookup(zone, node.CNAME, type) ?? [])];
  }
  return type === 'TXT' ? (node.TXT ?? []).map((data) => ({ name, type: 'TXT', data })) : [];
}

/** dig +short prints a TXT record as its strings, each quoted, on one line. */
const quoted = (strings: string[]) => strings.map((s) => `"${s}"`).join(' ');
/** What dig +short prints for a record: a TXT's quoted strings, a CNAME's target. */
const shortForm = (r: DnsRecord) => (r.type === 'TXT' ? quoted(r.data) : `${r.data}.`);

/** Serves `zone` over UDP on a free loopback port: NXDOMAIN for unknown names, no data for other types. */
async function startDnsStub(zone: Zone): Promise<DnsStub> {
  const socket = createSocket('udp4');
  socket.on('message', (message, from) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    const answers = lookup(zone, question.name, question.type);
    const NXDOMAIN = 3; // RCODE in the low four bits of the flags (RFC 1035 §4.1.1)
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (answers ? 0 : NXDOMAIN),
      questions: [question],
      answers: (answers ?? []).map((a) => ({ ...a, ttl: 300 })),
    });
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A TXT value split into DNS character-strings of at most 255 bytes (RFC 1035 §3.3). */
const split255 = (value: string) => value.match(/[\s\S]{1,255}/g) ?? [];

/** A real 2048-bit RSA public key: long enough that it must be split into several strings. */
const DKIM_VALUE = `v=DKIM1; k=rsa; p=${generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
/** A made-up Return-Path target standing in for MailPace's (RFC 2606 name). */
const RETURN_PATH_TARGET = 'mailer.relay.example.net';
const RETURN_PATH_SPF = 'v=spf1 ip4:192.0.2.0/24 -all';
const OWN_SPF = 'v=spf1 include:spf.example.org ~all';

/** The page's own example DMARC record (its ```text block), served as written. */
function pageDmarcRecord(): { name: string; value: string } {
  const match = /^(_dmarc\.\S+?)\.?\s+TXT\s+"([^"]+)"$/m.exec(readPage('deliverability'));
  if (!match) throw new Error('the deliverability page no longer shows an example _dmarc TXT record');
  return { name: match[1]!, value: match[2]! };
}
const DMARC = pageDmarcRecord();

const ZONE: Zone = {
  'ohmysmtp._domainkey.example.com': { TXT: [split255(DKIM_VALUE)] },
  'mailer.example.com': { CNAME: RETURN_PATH_TARGET },
  [RETURN_PATH_TARGET]: { TXT: [[RETURN_PATH_SPF]] },
  'example.com': { TXT: [[OWN_SPF]] },
  [DMARC.name]: { TXT: [[DMARC.value]] },
};
/** The same domain with a second SPF record added by mistake. */
const TWO_SPF_ZONE: Zone = { ...ZONE, 'example.com': { TXT: [[OWN_SPF], ['v=spf1 include:other.example.org ~all']] } };

let dns: DnsStub;
let emptyDns: DnsStub;
let twoSpfDns: DnsStub;

const digArgs = (c: PageCommand, stub: DnsStub) => [...c.argv, `@${HOST}`, '-p', String(stub.port)];
/** `dig [+short] TYPE NAME`: the queried name and type. */
function digQuery(c: PageCommand): { type: RecordType; name: string } {
  const rest = c.argv.slice(1).filter((a) => !a.startsWith('+') && !a.startsWith('@'));
  if (rest.length !== 2) throw new Error(`expected "dig +short TYPE NAME", got "${c.line}"`);
  return { type: rest[0]! as RecordType, name: rest[1]! };
}
const digCommand = (name: string, type: RecordType) => {
  const c = commandsOf('dig').find((d) => digQuery(d).name === name && digQuery(d).type === type);
  if (!c) throw new Error(`the deliverability page no longer runs dig for ${type} ${name}`);
  return c;
};
const outputLines = (r: RunResult) => r.stdout.split('\n').filter(Boolean);

// ---------------------------------------------------------------------------

beforeAll(async () => {
  for (const [name, pkg] of Object.entries(PROGRAMS)) requireProgram(name, pkg);
  t = await startTestSandbox();
  certDir = mkdtempSync(join(tmpdir(), 'page-commands-'));
  certFile = join(certDir, 'sandbox-cert.pem');
  writeFileSync(certFile, t.sandbox.certificate.cert);
  closedPort = await reserveClosedPort();
  [dns, emptyDns, twoSpfDns] = await Promise.all([startDnsStub(ZONE), startDnsStub({}), startDnsStub(TWO_SPF_ZONE)]);
});
afterAll(async () => {
  await Promise.all([dns?.close(), emptyDns?.close(), twoSpfDns?.close()]);
  await t?.sandbox.close();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe('the pages show the commands this test runs', () => {
  it.each([
    ['blockedPorts', 'nc'],
    ['troubleshooting', 'nc'],
    ['troubleshooting', 'openssl'],
    ['authentication', 'openssl'],
    ['deliverability', 'dig'],
  ] as const)('%s has %s commands', (page, program) => {
    expect(commandsOf(program, page).length).toBeGreaterThan(0);
  });

  it('uses the OpenBSD netcat, whose -v, -z and -w mean what the page says', () => {
    const help = spawnSync('nc', ['-h'], { encoding: 'utf8' });
    const text = `${help.stdout}${help.stderr}`;
    if (!text.includes('OpenBSD netcat')) {
      throw new Error(`nc is not the OpenBSD variant the pages' flags are written for (apt-get install ${PROGRAMS.nc}):\n${text}`);
    }
    expect(text).toMatch(/-v\s+Verbose/);
    expect(text).toMatch(/-z\s+Zero-I\/O mode/);
    // "give up after five seconds": -w bounds the connect.
    expect(text).toMatch(/-w timeout\s+Timeout for connects/);
  });
});

describe('nc -vz: is the port reachable?', () => {
  const probes = commandsOf('nc').filter(isProbe);

  it.each(probes.map((c) => [c.page, c.line, c]))('%s: `%s` exits 0 and reports success on an open port', async (_p, _l, c) => {
    const r = await runArgv(toLoopback(c));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Connection to 127\.0\.0\.1 \d+ port \[tcp\/\S+\] succeeded!$/m);
  });

  // Honest about what loopback can show: a closed loopback port answers with a reset, so nc
  // fails at once with "Connection refused". A port dropped by a firewall sends nothing back,
  // and there nc fails when -w runs out ("timed out"). Both are a non-zero exit, which is
  // what tells the reader's ports apart; this test cannot produce the silent drop.
  it.each(probes.map((c) => [c.page, c.line, c]))('%s: `%s` exits non-zero on a closed port', async (_p, _l, c) => {
    const r = await runArgv(toLoopback(c, closedPort));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/failed: Connection refused/);
  });

  const pageProbes = commandsOf('nc', 'blockedPorts').filter(isProbe);
  const outcomes = (closed: (c: PageCommand, i: number) => boolean) =>
    Promise.all(pageProbes.map(async (c, i) => (await runArgv(toLoopback(c, closed(c, i) ? closedPort : undefined))).code === 0));

  it('"some ports connect, others fail": one blocked port stands out among the rest', async () => {
    expect(pageProbes.length).toBeGreaterThan(1);
    expect(await outcomes((_c, i) => i === 0)).toEqual(pageProbes.map((_c, i) => i !== 0));
  });

  it('"all of them fail": every command exits non-zero', async () => {
    expect(await outcomes(() => true)).toEqual(pageProbes.map(() => false));
  });

  it('"all connect": every command exits 0, covering every port MailPace publishes', async () => {
    expect(await outcomes(() => false)).toEqual(pageProbes.map(() => true));
    expect(pageProbes.map(publishedPort).sort()).toEqual(SMTP.ports.map((p) => p.port).sort());
  });
});

describe('nc HOST PORT: read the plain greeting', () => {
  const talks = commandsOf('nc').filter((c) => !isProbe(c));

  it('troubleshooting quotes one', () => expect(talks.length).toBeGreaterThan(0));

  it.each(talks.map((c) => [c.page, c.line, c]))('%s: `%s` shows the 220 greeting', async (_p, _l, c) => {
    expect(publishedTls(publishedPort(c))).toBe('starttls'); // a plain greeting needs a plain-text port
    const r = await converse(toLoopback(c), [{ until: /\r\n/, send: 'QUIT\r\n' }]);
    expect(r.code, r.stderr).toBe(0);
    const [greeting, bye] = r.stdout.split('\r\n');
    expect(greeting).toMatch(new RegExp(`^${REPLIES.greeting.code} .*${SMTP.greetingPhrase}`));
    expect(bye).toMatch(new RegExp(`^${REPLIES.bye.code} `));
  });
});

describe('openssl s_client', () => {
  const clients = commandsOf('openssl');

  it.each(clients.filter(isStartTls).map((c) => [c.page, c.line, c]))(
    '%s: `%s` upgrades with STARTTLS, verifies the certificate, prints no greeting, and answers typed EHLO and QUIT',
    async (_p, _l, c) => {
      expect(publishedTls(publishedPort(c))).toBe('starttls');
      const r = await converse(withVerification(toLoopback(c)), [{ send: 'EHLO client.test\nQUIT\n' }]);
      expect(r.code, r.stderr).toBe(0);
      // The page: the greeting is not printed and nothing arrives after the handshake, so
      // the first thing on screen is the answer to the EHLO the reader types.
      const lines = r.stdout.split('\r\n');
      expect(lines[0]).toMatch(new RegExp(`^${REPLIES.ehlo.code}-.*${SMTP.greetingPhrase}`));
      expect(r.stdout).not.toMatch(new RegExp(`^${REPLIES.greeting.code} `, 'm'));
      // With -quiet, QUIT reaches the server instead of closing s_client.
      expect(r.stdout).toMatch(new RegExp(`^${REPLIES.bye.code} `, 'm'));
    },
  );

  it.each(clients.filter((c) => !isStartTls(c)).map((c) => [c.page, c.line, c]))(
    '%s: `%s` verifies the certificate, then shows the 220 greeting, and QUIT gets 221',
    async (_p, _l, c) => {
      expect(publishedTls(publishedPort(c))).toBe('implicit-tls');
      const r = await converse(withVerification(toLoopback(c)), [{ until: /\r\n/, send: 'QUIT\n' }]);
      expect(r.code, r.stderr).toBe(0);
      const [greeting, bye] = r.stdout.split('\r\n');
      expect(greeting).toMatch(new RegExp(`^${REPLIES.greeting.code} .*${SMTP.greetingPhrase}`));
      expect(bye).toMatch(new RegExp(`^${REPLIES.bye.code} `));
    },
  );

  // The page's command on its own, without the flags above. With -quiet, s_client reports a
  // certificate it cannot verify on stderr and carries on, and it checks the certificate's
  // name only when asked (-verify_hostname or -verify_ip). So reaching the prompt proves the
  // TLS handshake worked, not that the certificate is trusted or is MailPace's.
  it('without -verify_return_error the STARTTLS command carries on past an untrusted certificate, and checks no name', async () => {
    const c = clients.find(isStartTls)!;
    const typed = [{ send: 'EHLO client.test\nQUIT\n' }];
    const ehlo = new RegExp(`^${REPLIES.ehlo.code}-`, 'm');
    const printed = withoutChecks(toLoopback(c));

    const untrusted = await converse(printed, typed);
    expect(untrusted.code).toBe(0);
    expect(untrusted.stdout).toMatch(ehlo);
    expect(untrusted.stderr).toMatch(/verify error:num=\d+:self-signed certificate/);

    const stopped = await converse([...printed, '-verify_return_error'], typed);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stdout).not.toMatch(ehlo);

    // Trusted, but for a name the certificate does not carry: passes unless a name is asked for.
    const trusted = [...printed, '-CAfile', certFile, '-verify_return_error'];
    expect((await converse(trusted, typed)).stdout).toMatch(ehlo);
    const wrongName = await converse([...trusted, '-verify_hostname', 'not-the-sandbox.example.net'], typed);
    expect(wrongName.code).not.toBe(0);
    expect(wrongName.stderr).toMatch(/hostname mismatch/i);
  });
});

describe('dig +short against an authoritative stub', () => {
  const digs = commandsOf('dig');

  it.each(digs.map((c) => [c.line, c]))('`%s` prints the records the stub holds, one line each', async (_l, c) => {
    const { name, type } = digQuery(c);
    const expected = (lookup(ZONE, name, type) ?? []).map(shortForm);
    expect(expected.length, `the stub has no ${type} record for ${name}; add one to ZONE`).toBeGreaterThan(0);
    const r = await runArgv(digArgs(c, dns));
    expect(r.code, r.stderr).toBe(0);
    expect(outputLines(r)).toEqual(expected);
  });

  it.each(digs.map((c) => [c.line, c]))('`%s` prints nothing when the record is not there', async (_l, c) => {
    const r = await runArgv(digArgs(c, emptyDns));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('a long DKIM key: one record, several quoted strings on one line, the first starting "v=DKIM1"', async () => {
    const r = await runArgv(digArgs(digCommand('ohmysmtp._domainkey.example.com', 'TXT'), dns));
    const lines = outputLines(r);
    expect(lines).toHaveLength(1);
    const strings = [...lines[0]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(strings.length).toBeGreaterThan(1);
    expect(strings[0]).toMatch(/^(v=DKIM1|k=rsa)/);
    // Joined back together, as receivers do, they are the key as published.
    expect(strings.join('')).toBe(DKIM_VALUE);
  });

  it('CNAME mailer.example.com prints the target name', async () => {
    const r = await runArgv(digArgs(digCommand('mailer.example.com', 'CNAME'), dns));
    expect(outputLines(r)).toEqual([`${RETURN_PATH_TARGET}.`]);
  });

  it('TXT mailer.example.com is followed through the CNAME to the target\'s SPF record', async () => {
    const r = await runArgv(digArgs(digCommand('mailer.example.com', 'TXT'), dns));
    const lines = outputLines(r);
    expect(lines.at(-1)).toBe(quoted([RETURN_PATH_SPF]));
    // dig +short also prints the CNAME it followed, first.
    expect(lines[0]).toBe(`${RETURN_PATH_TARGET}.`);
  });

  it('TXT example.com: one record starting "v=spf1"; a second one shows as a second line', async () => {
    const c = digCommand('example.com', 'TXT');
    const spf = (r: RunResult) => outputLines(r).filter((l) => l.startsWith('"v=spf1'));
    expect(spf(await runArgv(digArgs(c, dns)))).toHaveLength(1);
    expect(spf(await runArgv(digArgs(c, twoSpfDns)))).toHaveLength(2);
  });

  it('TXT _dmarc.example.com prints the page\'s example DMARC record', async () => {
    const r = await runArgv(digArgs(digCommand(DMARC.name, 'TXT'), dns));
    expect(outputLines(r)).toEqual([quoted([DMARC.value])]);
  });
});
