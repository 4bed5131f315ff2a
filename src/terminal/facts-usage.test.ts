/**
 * The page side reads MailPace's facts from `simulator/mailpace-facts.ts`: the
 * terminal's ports, the snippet generator's connections, the API request, the
 * headers. These tests fail when a derived list drifts from that one home, and
 * when a page-side module types a published value instead of reading it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEADERS, SEND_API, SMTP, publishedTls } from '../../simulator/index.ts';
import { LESSONS } from '../lessons/lessons.ts';
import { CONNECTIONS } from '../snippets/connections';
import { mailpaceHeaders } from '../snippets/headers';
import { DEFAULT_INPUTS, securityForPort } from '../snippets/inputs';
import { SCRIPTS } from '../transcripts/scripts.ts';
import { curlCommand } from './api-request.ts';
import { PORTS, isPort, portMode } from './ports.ts';
import { PRESETS } from './presets.ts';

/** The snippet generator's name for each published TLS mode. */
const SNIPPET_SECURITY = { starttls: 'starttls', 'implicit-tls': 'tls' } as const;

describe('the terminal reads the facts module', () => {
  it('offers exactly the published ports, in the facts module\'s order, each with its published mode', () => {
    expect(PORTS).toEqual(SMTP.ports.map((p) => p.port));
    for (const p of SMTP.ports) expect(portMode(p.port)).toBe(p.tls);
  });

  it('shows the API request with the published endpoint and token header', () => {
    const curl = curlCommand({ from: 'a@example.com', to: 'b@example.net', subject: 's', textbody: 't' }, 'tok');
    expect(curl).toContain(`curl -X POST ${SEND_API.endpoint} `);
    expect(curl).toContain(`${SEND_API.tokenHeader}: tok`);
  });

  it('presets, lessons and docs scripts use published ports only', () => {
    const used = [...Object.values(PRESETS), ...LESSONS, ...Object.values(SCRIPTS)].map((x) => x.port);
    for (const port of used) expect(isPort(port), `port ${port}`).toBe(true);
    expect(PRESETS['implicit-tls'].port).toBe(SMTP.implicitTlsPort);
  });
});

describe('the snippet generator reads the facts module', () => {
  it('offers one connection per published port, with its published mode, the default first', () => {
    const pairs = (list: readonly { port: number; security: string }[]) => list.map((c) => `${c.port}/${c.security}`).sort();
    expect(pairs(CONNECTIONS)).toEqual(pairs(SMTP.ports.map((p) => ({ port: p.port, security: SNIPPET_SECURITY[p.tls] }))));
    expect(CONNECTIONS[0]!.port).toBe(SMTP.defaultPort);
    expect(new Set(CONNECTIONS.map((c) => c.id)).size).toBe(CONNECTIONS.length);
  });

  it('defaults to the published host and port, and matches security to the port', () => {
    expect(DEFAULT_INPUTS.host).toBe(SMTP.host);
    expect(DEFAULT_INPUTS.port).toBe(SMTP.defaultPort);
    for (const p of SMTP.ports) expect(securityForPort(p.port)).toBe(SNIPPET_SECURITY[p.tls]);
    expect(publishedTls(1)).toBeUndefined();
    expect(securityForPort(1)).toBe('starttls');
  });

  it('names the published headers in the snippets it renders', () => {
    const names = mailpaceHeaders({ ...DEFAULT_INPUTS, tags: 'a', listUnsubscribe: 'https://example.com/u' }).map((h) => h.name);
    expect(names).toEqual([HEADERS.tags, HEADERS.unsubscribeIn]);
  });
});

describe('no page-side module restates a published value', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const sourceFiles = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(path);
      return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
    });
  const files = [
    ...['terminal', 'components/terminal', 'lessons', 'transcripts'].flatMap(sourceFiles),
    ...['inputs', 'connections', 'headers', 'token'].map((n) => join('snippets', `${n}.ts`)),
  ];
  const published = [SMTP.host, SEND_API.endpoint, SEND_API.tokenHeader, HEADERS.tags, HEADERS.unsubscribeIn];
  const portLiteral = new RegExp(`\\b(${SMTP.ports.filter((p) => p.port > 99).map((p) => p.port).join('|')})\\b`);

  it.each(files)('%s', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    for (const value of published) expect(text.includes(value), value).toBe(false);
    expect(text).not.toMatch(portLiteral);
  });
});
