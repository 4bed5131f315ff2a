/**
 * What an end-to-end test wants from a message it waited for: the links to follow
 * and the one-time code to type. postal-mime reads the text and HTML parts (quoted-
 * printable, base64, charsets); the rules below are deliberately simple:
 *
 * - Links: every `http://` or `https://` URL in the text part, then every `href` of
 *   the HTML part, entities decoded, then bare URLs in the HTML's text; each once,
 *   in that order. Trailing punctuation (`.`, `,`, `)`, …) is not part of a link.
 * - Codes: a run of 4 to 8 letters and digits holding at least one digit, standing
 *   alone, within 40 characters after or before one of the words "code", "passcode",
 *   "OTP", "PIN" or "verification" (any case), in the subject, the text part or the
 *   HTML's text. Links are taken out first, so parts of a URL are never codes.
 */
import PostalMime from 'postal-mime';

export interface FoundInMessage {
  links: string[];
  codes: string[];
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const KEYWORD = /\b(?:code|passcode|otp|pin|verification)\b/gi;
const CANDIDATE = /(?<![A-Za-z0-9])(?=[A-Za-z]*\d)[A-Za-z0-9]{4,8}(?![A-Za-z0-9])/g;
/** How far from a keyword a code may stand. */
export const CODE_WINDOW_CHARS = 40;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A URL without the sentence punctuation that follows it; a `)` stays when the URL opened one. */
function trimUrl(url: string): string {
  let out = url.replace(/[.,;:!?'"\]]+$/, '');
  while (out.endsWith(')') && (out.match(/\(/g)?.length ?? 0) < (out.match(/\)/g)?.length ?? 0)) out = out.slice(0, -1).replace(/[.,;:!?'"\]]+$/, '');
  return out;
}

function urlsIn(text: string): string[] {
  return Array.from(text.matchAll(URL_IN_TEXT), (m) => trimUrl(m[0]));
}

/** The HTML as text: tags, scripts and styles out, entities decoded. */
export function htmlText(html: string): string {
  return decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' '));
}

export function findLinks(text: string, html: string): string[] {
  const hrefs = Array.from(html.matchAll(HREF), (m) => decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim())).filter((h) => /^https?:\/\//i.test(h));
  return [...new Set([...urlsIn(text), ...hrefs, ...urlsIn(htmlText(html))])];
}

export function findCodes(...texts: string[]): string[] {
  const codes: string[] = [];
  for (const raw of texts) {
    const text = raw.replace(URL_IN_TEXT, ' ');
    const keywords = Array.from(text.matchAll(KEYWORD), (k) => ({ from: k.index - CODE_WINDOW_CHARS, to: k.index + k[0].length + CODE_WINDOW_CHARS }));
    for (const m of text.matchAll(CANDIDATE)) {
      const near = keywords.some((k) => m.index >= k.from && m.index + m[0].length <= k.to);
      if (near && !codes.includes(m[0])) codes.push(m[0]);
    }
  }
  return codes;
}

/** Links and codes in a message's bytes; none when it cannot be read. */
export async function findInMessage(raw: Uint8Array | null): Promise<FoundInMessage> {
  if (raw === null) return { links: [], codes: [] };
  let email;
  try {
    email = await PostalMime.parse(raw);
  } catch {
    return { links: [], codes: [] };
  }
  const text = email.text ?? '';
  const html = email.html ?? '';
  return { links: findLinks(text, html), codes: findCodes(email.subject ?? '', text, htmlText(html)) };
}
