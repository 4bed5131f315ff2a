/**
 * The transcript store: every entry of one terminal, in order, capped, and
 * mirrored to whatever screen is attached (the xterm view). The accessible log
 * renders the same array, so the two cannot drift.
 */
import type { ReplyName } from '../../simulator/index.ts';
import { transcriptText, type EntryKind, type TranscriptEntry } from './transcript.ts';

/** Most entries kept; the oldest go first (a session this long is a runaway paste). */
export const MAX_ENTRIES = 5000;

/** Where new entries are mirrored as they arrive. */
export interface EntrySink {
  print(entries: readonly TranscriptEntry[]): void;
}

export class TranscriptStore {
  private list: TranscriptEntry[] = [];
  private nextId = 1;
  private sink: EntrySink | null = null;

  /** `changed` hears of every change (the view store, which batches them). */
  constructor(
    private readonly max = MAX_ENTRIES,
    private readonly changed: () => void = () => undefined,
  ) {}

  /** A new array after every change, so a view can compare by identity. */
  get entries(): readonly TranscriptEntry[] {
    return this.list;
  }

  /** Adds entries; `reply` tags server lines with their reply's code and catalogue name. */
  add(items: readonly (readonly [EntryKind, string])[], reply?: { code: number; name: ReplyName }): TranscriptEntry[] {
    const added: TranscriptEntry[] = items.map(([kind, text]) => ({
      id: this.nextId++,
      kind,
      text,
      ...(kind === 'server' && reply ? { code: reply.code, reply: reply.name } : {}),
    }));
    let list = [...this.list, ...added];
    if (list.length > this.max) list = list.slice(list.length - this.max);
    this.list = list;
    this.sink?.print(added);
    this.changed();
    return added;
  }

  note(...texts: string[]): void {
    this.add(texts.map((t) => ['note', t] as const));
  }

  /** Mirrors entries to `sink`, starting with everything so far; returns the detach function. */
  attach(sink: EntrySink): () => void {
    this.sink = sink;
    if (this.list.length) sink.print(this.list);
    return () => {
      if (this.sink === sink) this.sink = null;
    };
  }

  /** Plain text, one entry per line: what /copy puts on the clipboard. */
  text(): string {
    return transcriptText(this.list);
  }
}
