/**
 * Tab completion: SMTP commands and helpers at the command prompt, header names
 * while typing a message, example names after `/example`. Matching ignores case;
 * the completed text takes the candidate's spelling.
 */
import { HEADERS } from '../../simulator/mailpace-facts.ts';
import type { SessionState } from '../../simulator/index.ts';
import { VERBS } from '../../simulator/states.ts';
import { EXAMPLES } from './examples.ts';
import { HELPERS, listedHelpers, type Helper } from './helpers.ts';

export type CompletionContext = 'command' | 'data' | 'auth';

/** Commands as a client types them, with the argument's start where one follows. */
export const COMMAND_CANDIDATES: readonly string[] = [
  'EHLO ',
  'HELO ',
  'STARTTLS',
  'AUTH PLAIN ',
  'AUTH LOGIN',
  'MAIL FROM:<',
  'RCPT TO:<',
  'DATA',
  'RSET',
  'NOOP',
  'QUIT',
  'HELP',
  'VRFY ',
];

export const HEADER_CANDIDATES: readonly string[] = [
  'From: ',
  'To: ',
  'Cc: ',
  'Bcc: ',
  'Subject: ',
  'Reply-To: ',
  `${HEADERS.tags}: `,
  `${HEADERS.unsubscribeIn}: `,
  'MIME-Version: 1.0',
  'Content-Type: ',
];

// Every verb the core knows must be completable.
for (const verb of VERBS) {
  if (!COMMAND_CANDIDATES.some((c) => c.startsWith(verb))) throw new Error(`completion: ${verb} has no candidate`);
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) {
    let i = 0;
    while (i < prefix.length && i < w.length && prefix[i]!.toLowerCase() === w[i]!.toLowerCase()) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

function completeFrom(text: string, candidates: readonly string[]): { text?: string; options?: string[] } {
  const lower = text.toLowerCase();
  const matches = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  if (matches.length === 0) return {};
  if (matches.length === 1) return { text: matches[0]! };
  const prefix = commonPrefix(matches);
  // Keep what was typed if the shared prefix adds nothing, so the list is shown instead.
  return { text: prefix.length > text.length ? prefix : text, options: matches.map((m) => m.trim()) };
}

/** `helpers`: the helper table (tests pass one with an extra row). */
export function complete(text: string, context: CompletionContext, helpers: readonly Helper[] = HELPERS): { text?: string; options?: string[] } {
  if (context === 'auth') return {};
  if (context === 'data') {
    // Header names only make sense at the start of a line with no colon yet.
    if (text.includes(':') || text.includes(' ')) return {};
    return text ? completeFrom(text, HEADER_CANDIDATES) : {};
  }
  if (text.toLowerCase().startsWith('/example ')) {
    const arg = text.slice('/example '.length);
    const found = completeFrom(arg, EXAMPLES.map((e) => e.name));
    return {
      ...(found.text !== undefined ? { text: `/example ${found.text}` } : {}),
      ...(found.options ? { options: found.options } : {}),
    };
  }
  if (text.startsWith('/')) {
    return completeFrom(text, listedHelpers(helpers).map((h) => (h.usage.includes(' ') ? `${h.name} ` : h.name)));
  }
  return completeFrom(text, COMMAND_CANDIDATES);
}

/** What the server is reading in `state` (undefined: no open session). */
export function completionContext(state: SessionState | undefined): CompletionContext {
  return state === 'data' || state === 'auth' ? state : 'command';
}

/**
 * Tab in the terminal: on an empty line it types the hint's command (outside DATA),
 * so a keyboard reader walks a whole login with Tab and Enter; otherwise it completes.
 */
export function completeLine(
  text: string,
  context: CompletionContext,
  hint: { command?: string },
  helpers: readonly Helper[] = HELPERS,
): { text?: string; options?: string[] } {
  if (text === '' && context !== 'data') return hint.command ? { text: hint.command } : {};
  return complete(text, context, helpers);
}
