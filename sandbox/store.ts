/**
 * The inbox: every finished message (SMTP or the send API) in memory, newest kept.
 *
 * How it works: messages get a small integer ID in arrival order and sit in one array.
 * Past `keep`, the oldest is dropped and counted, so the inbox can say how many it no
 * longer holds. Everything here is synchronous and in-process: adding a message costs
 * the SMTP side a few array operations, never a wait on an HTTP client. Readers (the
 * HTTP API, the live feed, long polls) learn of changes through listeners and waiters.
 */
import type { MessageRecord } from '../simulator/index.ts';
import type { MessageInbox, MessageSource, SessionTranscript, StoreStats } from './api-types.ts';

export type { MessageSource, StoreStats } from './api-types.ts';

/** A message as the inbox holds it. */
export interface StoredMessage {
  /** The inbox ID: 1, 2, 3… in arrival order (a reload numbers from 1 again). */
  id: number;
  source: MessageSource;
  record: MessageRecord;
  /** The message's bytes when held in memory. */
  raw: Uint8Array | null;
  /** Where the bytes are on disk, for messages reloaded from `--out`. */
  rawFile: string | null;
  /** The `--out` file stem (`<stem>.eml`, `<stem>.json`), when written there. */
  stem: string | null;
  /** The token's domain and masked ID (see inboxes.ts); absent when unknown. */
  inbox?: MessageInbox | null;
  /** The SMTP session, for messages that came in over SMTP. */
  transcript?: SessionTranscript | null;
}

export type NewMessage = Omit<StoredMessage, 'id'>;

/** List and wait filters; every given field must match. */
export interface MessageFilter {
  /** Part of a recipient (To, Cc, Bcc or envelope), any case. */
  to?: string;
  /** Part of the subject, any case. */
  subject?: string;
  /** One of the message's tags, any case. */
  tag?: string;
  status?: MessageRecord['status'];
  source?: MessageSource;
  /** Part of the sender, a recipient, the subject or a tag, any case. */
  q?: string;
  /** The inbox: the token's domain, any case. */
  domain?: string;
  /** Only messages with a greater inbox ID. */
  since?: number;
}

export type StoreEvent =
  | { type: 'message'; message: StoredMessage }
  /** `dropped`: pushed out by `keep`; `deleted`: removed on request. */
  | { type: 'delete'; ids: number[]; reason: 'deleted' | 'dropped'; stems: string[] }
  | { type: 'clear'; ids: number[] };

interface Waiter {
  filter: MessageFilter;
  resolve: (message: StoredMessage | null) => void;
  timer: NodeJS.Timeout;
}

const includes = (text: string | undefined, part: string) => text !== undefined && text.toLowerCase().includes(part.toLowerCase());

function recipients(record: MessageRecord): string {
  const p = record.payload;
  return [p.to, p.cc, p.bcc, ...record.envelope.rcpt_to].filter(Boolean).join(', ');
}

/** True when `message` passes every field of `filter`. */
export function matches(message: StoredMessage, filter: MessageFilter): boolean {
  const { record } = message;
  const p = record.payload;
  const tags = p.tags ?? [];
  if (filter.since !== undefined && message.id <= filter.since) return false;
  if (filter.status !== undefined && record.status !== filter.status) return false;
  if (filter.source !== undefined && message.source !== filter.source) return false;
  if (filter.domain !== undefined && message.inbox?.domain?.toLowerCase() !== filter.domain.toLowerCase()) return false;
  if (filter.to !== undefined && !includes(recipients(record), filter.to)) return false;
  if (filter.subject !== undefined && !includes(p.subject, filter.subject)) return false;
  if (filter.tag !== undefined && !tags.some((t) => t.toLowerCase() === filter.tag!.toLowerCase())) return false;
  if (filter.q !== undefined) {
    const text = [p.from, recipients(record), p.subject, ...tags].filter(Boolean).join('\n');
    if (!includes(text, filter.q)) return false;
  }
  return true;
}

