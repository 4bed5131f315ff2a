/**
 * Every MailPace fact a docs page types out by hand must agree with
 * simulator/mailpace-facts.ts: hosts, ports (and the TLS mode a page pairs with one),
 * the To-address limit, the size limit and quoted API errors. Values a page
 * interpolates from the module pass by construction; this test catches the rest
 * (code blocks, frontmatter, prose).
 *
 * The rules, each with a self-test below that makes it fail:
 * - host: every `….mailpace.com` name is the SMTP host or the host of a published link;
 * - port: a number after "port"/"ports" (or `host:N`, `port={N}`) is a published port,
 *   or the sandbox's own port where the host is loopback or the paragraph is about the
 *   sandbox, or a non-SMTP port named with its protocol (443 beside "HTTPS");
 * - mode: "N with STARTTLS|TLS" and "STARTTLS|TLS on N" match the port's published mode;
 * - To limit: "N addresses/recipients", and "at most|up to|more than N" in a sentence
 *   (or table row) about `To`, equal SEND_API.maxToAddresses;
 * - size: "N MB" equals SEND_API.maxSizeMB (a sandbox `--max-size` value is exempt);
 * - errors: every `{"error…` body is one of API_ERRORS' bodies verbatim; a quoted error
 *   text is never cut short and carries its own status.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../sandbox/server.ts';
import { API_ERRORS, SEND_API, SMTP, SOURCES, apiErrorText, publishedTls, type ApiErrorName } from '../../simulator/mailpace-facts.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIRS = ['src/content/docs', 'src/components/docs'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(mdx|md|astro)$/.test(e.name) ? [path] : [];
  });
}

const ALLOWED_HOSTS = new Set(
  [SMTP.host, ...Object.values(SOURCES).map((u) => new URL(u).host), new URL(SEND_API.endpoint).host].map((h) => h.toLowerCase()),
);
const SANDBOX_PORTS = new Set<number>([SANDBOX_DEFAULTS.port, SANDBOX_DEFAULTS.tlsPort]);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Ports that are not MailPace SMTP ports, allowed where the paragraph names their protocol. */
const OTHER_PORTS: ReadonlyMap<number, RegExp> = new Map([[443, /\bHTTPS\b/]]);

const NUMBER_LIST = String.raw`\d{1,5}(?:[\s\x60*]*(?:,|\band\b|\bor\b|\/)[\s\x60*]*\d{1,5})*`;
const PORT_WORD = new RegExp(String.raw`(?<![A-Za-z])ports?(?![A-Za-z])[\s\x60*:={]*(${NUMBER_LIST})`, 'gi');
const HOST_PORT = /(\[[^\]\s]+\]|localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+):(\d{1,5})\b/g;
const WITH_MODE = /\b(\d{2,5})\x60?\s+with\s+(STARTTLS|TLS)\b/g;
const MODE_ON = new RegExp(String.raw`\b(STARTTLS|TLS)\s+on\s+(?:ports?\s+)?(${NUMBER_LIST})`, 'g');
const TO_COUNT = /\b(\d+)\*{0,2}\s+(?:\x60?To\x60?\s+)?(?:email\s+)?(?:addresses|recipients)\b/gi;
const BOUND = /\b(?:at most|up to|more than|over|exceeds?)\s+\*{0,2}(\d+)\b(?!\s*(?:MB|KB|characters|octets|bytes|hours|\x60?RCPT))/gi;
const ABOUT_TO = /\x60To\x60|\bTo (?:header|address)|\bTo addresses/;
const SIZE = /(--max-size\s+)?\b(\d+(?:\.\d+)?)\s*(?:MB|MiB|megabytes)\b/g;
const MAILPACE_HOST = /\b(?:[a-z0-9-]+\.)*mailpace\.com\b/gi;

const numbers = (list: string) => [...list.matchAll(/\d+/g)].map((m) => Number(m[0]));

/** The `{"error…` bodies in a text, each cut at its balancing closing brace. */
function errorBodies(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf('{"error'); at !== -1; at = text.indexOf('{"error', at + 1)) {
    let depth = 0;
    let end = at;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    out.push(text.slice(at, end + 1));
  }
  return out;
}

/** Table rows are units of their own; prose is cut into sentences. */
function units(paragraph: string): string[] {
  if (paragraph.trimStart().startsWith('|')) return paragraph.split('\n');
  return paragraph.replace(/\s*\n\s*/g, ' ').split(/(?<=[.!?])\s+/);
}

function portProblem(port: number, paragraph: string, host?: string): string | null {
  if (publishedTls(port)) return null;
  const sandboxContext = host ? LOOPBACK.has(host.toLowerCase()) : /\bsandbox\b/i.test(paragraph);
  if (SANDBOX_PORTS.has(port) && sandboxContext) return null;
  if (!host && OTHER_PORTS.get(port)?.test(paragraph)) return null;
  return `port ${port}${host ? ` (on ${host})` : ''} is not a MailPace port (${SMTP.ports.map((p) => p.port).join(', ')})`;
}

function modeProblem(port: number, said: string): string | null {
  const tls = publishedTls(port);
  if (!tls) return null; // reported by the port rule
  const expected = said === 'STARTTLS' ? 'starttls' : 'implicit-tls';
  return tls === expected ? null : `port ${port} is paired with ${said}, but MailPace publishes ${tls} for it`;
}

