/**
 * Where MailPace publishes nothing, the page says so where it makes the claim, and the
 * page agrees with the core. Each check names the claim it holds:
 * - the tags table shows what the core's parser gives, an array even for one tag;
 * - no page treats the greeting's wording as proof of interception: MailPace says its
 *   server answers "Nice to meet you" without saying in which reply;
 * - the threading headers' fate over SMTP is labelled as inferred or simulated;
 * - the core's reasons for dropping standard unsubscribe and threading headers say
 *   "Simulated", as the pages do.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dropReason } from '../../simulator/header-rules.ts';
import { parseTags } from '../../simulator/message-policy.ts';

const DOCS = fileURLToPath(new URL('./docs/', import.meta.url));
const page = (path: string) => readFileSync(`${DOCS}${path}`, 'utf8');
/** Table rows and paragraphs: the unit a claim and its label must share. */
const blocks = (text: string) => text.split(/\n\s*\n|\n(?=\|)/);

describe('tags: the page shows what the core makes of the header', () => {
  const rows = [...page('message/tags.mdx').matchAll(/^\| `([^`]*)` \| `([^`]*)`/gm)];

  it('has the table', () => expect(rows.length).toBeGreaterThanOrEqual(4));

  it.each(rows.map((m) => [m[1]!, m[2]!]))('`%s` becomes %s', (header, shown) => {
    expect(JSON.parse(shown)).toEqual(parseTags([header]));
  });

  it('one tag is an array on the SMTP-vs-API page too', () => {
    expect(parseTags(['welcome'])).toEqual(['welcome']);
    expect(page('message/smtp-vs-api.mdx')).toContain('`welcome` gives `["welcome"]`');
  });
});

describe('the greeting phrase is never offered as proof', () => {
  const pages = ['guides/troubleshooting.mdx', 'connecting/ports-and-encryption.mdx'];
  it.each(pages)('%s labels every mention of the phrase', (path) => {
    const mentions = blocks(page(path)).filter((b) => b.includes('{SMTP.greetingPhrase}'));
    expect(mentions.length).toBeGreaterThan(0);
    for (const block of mentions) {
      expect(block).toMatch(/in\s+which\s+reply/);
      expect(block).not.toMatch(/greeting without/i);
    }
  });
});

describe('threading headers over SMTP are an inference, labelled as one', () => {
  const pages = ['message/kept-and-dropped.mdx', 'message/smtp-vs-api.mdx', 'guides/troubleshooting.mdx'];
  it.each(pages)('%s', (path) => {
    const claims = blocks(page(path)).filter((b) => /In-Reply-To|`inreplyto`|`references`/.test(b) && /drop/i.test(b));
    expect(claims.length).toBeGreaterThan(0);
    for (const block of claims) expect(block).toMatch(/simulated|infer/i);
    expect(page(path)).not.toMatch(/no SMTP equivalent/);
  });

  it.each(['in-reply-to', 'references', 'list-unsubscribe'])('the core says why it drops %s, as simulated', (header) => {
    expect(dropReason(header)).toMatch(/^Simulated: /);
  });
});

describe('the facts module claims only what MailPace publishes', () => {
  const facts = readFileSync(fileURLToPath(new URL('../../simulator/mailpace-facts.ts', import.meta.url)), 'utf8');
  it('calls the port order and the default port the site\'s choice', () => {
    expect(facts).not.toMatch(/order MailPace lists|docs recommend/);
    expect(facts).toMatch(/site's default, not a MailPace recommendation/);
  });
});
