/**
 * The page's side of getting input ready: text from the box becomes UTF-8 bytes, a
 * file is refused on its size before a byte is read, and the sending domain
 * follows the From header until the reader types one of their own.
 */
import { SEND_API } from '../../simulator/mailpace-facts.ts';
import type { Refusal } from './classify.ts';
import { cleanDomain } from './from-domain.ts';

/** The largest message MailPace takes, in bytes. */
export const MAX_MESSAGE_BYTES = SEND_API.maxSizeBytes;

/** Pasted text often starts with an empty line or two; a message cannot, so they go. */
export function textToBytes(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text.replace(/^(?:[ \t]*\r?\n)+/, ''));
}

/** Refuses a file from its size alone, so a huge file is never read. */
export function refuseBySize(size: number): Refusal | null {
  if (size === 0) return { kind: 'empty' };
  return size > MAX_MESSAGE_BYTES ? { kind: 'too-big', size, max: MAX_MESSAGE_BYTES } : null;
}

/**
 * The domain to check against: what the reader typed, or else the From's domain.
 * `typed` is the field's text; an empty field follows the message again.
 */
export function effectiveDomain(typed: string, fromDomain: string | null): string {
  return cleanDomain(typed) || fromDomain || '';
}

/** True when the field text is a plausible domain name (or empty, meaning "follow From"). */
export function isDomainInput(typed: string): boolean {
  const domain = cleanDomain(typed);
  return domain === '' || /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(domain);
}

/** "12.3 MB" for a reader; MB here is 1024 × 1024 bytes, as the limit is read. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