/** Everything wrong in one page's source text. */
function pageProblems(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(MAILPACE_HOST)) {
    if (!ALLOWED_HOSTS.has(m[0].toLowerCase())) problems.push(`host ${m[0]} is not ${SMTP.host} or a published MailPace link`);
  }
  for (const paragraph of text.split(/\n\s*\n/)) {
    for (const m of paragraph.matchAll(PORT_WORD)) for (const n of numbers(m[1]!)) problems.push(portProblem(n, paragraph) ?? '');
    for (const m of paragraph.matchAll(HOST_PORT)) {
      // Postfix writes [host]:port; an IPv6 literal keeps its brackets.
      const host = m[1]!.startsWith('[') && !m[1]!.startsWith('[::') ? m[1]!.slice(1, -1) : m[1]!;
      // An http(s) address on this machine is the reader's own web server (a dev site, the inbox), not SMTP.
      if (LOOPBACK.has(host.toLowerCase()) && /https?:\/\/$/.test(paragraph.slice(0, m.index))) continue;
      problems.push(portProblem(Number(m[2]), paragraph, host) ?? '');
    }
    for (const m of paragraph.matchAll(WITH_MODE)) problems.push(modeProblem(Number(m[1]), m[2]!) ?? '');
    for (const m of paragraph.matchAll(MODE_ON)) for (const n of numbers(m[2]!)) problems.push(modeProblem(n, m[1]!) ?? '');
    for (const unit of units(paragraph)) {
      for (const m of unit.matchAll(TO_COUNT)) {
        if (Number(m[1]) !== SEND_API.maxToAddresses) problems.push(`"${m[0]}": MailPace allows ${SEND_API.maxToAddresses} To addresses`);
      }
      if (ABOUT_TO.test(unit)) {
        for (const m of unit.matchAll(BOUND)) {
          if (Number(m[1]) !== SEND_API.maxToAddresses) problems.push(`"${m[0]}" about To: MailPace allows ${SEND_API.maxToAddresses}`);
        }
      }
      for (const m of unit.matchAll(SIZE)) {
        if (!m[1] && Number(m[2]) !== SEND_API.maxSizeMB) problems.push(`"${m[0]}": MailPace's size limit is ${SEND_API.maxSizeMB} MB`);
      }
    }
  }
  const bodies = new Set<string>(Object.values(API_ERRORS).map((e) => e.body));
  for (const body of errorBodies(text)) {
    if (!bodies.has(body)) problems.push(`${body} is not one of MailPace's published error bodies`);
  }
  for (const name of Object.keys(API_ERRORS) as ApiErrorName[]) {
    const full = apiErrorText(name);
    if (full === API_ERRORS[name].body) continue; // a body with no quoted text (500)
    const head = full.slice(0, 20);
    for (let at = text.indexOf(head); at !== -1; at = text.indexOf(head, at + 1)) {
      if (!text.startsWith(full, at)) problems.push(`"${text.slice(at, at + full.length)}…" cuts MailPace's error text short: "${full}"`);
    }
    const escaped = full.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of text.matchAll(new RegExp(String.raw`\b(\d{3})\s+\x60?"?${escaped}`, 'g'))) {
      if (Number(m[1]) !== API_ERRORS[name].status) problems.push(`"${full}" is a ${API_ERRORS[name].status}, not a ${m[1]}`);
    }
  }
  return problems.filter(Boolean);
}

describe('the rules fail on wrong facts (self-test)', () => {
  const bad: [string, RegExp][] = [
    ['Connect to smtp2.mailpace.com.', /host smtp2\.mailpace\.com/],
    ['Use port 588 with STARTTLS.', /port 588 is not/],
    ['Ports 25, 587 and 2526 start in plain text.', /port 2526 is not/],
    ['curl smtp://smtp.mailpace.com:2465', /port 2465 \(on smtp\.mailpace\.com\)/],
    ['swaks --server localhost:4321', /port 4321 \(on localhost\)/],
    ['Point your app at port 2465.', /port 2465 is not/],
    ['The API uses port 443.', /port 443 is not/],
    ['Use 465 with STARTTLS.', /port 465 is paired with STARTTLS/],
    ['STARTTLS on 25, 587 and 465.', /port 465 is paired with STARTTLS/],
    ['The `To` header may list up to 60 recipients.', /MailPace allows 50/],
    ['More than 40 addresses in `To` are refused.', /MailPace allows 50/],
    ['`To` holds a comma list of at most 49.', /about To/],
    ['The whole email may be 25 MB.', /size limit is 30 MB/],
    ['`{"error":"Invalid token"}`', /not one of MailPace's published error bodies/],
    ['The API answers 403 Verified domain does not match domain in From address.', /cuts MailPace's error text short/],
    ['It answers 401 Invalid API Token.', /is a 400, not a 401/],
  ];
  for (const [sample, expected] of bad) {
    it(`flags: ${sample}`, () => expect(pageProblems(sample).join('\n')).toMatch(expected));
  }

  const good = [
    `Connect to ${SMTP.host} on port 587 with STARTTLS, or 465 with TLS; docs live at ${SOURCES.smtp}.`,
    'The sandbox listens on port 2465, like port 465.',
    'It listens on `127.0.0.1:2465`.',
    'The HTTPS API uses port 443.',
    'The `To` header may hold at most 50 addresses; the simulator takes up to 100 `RCPT TO`.',
    'Keys up to 255 characters. The limit is 30 MB; try `--max-size 1MB` on the sandbox.',
    `\`${API_ERRORS.domainMismatch.body}\` comes with a 403 Verified domain does not match domain in From address of email.`,
  ];
  for (const sample of good) {
    it(`accepts: ${sample}`, () => expect(pageProblems(sample)).toEqual([]));
  }
});

describe('docs pages state MailPace facts as the facts module does', () => {
  const files = DIRS.flatMap((d) => sources(join(ROOT, d)));
  it('finds the pages', () => expect(files.length).toBeGreaterThan(20));
  for (const file of files) {
    it(relative(ROOT, file), () => expect(pageProblems(readFileSync(file, 'utf8'))).toEqual([]));
  }
});
