import { HEADERS } from '../../simulator/mailpace-facts.ts';
import { domainOf } from './address';
import type { SnippetInputs } from './inputs';

/**
 * One MailPace header as a snippet shows it. When the reader left the field empty the
 * header still appears, with an example value and `example: true`: targets print such
 * lines commented out, so the snippet shows where the header goes without sending a
 * made-up value.
 */
export interface MailpaceHeader {
  name: string;
  value: string;
  example: boolean;
}

/** "a,b , c" → "a, b, c": MailPace takes one tag or a comma-separated list. */
export function formatTags(raw: string): string {
  return raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .join(', ');
}

/** Wraps each comma-separated URI in <…> when the reader typed it bare. */
export function formatUnsubscribe(raw: string): string {
  return raw
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => (u.startsWith('<') ? u : `<${u}>`))
    .join(', ');
}

/** The two MailPace headers, tags first, in the order every target prints them. */
export function mailpaceHeaders(inputs: SnippetInputs): MailpaceHeader[] {
  const tags = formatTags(inputs.tags);
  const unsubscribe = formatUnsubscribe(inputs.listUnsubscribe);
  const domain = domainOf(inputs.from);
  return [
    tags
      ? { name: HEADERS.tags, value: tags, example: false }
      : { name: HEADERS.tags, value: 'welcome, onboarding', example: true },
    unsubscribe
      ? { name: HEADERS.unsubscribeIn, value: unsubscribe, example: false }
      : {
          name: HEADERS.unsubscribeIn,
          value: `<https://${domain}/unsubscribe>, <mailto:unsubscribe@${domain}?subject=unsubscribe>`,
          example: true,
        },
  ];
}

/** Prefixes a line with the language's comment marker when the header is only an example. */
export function maybeComment(header: MailpaceHeader, comment: string, line: string): string {
  return header.example ? `${comment} ${line}` : line;
}
