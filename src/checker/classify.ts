/**
 * Decides whether some input is a message the checker can evaluate, before any MIME
 * parsing: empty, too big, binary and not-a-message inputs get a typed verdict the
 * page turns into words. Works on bytes, so a 30 MB file is scanned, not decoded.
 */
import { readHeaderBlock, type HeaderField, type HeaderProblem } from './header-block.ts';

export type Refusal =
  | { kind: 'empty' }
  | { kind: 'too-big'; size: number; max: number }
  /** `nulAt` is the offset of the first NUL byte, or null when control characters gave it away. */
  | { kind: 'binary'; nulAt: number | null }
  | { kind: 'not-mime'; problem: HeaderProblem };

export type Verdict = { ok: true; fields: HeaderField[] } | { ok: false; refusal: Refusal };

/** Enough of the start to hold any real header block. */
export const HEAD_BYTES = 256 * 1024;
/** How much of the start is sampled for control characters. */
const SAMPLE_BYTES = 8 * 1024;
/** Text has almost none; binary formats without NUL bytes have many. */
const MAX_CONTROL_SHARE = 0.01;

/** Control bytes that text does not contain: all but TAB, LF, VT, FF, CR and ESC (ISO-2022-JP uses ESC). */
function isStrayControl(byte: number): boolean {
  return (byte < 32 && byte !== 9 && byte !== 10 && byte !== 11 && byte !== 12 && byte !== 13 && byte !== 27) || byte === 127;
}

function binaryRefusal(bytes: Uint8Array): Refusal | null {
  const nulAt = bytes.indexOf(0);
  if (nulAt >= 0) return { kind: 'binary', nulAt };
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let stray = 0;
  for (const byte of sample) if (isStrayControl(byte)) stray++;
  return stray > sample.length * MAX_CONTROL_SHARE ? { kind: 'binary', nulAt: null } : null;
}

function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 32 && byte !== 9 && byte !== 10 && byte !== 13) return false;
  return true;
}

/** The start of the text, cut at a line end so no half line is judged. */
export function headText(bytes: Uint8Array): string {
  if (bytes.length <= HEAD_BYTES) return new TextDecoder().decode(bytes);
  const head = bytes.subarray(0, HEAD_BYTES);
  const end = head.lastIndexOf(10);
  return new TextDecoder().decode(end > 0 ? head.subarray(0, end) : head);
}

/** Classifies raw input. `max` is the largest message accepted, in bytes. */
export function classifyInput(bytes: Uint8Array, max: number): Verdict {
  if (bytes.length > max) return { ok: false, refusal: { kind: 'too-big', size: bytes.length, max } };
  if (isBlank(bytes)) return { ok: false, refusal: { kind: 'empty' } };
  const binary = binaryRefusal(bytes);
  if (binary) return { ok: false, refusal: binary };
  const block = readHeaderBlock(headText(bytes));
  return block.ok ? { ok: true, fields: block.fields } : { ok: false, refusal: { kind: 'not-mime', problem: block.problem } };
}
