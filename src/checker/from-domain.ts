/**
 * The domain of the From header, used as the default for "Your sending domain".
 *
 * MailPace sends only when the From domain is the domain of the API token; the
 * checker has no token, so it starts from the From's own domain and lets the reader
 * type the domain their token belongs to. This runs on the page, so it is a light
 * reading of the address, not a full RFC 5322 parser (the worker uses postal-mime).
 */
import { headerValues, readHeaderBlock } from './header-block.ts';

/** The domain part of an address, lower case, or null when there is none. */
export function domainOfAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  const domain = at < 0 ? '' : address.slice(at + 1).trim().toLowerCase();
  return /^[a-z0-9.-]+$/i.test(domain) && domain.includes('.') ? domain : null;
}

/** The address in a From value: the one in angle brackets, or the first word with an @. */
export function fromAddress(value: string): string | null {
  // Quoted display names may hold "@" or "<": drop them first.
  const unquoted = value.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\([^()]*\)/g, ' ');
  const angle = /<([^<>]*)>/.exec(unquoted);
  if (angle) return angle[1]!.trim() || null;
  return unquoted.split(/[\s,;]+/).find((w) => w.includes('@')) ?? null;
}

/** The From header's domain in a message's text, or null (no From, no address, not a message). */
export function fromDomain(text: string): string | null {
  const block = readHeaderBlock(text);
  if (!block.ok) return null;
  const [value] = headerValues(block.fields, 'From');
  if (value === undefined) return null;
  const address = fromAddress(value);
  return address ? domainOfAddress(address) : null;
}

/** What a domain field holds after cleaning: lower case, no spaces, no leading @. */
export function cleanDomain(input: string): string {
  return input.trim().replace(/^@/, '').replace(/\.$/, '').toLowerCase();
}
