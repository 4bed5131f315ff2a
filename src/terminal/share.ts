/**
 * Shareable links: a session's client lines in the URL fragment, replayed when
 * the link is opened. The fragment never reaches a server.
 *
 * Before a link is made, the lines are checked for credentials other than the
 * demo token (AUTH arguments and answers, or anything shaped like an API token),
 * so nobody shares a real token by accident; `withDemoCredentials` swaps them out.
 */
import { DEMO_TOKEN } from '../../simulator/config.ts';
import { b64, fromBase64Url, plainArgument, toBase64Url, unb64 } from './encoding.ts';
import { isPort, type Port } from './ports.ts';

export const SHARE_KEY = 'replay';
/** Longest fragment a share link may carry; longer sessions are cut at a line boundary. */
export const MAX_SHARE_CHARS = 16_000;

/** A client line as it was sent, with the session state it was sent in. */
export interface SentLine {
  text: string;
  /** `auth`: an answer to a 334 challenge. `data`: message text. */
  phase: 'command' | 'auth' | 'data';
}

export interface SharedSession {
  port: Port;
  preset?: string;
  lines: string[];
}

export interface CredentialFinding {
  index: number;
  line: string;
  why: string;
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

function notDemo(values: readonly string[]): boolean {
  return values.some((v) => v !== '' && v !== DEMO_TOKEN);
}

/** Lines that carry credentials other than the demo token. */
export function findCredentials(lines: readonly SentLine[]): CredentialFinding[] {
  const found: CredentialFinding[] = [];
  lines.forEach((line, index) => {
    const add = (why: string) => found.push({ index, line: line.text, why });
    const auth = /^AUTH\s+(\S+)(?:\s+(\S+))?/i.exec(line.text);
    if (line.phase === 'command' && auth) {
      const initial = auth[2];
      if (initial !== undefined && initial !== '=') {
        const decoded = unb64(initial);
        const parts = decoded === null ? [initial] : auth[1]!.toUpperCase() === 'PLAIN' ? decoded.split('\0') : [decoded];
        if (notDemo(parts)) add('AUTH with credentials that are not the demo token');
      }
      return;
    }
    if (line.phase === 'auth') {
      if (line.text === '*' || line.text === '=') return;
      const decoded = unb64(line.text);
      if (decoded === null || notDemo(decoded.split('\0'))) add('an AUTH answer that is not the demo token');
      return;
    }
    for (const match of line.text.matchAll(UUID)) {
      if (match[0].toLowerCase() !== DEMO_TOKEN) {
        add('something shaped like an API token');
        return;
      }
    }
  });
  return found;
}

/** The same lines with every credential replaced by the demo token's. */
export function withDemoCredentials(lines: readonly SentLine[]): SentLine[] {
  let mechanism: 'PLAIN' | 'LOGIN' | null = null;
  return lines.map((line) => {
    const auth = /^AUTH\s+(\S+)(?:\s+\S+)?$/i.exec(line.text);
    if (line.phase === 'command' && auth) {
      mechanism = auth[1]!.toUpperCase() === 'LOGIN' ? 'LOGIN' : 'PLAIN';
      const hasInitial = line.text.trim().split(/\s+/).length > 2;
      if (!hasInitial) return line;
      const initial = mechanism === 'PLAIN' ? plainArgument(DEMO_TOKEN) : b64(DEMO_TOKEN);
      return { ...line, text: `AUTH ${mechanism} ${initial}` };
    }
    if (line.phase === 'auth') {
      if (line.text === '*' || line.text === '=') return line;
      return { ...line, text: mechanism === 'LOGIN' ? b64(DEMO_TOKEN) : plainArgument(DEMO_TOKEN) };
    }
    return { ...line, text: line.text.replace(UUID, DEMO_TOKEN) };
  });
}

/** The fragment value (without `#replay=`) for a session. Long sessions are cut at a line boundary. */
export function encodeShare(session: SharedSession): string {
  let lines = session.lines;
  for (;;) {
    const encoded = toBase64Url(JSON.stringify({ v: 1, port: session.port, preset: session.preset, lines }));
    if (encoded.length <= MAX_SHARE_CHARS || lines.length === 0) return encoded;
    lines = lines.slice(0, Math.floor(lines.length * 0.9));
  }
}

/** A full link to `base` that replays the session. */
export function shareUrl(base: string, session: SharedSession): string {
  const url = new URL(base);
  url.hash = `${SHARE_KEY}=${encodeShare(session)}`;
  return url.toString();
}

/** Reads a share fragment (`#replay=…` or the value alone); null when it is not a valid one. */
export function decodeShare(fragment: string): SharedSession | null {
  const value = fragment.replace(/^#/, '').startsWith(`${SHARE_KEY}=`) ? fragment.replace(/^#/, '').slice(SHARE_KEY.length + 1) : null;
  if (value === null || value.length > MAX_SHARE_CHARS) return null;
  const json = fromBase64Url(value);
  if (json === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { v, port, preset, lines } = data as Record<string, unknown>;
  if (v !== 1 || !isPort(port) || !Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) return null;
  if (lines.some((l: string) => /[\r\n]/.test(l))) return null;
  return { port, lines, ...(typeof preset === 'string' ? { preset } : {}) };
}
