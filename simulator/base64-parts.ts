/**
 * Finds body parts declared `Content-Transfer-Encoding: base64` whose text is not
 * valid base64.
 *
 * Why a second look at the raw message: postal-mime skips characters outside the
 * base64 alphabet and decodes whatever is left (RFC 2045 §6.8 allows a decoder to
 * ignore them), so a damaged part turns into wrong bytes without a word. This scan
 * walks the MIME tree line by line over the raw bytes (boundaries per RFC 2046
 * §5.1.1), checks each base64 body, and never builds a copy of the message.
 * Parts inside message/rfc822 are not entered.
 */
import { CR, LF } from './bytes.ts';

export type Base64Fault = 'alphabet' | 'padding';

export interface Base64Problem {
  /** The part's media type, e.g. "image/png". */
  type: string;
  /** The part's file name, when it has one. */
  name: string | null;
  faults: Base64Fault[];
}

/** Deeper multiparts than this are not followed: no real message nests so far. */
const MAX_DEPTH = 32;
/** Header text kept per part; the headers this scan needs come first in practice. */
const MAX_HEADER_CHARS = 16 * 1024;
/** A boundary is at most 70 characters (RFC 2046 §5.1.1); longer lines are never one. */
const MAX_BOUNDARY_LINE = 200;

const DASH = 45;
const EQUALS = 61;
const SPACE = 32;
const TAB = 9;

function isAlphabet(b: number): boolean {
  return (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b === 43 || b === 47;
}

/** Counts base64 characters and padding in a part, line by line. */
class Base64Check {
  private data = 0;
  private pad = 0;
  private badChar = false;
  private dataAfterPad = false;

  feed(line: Uint8Array): void {
    for (const b of line) {
      if (isAlphabet(b)) {
        if (this.pad) this.dataAfterPad = true;
        this.data++;
      } else if (b === EQUALS) this.pad++;
      // Spaces and tabs are transport noise, not damage.
      else if (b !== SPACE && b !== TAB) this.badChar = true;
    }
  }

  faults(): Base64Fault[] {
    const faults: Base64Fault[] = [];
    if (this.badChar) faults.push('alphabet');
    // Padding only at the very end, completing the last group of four (RFC 4648 §4).
    const padOk = !this.dataAfterPad && this.pad <= 2 && (this.data + this.pad) % 4 === 0 && (this.pad === 0 || this.data % 4 === 4 - this.pad);
    if (!padOk) faults.push('padding');
    return faults;
  }
}

interface Part {
  headerText: string;
  inBody: boolean;
  check: Base64Check | null;
  type: string;
  name: string | null;
}

const newPart = (): Part => ({ headerText: '', inBody: false, check: null, type: 'text/plain', name: null });

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}

/** The value of one header in unfolded header text, or null. */
function headerValue(headerText: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\n)${name}:([^\\n]*)`, 'i').exec(headerText);
  return match ? match[1]!.trim() : null;
}

function param(value: string | null, name: string): string | null {
  if (!value) return null;
  const match = new RegExp(`;\\s*${name}\\*?\\s*=\\s*(?:"([^"]*)"|([^\\s;]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

const SIX = 0x36;
const FOUR = 0x34;

/**
 * Whether "base64" appears anywhere in `bytes`, in any case. Most mail has no base64
 * part, and one native byte search answers that before any line is read.
 */
function mentionsBase64(bytes: Uint8Array): boolean {
  for (let at = bytes.indexOf(SIX, 4); at !== -1; at = bytes.indexOf(SIX, at + 1)) {
    // "base" before "64", compared with the ASCII case bit cleared.
    if (bytes[at + 1] === FOUR && (bytes[at - 4]! & 0xdf) === 0x42 && (bytes[at - 3]! & 0xdf) === 0x41 && (bytes[at - 2]! & 0xdf) === 0x53 && (bytes[at - 1]! & 0xdf) === 0x45) return true;
  }
  return false;
}

/** Every base64 part of `bytes` whose text is damaged, in message order. */
export function findBase64Problems(bytes: Uint8Array): Base64Problem[] {
  if (!mentionsBase64(bytes)) return [];
  const problems: Base64Problem[] = [];
  const boundaries: string[] = [];
  let part: Part | null = newPart();

  const finish = () => {
    const faults = part?.check?.faults() ?? [];
    if (part && faults.length) problems.push({ type: part.type, name: part.name, faults });
    part = null;
  };

  /** Headers done: a multipart opens a boundary, a base64 leaf gets a check. */
  const startBody = (p: Part) => {
    p.inBody = true;
    const contentType = headerValue(p.headerText, 'content-type');
    p.type = (contentType?.split(';')[0]?.trim().toLowerCase() || 'text/plain');
    const boundary = param(contentType, 'boundary');
    if (p.type.startsWith('multipart/') && boundary && boundaries.length < MAX_DEPTH) {
      boundaries.push(boundary);
      part = null; // the preamble up to the first boundary is not content
      return;
    }
    const encoding = headerValue(p.headerText, 'content-transfer-encoding')?.replace(/\([^)]*\)/g, '').trim().toLowerCase();
    if (encoding === 'base64') p.check = new Base64Check();
    p.name = param(headerValue(p.headerText, 'content-disposition'), 'filename') ?? param(contentType, 'name');
  };

  /** Index of the boundary `line` matches (innermost first), and whether it closes. */
  const matchBoundary = (line: Uint8Array): { at: number; close: boolean } | null => {
    if (!boundaries.length || line.length < 3 || line[0] !== DASH || line[1] !== DASH || line.length > MAX_BOUNDARY_LINE) return null;
    const text = latin1(line).replace(/[ \t]+$/, '');
    for (let i = boundaries.length - 1; i >= 0; i--) {
      if (text === `--${boundaries[i]}`) return { at: i, close: false };
      if (text === `--${boundaries[i]}--`) return { at: i, close: true };
    }
    return null;
  };

  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(LF, start);
    const next = end === -1 ? bytes.length : end + 1;
    if (end === -1) end = bytes.length;
    const line = bytes.subarray(start, end > start && bytes[end - 1] === CR ? end - 1 : end);
    start = next;

    const hit = matchBoundary(line);
    if (hit) {
      finish();
      boundaries.length = hit.close ? hit.at : hit.at + 1;
      if (!hit.close) part = newPart();
      continue;
    }
    const current: Part | null = part;
    if (!current) continue;
    if (current.inBody) {
      current.check?.feed(line);
    } else if (line.length === 0) {
      startBody(current);
    } else if (current.headerText.length < MAX_HEADER_CHARS) {
      const text = latin1(line.subarray(0, MAX_HEADER_CHARS));
      // A line starting with white space continues the previous header (RFC 5322 §2.2.3).
      current.headerText += /^[ \t]/.test(text) ? ` ${text.trim()}` : `\n${text}`;
    }
  }
  finish();
  return problems;
}
