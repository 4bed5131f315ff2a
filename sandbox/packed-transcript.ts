/**
 * A kept SMTP transcript, packed: its lines as one flat string, read back into
 * entries only when something asks (the API, the `--out` file).
 *
 * Why: the inbox keeps the last 1,000 messages by default, and as about 60 entry
 * objects each, transcripts were half of the heap a kept message held. Every young
 * GC copied them and every full GC walked them; one string holds no pointers to
 * follow. A string, not a buffer outside the heap: encoding to UTF-8 cost three
 * times as much as the join, and the GC copies a few KB of flat text cheaply.
 *
 * Each line is one code character (who spoke, and the client line's phase), then
 * the text; LF between lines. The recorder writes lines in this form as it goes
 * (session-transcript.ts), so a message's transcript is never a list of objects.
 */
import type { PortMode } from '../simulator/index.ts';
import type { SessionTranscript, TranscriptEntry } from './api-types.ts';

type Phase = Extract<TranscriptEntry, { from: 'C' }>['phase'];

const CODE_OF_PHASE = { command: 'c', auth: 'a', data: 'd', tls: 't' } as const satisfies Record<Phase, string>;
const PHASE_OF_CODE = Object.fromEntries(Object.entries(CODE_OF_PHASE).map(([phase, code]) => [code, phase])) as Record<string, Phase>;

/** The code that starts a packed line: the sandbox (`S`), a note (`#`), or the client's line in each phase. */
export const LINE_CODE = { server: 'S', note: '#', ...CODE_OF_PHASE } as const;
export type LineCode = (typeof LINE_CODE)[keyof typeof LINE_CODE];

/**
 * One entry as a packed line. A text never holds LF; one that did would become a space
 * rather than break the lines after it. A client line without a known phase (a damaged
 * `--out` file) reads back as a command.
 */
export function packLine(entry: TranscriptEntry): string {
  const code = entry.from === 'C' ? (CODE_OF_PHASE[entry.phase] ?? LINE_CODE.command) : entry.from;
  return code + (entry.text.includes('\n') ? entry.text.replaceAll('\n', ' ') : entry.text);
}

function entryOf(line: string): TranscriptEntry {
  const code = line[0]!;
  const text = line.slice(1);
  if (code === LINE_CODE.server || code === LINE_CODE.note) return { from: code, text };
  return { from: 'C', text, phase: PHASE_OF_CODE[code] ?? 'command' };
}

export class PackedTranscript implements SessionTranscript {
  readonly port_mode: PortMode;
  readonly #text: string;

  /** `lines`: packed lines (see `packLine`), none holding LF. */
  constructor(portMode: PortMode, lines: readonly string[]) {
    this.port_mode = portMode;
    // join() makes one flat string; += would leave a rope of small strings behind.
    this.#text = lines.join('\n');
  }

  static fromEntries(portMode: PortMode, entries: readonly TranscriptEntry[]): PackedTranscript {
    return new PackedTranscript(portMode, entries.map(packLine));
  }

  /** The entries, unpacked afresh on each read (reads are rare: one message's page or file). */
  get lines(): TranscriptEntry[] {
    return this.#text === '' ? [] : this.#text.split('\n').map(entryOf);
  }

  toJSON(): SessionTranscript {
    return { port_mode: this.port_mode, lines: this.lines };
  }
}
