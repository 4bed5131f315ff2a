/** Byte helpers the core needs without Node's Buffer or the DOM. */

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export const CR = 13;
export const LF = 10;
export const DOT = 46;
export const NUL = 0;

export const EMPTY = new Uint8Array(0);

/**
 * Text is sent as UTF-8; bytes pass through uncopied. Subclasses such as Node's
 * Buffer become plain Uint8Array views, whose subarray and indexOf are much cheaper.
 */
export function toBytes(chunk: string | Uint8Array): Uint8Array {
  if (typeof chunk === 'string') return encoder.encode(chunk);
  return chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export function concatBytes(parts: readonly Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total ?? parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** UTF-8 decode; returns null for invalid sequences instead of guessing. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map(Array.from(ALPHABET, (c, i) => [c, i]));

const ALPHABET_CODES = encoder.encode(ALPHABET);

/**
 * Standard base64 with padding (RFC 4648 §4) as ASCII codes, written into `out` when it
 * is given and big enough (a writer encoding slice by slice reuses one buffer).
 */
export function base64EncodeAscii(bytes: Uint8Array, out?: Uint8Array): Uint8Array {
  const size = Math.ceil(bytes.length / 3) * 4;
  out = out && out.length >= size ? out.subarray(0, size) : new Uint8Array(size);
  const full = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ALPHABET_CODES[n >> 18]!;
    out[o++] = ALPHABET_CODES[(n >> 12) & 63]!;
    out[o++] = ALPHABET_CODES[(n >> 6) & 63]!;
    out[o++] = ALPHABET_CODES[n & 63]!;
  }
  const left = bytes.length - full;
  if (left) {
    const n = (bytes[full]! << 16) | (left === 2 ? bytes[full + 1]! << 8 : 0);
    out[o++] = ALPHABET_CODES[n >> 18]!;
    out[o++] = ALPHABET_CODES[(n >> 12) & 63]!;
    out[o++] = left === 2 ? ALPHABET_CODES[(n >> 6) & 63]! : 61;
    out[o++] = 61; // '='
  }
  return out;
}

/**
 * Standard base64 with padding (RFC 4648 §4). Writes ASCII codes into one buffer and
 * decodes it once: fast enough for a 25 MB attachment without Node's Buffer.
 */
export function base64Encode(bytes: Uint8Array): string {
  return lenientUtf8.decode(base64EncodeAscii(bytes));
}

/**
 * Strict base64 decode for SASL answers: padding required, no whitespace, no other
 * characters (RFC 4954 §4 asks servers to reject malformed input with 501).
 * Returns null when the text is not valid base64.
 */
export function base64Decode(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (VALUE.get(text[i]!)! << 18) |
      (VALUE.get(text[i + 1]!)! << 12) |
      ((VALUE.get(text[i + 2]!) ?? 0) << 6) |
      (VALUE.get(text[i + 3]!) ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
