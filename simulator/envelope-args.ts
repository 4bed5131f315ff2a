/**
 * Parsing of MAIL FROM / RCPT TO arguments: the path and its ESMTP parameters.
 *
 * Grammar from RFC 5321 §4.1.2 (kept practical: quoted local parts and source
 * routes are refused with a clear reply). Failures come back as reply names from
 * the catalogue, never as exceptions.
 */
import { encodeUtf8 } from './bytes.ts';
import type { ReplyName, ReplyParams } from './replies.ts';

export interface Path {
  /** The address without angle brackets; '' for the null path `<>`. */
  address: string;
  params: Map<string, string | true>;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reply: ReplyName; params: ReplyParams };

const fail = (reply: ReplyName, params: ReplyParams = {}): ParseResult<never> => ({ ok: false, reply, params });

const LOCAL_MAX = 64;
const DOMAIN_MAX = 255;
const PATH_MAX = 256;

/**
 * Splits `FROM:<a@b> SIZE=10` into path and parameters. `keyword` is FROM or TO.
 * `badAddress` is the reply for a malformed address (5.1.7 sender, 5.1.3 recipient).
 */
export function parsePathArgument(
  args: string,
  keyword: 'FROM' | 'TO',
  badAddress: 'badSender' | 'badRecipient',
): ParseResult<Path> {
  const usage = keyword === 'FROM' ? 'MAIL FROM:<you@example.com> [SIZE=n] [BODY=8BITMIME] [SMTPUTF8]' : 'RCPT TO:<them@example.net>';
  if (/[\u0000-\u001f\u007f]/.test(args)) return fail('controlCharacters', { what: `${keyword === 'FROM' ? 'MAIL' : 'RCPT'} arguments` });
  const match = new RegExp(`^${keyword}:\\s?<([^<>]*)>(.*)$`, 'i').exec(args);
  if (!match) return fail('syntax', { usage });
  const address = match[1]!;
  const tail = match[2]!;
  if (tail !== '' && !tail.startsWith(' ')) return fail('syntax', { usage });

  if (address !== '' || keyword === 'TO') {
    const why = addressProblem(address);
    if (why) return fail(badAddress, { why });
  }

  const params = new Map<string, string | true>();
  for (const word of tail.split(' ').filter(Boolean)) {
    const eq = word.indexOf('=');
    const name = (eq === -1 ? word : word.slice(0, eq)).toUpperCase();
    if (!/^[A-Z0-9][A-Z0-9-]*$/.test(name)) return fail('syntax', { usage });
    if (params.has(name)) return fail('syntax', { usage: `${name} given twice` });
    params.set(name, eq === -1 ? true : word.slice(eq + 1));
  }
  return { ok: true, value: { address, params } };
}

/** Why an address is unusable, or null when it is fine. */
export function addressProblem(address: string): string | null {
  if (address.length > PATH_MAX) return `longer than ${PATH_MAX} characters`;
  if (address.startsWith('@')) return 'source routes are not supported';
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return 'expected local-part@domain';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (encodeUtf8(local).length > LOCAL_MAX) return `local part longer than ${LOCAL_MAX} octets`;
  if (domain.length > DOMAIN_MAX) return `domain longer than ${DOMAIN_MAX} characters`;
  if (/[\s"(),:;<>@[\\\]]/.test(local)) return 'quoted or special characters in the local part are not supported';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'misplaced dot in the local part';
  const ipLiteral = /^\[[0-9A-Fa-f.:]+\]$/.test(domain) || /^\[IPv6:[0-9A-Fa-f.:]+\]$/i.test(domain);
  const labels = domain.split('.');
  if (!ipLiteral && labels.some((l) => !/^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u.test(l))) {
    return `"${domain}" is not a valid domain`;
  }
  return null;
}

export function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

/** The domain of an address, lower-cased. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