export class MessageStore {
  /** Oldest first. */
  private readonly messages: StoredMessage[] = [];
  private readonly byId = new Map<number, StoredMessage>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly waiters = new Set<Waiter>();
  private nextId = 1;
  private droppedCount = 0;

  constructor(readonly keep: number) {
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number of at least 1, not ${keep}`);
  }

  get stats(): StoreStats {
    return { total: this.messages.length, dropped: this.droppedCount, keep: this.keep };
  }

  /** The inbox ID the next `add` gives. */
  get upcomingId(): number {
    return this.nextId;
  }

  /** Counts messages the inbox never held (older files past `keep` at reload). */
  countDropped(n: number): void {
    this.droppedCount += n;
  }

  /** Adds a message, drops the oldest past `keep`, tells listeners and waiters. */
  add(input: NewMessage): StoredMessage {
    const message: StoredMessage = { id: this.nextId++, ...input };
    this.messages.push(message);
    this.byId.set(message.id, message);
    if (this.messages.length > this.keep) {
      // shift(), not splice(0, n): V8 drops an array's first element in place, while
      // splice moves every other one (about 4 µs a message at the default 1,000).
      const gone: StoredMessage[] = [];
      while (this.messages.length > this.keep) gone.push(this.messages.shift()!);
      for (const m of gone) this.byId.delete(m.id);
      this.droppedCount += gone.length;
      this.emit({ type: 'delete', ids: gone.map((m) => m.id), reason: 'dropped', stems: [] });
    }
    this.emit({ type: 'message', message });
    for (const w of this.waiters) {
      if (matches(message, w.filter)) this.settle(w, message);
    }
    return message;
  }

  get(id: number): StoredMessage | undefined {
    return this.byId.get(id);
  }

  /** Matching messages, newest first, at most `limit`. */
  list(filter: MessageFilter = {}, limit = Infinity): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (let i = this.messages.length - 1; i >= 0 && out.length < limit; i--) {
      const m = this.messages[i]!;
      if (matches(m, filter)) out.push(m);
    }
    return out;
  }

  /** Number of messages matching `filter`. */
  count(filter: MessageFilter = {}): number {
    let n = 0;
    for (const m of this.messages) if (matches(m, filter)) n++;
    return n;
  }

  delete(id: number): boolean {
    const message = this.byId.get(id);
    if (!message) return false;
    this.byId.delete(id);
    this.messages.splice(this.messages.indexOf(message), 1);
    this.emit({ type: 'delete', ids: [id], reason: 'deleted', stems: message.stem ? [message.stem] : [] });
    return true;
  }

  /** Empties the inbox and resets the dropped count; returns how many were removed. */
  clear(): number {
    const ids = this.messages.map((m) => m.id);
    this.messages.length = 0;
    this.byId.clear();
    this.droppedCount = 0;
    this.emit({ type: 'clear', ids });
    return ids.length;
  }

  /**
   * The oldest message after `filter.since` that matches, at once when one is held;
   * else the next one to arrive, or null after `timeoutMs`. `cancel` stops waiting.
   */
  wait(filter: MessageFilter, timeoutMs: number): { result: Promise<StoredMessage | null>; cancel: () => void } {
    if (filter.since !== undefined) {
      const held = this.messages.find((m) => matches(m, filter));
      if (held) return { result: Promise.resolve(held), cancel: () => undefined };
    }
    let waiter!: Waiter;
    const result = new Promise<StoredMessage | null>((resolve) => {
      waiter = { filter, resolve, timer: setTimeout(() => this.settle(waiter, null), timeoutMs) };
      this.waiters.add(waiter);
    });
    return { result, cancel: () => this.settle(waiter, null) };
  }

  /** Long polls open now. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Listens to every change; returns the function that stops listening. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private settle(waiter: Waiter, message: StoredMessage | null): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.resolve(message);
  }

  private emit(event: StoreEvent): void {
    // A listener that throws must not stop the others, nor the SMTP side that added the message.
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // The listener's own business (a closed HTTP stream, say).
      }
    }
  }
}
