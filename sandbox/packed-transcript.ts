/**
 * A kept SMTP transcript, packed: its lines as one UTF-8 buffer outside the JS heap,
 * read back into entries only when something asks (the API, the `--out` file).
 *
 * Why: the inbox keeps the last 1,000 messages by default, and as about 60 entry
 * objects each, transcripts were half of the heap a kept message held. Every young
 * GC copied them and every full GC walked them; one buffer per message costs the
 * garbage collector next to nothing.
 *
 * Each line is one code character (who spoke, and the client line's phase), then
 * the text, then LF. Entry texts never hold LF (the recorder splits on it); one that
 * did would become a space rather than break the lines after it.
 */
import type { PortMode } from '../simulator/index.ts';
import type { SessionTranscript, TranscriptEntry } from './api-types.ts';

type Phase = Extract<TranscriptEntry, { from: 'C' }>['phase'];

const CODE_OF_PHASE: Record<Phase, string> = { command: 'c', auth: 'a', data: 'd', tls: 't' };
const PHASE_OF_CODE: Record<string, Phase> = { c: 'command', a: 'auth', d: 'data', t: 'tls' };

function codeOf(entry: TranscriptEntry): string {
  return entry.from === 'C' ? CODE_OF_PHASE[entry.phase] : entry.from;
}

function entryOf(line: string): TranscriptEntry {
  const code = line[0]!;
  const text = line.slice(1);
  if (code === 'S' || code === '#') return { from: code, text };
  return { from: 'C', text, phase: PHASE_OF_CODE[code] ?? 'command' };
}

export class PackedTranscript implements SessionTranscript {
  readonly port_mode: PortMode;
  readonly #bytes: Buffer;

  constructor(portMode: PortMode, entries: readonly TranscriptEntry[]) {
    this.port_mode = portMode;
    let text = '';
    for (const entry of entries) text += `${codeOf(entry)}${entry.text.includes('\n') ? entry.text.replaceAll('\n', ' ') : entry.text}\n`;
    // Sized exactly and not from Buffer's shared pool: a pooled slice would keep its whole slab alive.
    this.#bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
    this.#bytes.write(text, 'utf8');
  }

  /** The entries, unpacked afresh on each read (reads are rare: one message's page or file). */
  get lines(): TranscriptEntry[] {
    const text = this.#bytes.toString('utf8');
    const lines = text.split('\n');
    lines.pop(); // after the last LF
    return lines.map(entryOf);
  }

  toJSON(): SessionTranscript {
    return { port_mode: this.port_mode, lines: this.lines };
  }
}
