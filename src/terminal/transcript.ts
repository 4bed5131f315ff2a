/**
 * Transcript entries: the one record of a terminal session.
 *
 * Everything the terminal prints is an entry, and the accessible `role="log"`
 * transcript renders the same entries, so the two cannot drift apart. Entries are
 * one line each; `entryText` is what both show, `entryAnsi` adds the terminal's
 * colours.
 */
import type { ReplyName } from '../../simulator/index.ts';

/** `client`: sent to the server. `server`: a reply line. `local`: a /helper line, never sent. `note`: the terminal's own remarks. */
export type EntryKind = 'client' | 'server' | 'local' | 'note';

export interface TranscriptEntry {
  id: number;
  kind: EntryKind;
  text: string;
  /** The reply code, for server lines. */
  code?: number;
  /** The reply's catalogue name, for server lines: what lessons match on. */
  reply?: ReplyName;
}

/** What each kind of line starts with, in the terminal and in the transcript alike. */
export const ENTRY_PREFIX: Readonly<Record<EntryKind, string>> = {
  client: 'C: ',
  server: 'S: ',
  local: '» ',
  note: '',
};

/** The prompt while typing: the client's side of the conversation. */
export const PROMPT = ENTRY_PREFIX.client;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters are shown as `^X` (or `\xNN`): never let input drive the terminal. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 32) return `^${String.fromCharCode(code + 64)}`;
    if (code === 127) return '^?';
    return `\\x${code.toString(16)}`;
  });
}

/** How a reply reads at a glance: 5xx a refusal, 4xx try again later, anything else fine. */
export type ReplyTone = 'ok' | 'temp' | 'error';

/** The one rule for a server line's tone; the terminal colours it and the text transcript classes it. */
export function replyTone(code: number | undefined): ReplyTone {
  if (code !== undefined && code >= 500) return 'error';
  if (code !== undefined && code >= 400) return 'temp';
  return 'ok';
}

export function entryText(entry: Pick<TranscriptEntry, 'kind' | 'text'>): string {
  return ENTRY_PREFIX[entry.kind] + printable(entry.text);
}

// SGR colour codes; the terminal theme maps them to colours with enough contrast.
const SGR = {
  reset: '\x1b[0m',
  label: '\x1b[36m', // cyan
  client: '\x1b[97m', // bright white
  ok: '\x1b[32m', // green
  temp: '\x1b[33m', // yellow
  error: '\x1b[31m', // red
  local: '\x1b[35m', // magenta
  note: '\x1b[90m', // bright black, styled light grey by the theme
} as const;


/** The entry with terminal colours: the label dims, the text takes its kind's colour. */
export function entryAnsi(entry: TranscriptEntry): string {
  const text = printable(entry.text);
  switch (entry.kind) {
    case 'client':
      return `${SGR.label}${ENTRY_PREFIX.client}${SGR.client}${text}${SGR.reset}`;
    case 'server': {
      const colour = SGR[replyTone(entry.code)];
      return `${colour}${ENTRY_PREFIX.server}${text}${SGR.reset}`;
    }
    case 'local':
      return `${SGR.local}${ENTRY_PREFIX.local}${text}${SGR.reset}`;
    case 'note':
      return `${SGR.note}${text}${SGR.reset}`;
  }
}

export const PROMPT_ANSI = `${SGR.label}${PROMPT}${SGR.reset}`;

/** Plain text of a whole transcript, one entry per line: what /copy puts on the clipboard. */
export function transcriptText(entries: readonly TranscriptEntry[]): string {
  return entries.map((e) => `${entryText(e)}\n`).join('');
}

/** Splits multi-line text into one entry text per line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
