/**
 * Line endings and the flags the core's DATA reader would have raised.
 *
 * SMTP lines end in CRLF (RFC 5321 §2.3.8). Files and framework logs often use bare
 * LF, so the checker turns every bare LF into CRLF before the check and tells the
 * reader, rather than flag every line of an otherwise fine message.
 */
const CR = 13;
const LF = 10;

export interface Normalised {
  bytes: Uint8Array;
  /** How many bare LFs became CRLF. */
  bareLf: number;
}

/** Replaces each LF not preceded by CR with CRLF; returns the input itself when there is none. */
export function normaliseLineEndings(bytes: Uint8Array): Normalised {
  let bareLf = 0;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    if (i === 0 || bytes[i - 1] !== CR) bareLf++;
  }
  if (bareLf === 0) return { bytes, bareLf };
  const out = new Uint8Array(bytes.length + bareLf);
  let o = 0;
  let from = 0;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    if (i > 0 && bytes[i - 1] === CR) continue;
    out.set(bytes.subarray(from, i), o);
    o += i - from;
    out[o++] = CR;
    from = i; // the LF itself is copied with the next run
  }
  out.set(bytes.subarray(from), o);
  return { bytes: out, bareLf };
}

export interface LineFlags {
  /** A CR not followed by LF. */
  bareCr: boolean;
  /** A line longer than `maxLineBytes`, CRLF included (RFC 5321 §4.5.3.1.6). */
  longLine: boolean;
}

/** Scans CRLF text for the flags the DATA reader sets on the same bytes. */
export function lineFlags(bytes: Uint8Array, maxLineBytes: number): LineFlags {
  let bareCr = false;
  let longLine = false;
  let start = 0;
  for (let i = bytes.indexOf(CR); i >= 0; i = bytes.indexOf(CR, i + 1)) {
    if (bytes[i + 1] !== LF) {
      bareCr = true;
      continue;
    }
    if (i + 2 - start > maxLineBytes) longLine = true;
    start = i + 2;
  }
  if (bytes.length - start > maxLineBytes) longLine = true;
  return { bareCr, longLine };
}
