/**
 * Base64 helpers for the terminal's side: text in, text out, UTF-8 in between.
 * Written on the browser's btoa/atob rather than the core's byte helpers, so the
 * page loads no code from the core (see `src/boundaries.test.ts`).
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Padded standard base64 and nothing else: the strictness a SASL server applies (RFC 4954 §4). */
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 (RFC 4648 §4) of the UTF-8 bytes of `text`. */
export function b64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Decodes strict base64 to UTF-8 text; null when either step fails. */
export function unb64(text: string): string | null {
  const trimmed = text.trim();
  if (!STRICT_BASE64.test(trimmed)) return null;
  const binary = atob(trimmed);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** The AUTH PLAIN argument (RFC 4616): base64 of "" NUL username NUL password. */
export function plainArgument(token: string): string {
  return b64(`\0${token}\0${token}`);
}

/** base64url without padding (RFC 4648 §5), for share links. */
export function toBase64Url(text: string): string {
  return b64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return unb64(standard + '='.repeat((4 - (standard.length % 4)) % 4));
}
