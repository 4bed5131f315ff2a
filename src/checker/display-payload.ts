/**
 * Keeps huge values out of the page. A 30 MB attachment is 40 MB of base64: the
 * inspector shows where it goes, not every character, so long attachment contents
 * are shortened before they cross to the page, and long bodies in the curl call.
 * The result says whether anything was shortened, so the page can tell the reader.
 */
import type { SendPayload } from '../../simulator/index.ts';

/** Longer attachment contents are shortened. */
export const MAX_ATTACHMENT_CHARS = 4096;
/** Longer bodies are shortened in the curl call (the inspector still shows them whole). */
export const MAX_CURL_BODY_CHARS = 64 * 1024;
/** Bytes of the raw message shown as text; the rest is in the reader's own file or the .eml download. */
export const MAX_RAW_CHARS = 256 * 1024;
/** Characters kept at the start of a shortened value. */
const KEPT_CHARS = 76;

function shorten(value: string, max: number): { value: string; cut: boolean } {
  if (value.length <= max) return { value, cut: false };
  return { value: `${value.slice(0, KEPT_CHARS)}…[${value.length} characters in all, shortened for display]`, cut: true };
}

/** The payload with attachment contents shortened; reading each `content` once. */
export function shortenAttachments(payload: SendPayload): { payload: SendPayload; shortened: boolean } {
  if (!payload.attachments?.length) return { payload, shortened: false };
  let shortened = false;
  const attachments = payload.attachments.map((a) => {
    const { value, cut } = shorten(a.content, MAX_ATTACHMENT_CHARS);
    shortened ||= cut;
    return { ...a, content: value };
  });
  return { payload: { ...payload, attachments }, shortened };
}

/** The payload for the curl call: long bodies shortened too. */
export function curlPayload(payload: SendPayload): { payload: SendPayload; shortened: boolean } {
  const out: SendPayload = { ...payload };
  let shortened = false;
  for (const key of ['textbody', 'htmlbody'] as const) {
    const body = payload[key];
    if (body === undefined) continue;
    const { value, cut } = shorten(body, MAX_CURL_BODY_CHARS);
    out[key] = value;
    shortened ||= cut;
  }
  return { payload: out, shortened };
}

/** The start of a raw message as text, and whether it was cut at `MAX_RAW_CHARS`. */
export function rawPreview(bytes: Uint8Array): { raw: string; rawShortened: boolean } {
  return { raw: new TextDecoder().decode(bytes.subarray(0, MAX_RAW_CHARS)), rawShortened: bytes.length > MAX_RAW_CHARS };
}
