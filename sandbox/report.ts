/**
 * What the sandbox says about each finished message: one JSON line (`--json`), a
 * readable summary (the default), and optionally a `.eml` + `.json` pair on disk
 * (`--out DIR`). Pure formatting plus one small ordered file writer.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attachmentBytes, base64EncodeAscii, type MessageRecord, type PayloadAttachment } from '../simulator/index.ts';
import type { MessageInbox, SessionTranscript } from './api-types.ts';

/** Strings longer than this are serialized on their own (see `jsonChunks`). */
const BIG_STRING_CHARS = 64 * 1024;

/** Bytes encoded per base64 slice (1 MB of text): a multiple of 3, so the slices join without padding. */
const SLICE_BYTES = 3 * 256 * 1024;

/**
 * A big value kept out of the JSON text: a string, an accessor not read yet, or an
 * attachment's decoded bytes, written as base64 slice by slice.
 */
type Big = string | (() => unknown) | Uint8Array;

/** A piece of JSON text: a string, or ASCII bytes (base64 of an attachment). */
export type JsonChunk = string | Uint8Array;

/** An object the walks below go into; anything else (toJSON, class instances) is left to JSON.stringify. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || 'toJSON' in value) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` for JSON.stringify in which big strings and accessor properties
 * are placeholders. Accessors matter: the core encodes an attachment's base64 only
 * when `content` is read, and JSON.stringify would read every one of them up front,
 * holding all the encoded attachments at once. Plain objects and arrays are copied;
 * anything else (toJSON, class instances) is left to JSON.stringify.
 */
function withPlaceholders(value: unknown, big: Big[], placeholder: (n: number) => string): unknown {
  if (typeof value === 'string') return value.length > BIG_STRING_CHARS ? placeholder(big.push(value) - 1) : value;
  if (Array.isArray(value)) return value.map((v) => withPlaceholders(v, big, placeholder));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const get = Object.getOwnPropertyDescriptor(value, key)!.get;
    const bytes = get && key === 'content' ? attachmentBytes(value as unknown as PayloadAttachment) : undefined;
    if (bytes) copy[key] = placeholder(big.push(bytes) - 1);
    else if (get) copy[key] = placeholder(big.push(() => get.call(value)) - 1);
    else copy[key] = withPlaceholders(value[key], big, placeholder);
  }
  return copy;
}

/** Whether `withPlaceholders` would set anything aside: most records hold nothing big, and need no copy. */
function holdsBig(value: unknown): boolean {
  if (typeof value === 'string') return value.length > BIG_STRING_CHARS;
  if (Array.isArray(value)) return value.some(holdsBig);
  if (!isPlainObject(value)) return false;
  for (const key of Object.keys(value)) {
    if (Object.getOwnPropertyDescriptor(value, key)!.get || holdsBig(value[key])) return true;
  }
  return false;
}

/** What JSON.stringify would escape: quote, backslash, control characters, surrogates (lone ones). */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

export interface ChunkOptions {
  /**
   * Says whether the last bytes chunk was consumed (a stream's `writableLength === 0`
   * after a synchronous write). Then the next base64 slice reuses its buffer.
   */
  reuseBytes?: () => boolean;
}

/**
 * Bytes as one JSON string of base64, in slices of ASCII bytes. Bytes, not strings:
 * a string slice would be garbage twice (the string, then the bytes the write makes
 * of it). Garbage outside the JS heap waits for a collection that a few big writes
 * do not trigger, so a consumed slice's buffer is reused when the caller says so.
 */
function* base64Value(bytes: Uint8Array, { reuseBytes }: ChunkOptions): Generator<JsonChunk> {
  yield '"';
  let last: Uint8Array | undefined;
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    last = base64EncodeAscii(bytes.subarray(at, at + SLICE_BYTES), last && reuseBytes?.() ? last : undefined);
    yield last;
  }
  yield '"';
}

/** Characters per slice of a big string written as bytes. */
const SLICE_CHARS = 1024 * 1024;

/**
 * One big value as JSON text. A string that needs no escaping goes out as is, or, for
 * a caller that can take reused bytes, as UTF-8 slices in one buffer: a writer that
 * turns the whole string into bytes itself (a file stream) would leave a copy of it
 * behind as garbage. Such a string holds no surrogates, so any cut is a safe one.
 */
function* bigValue(value: unknown, { reuseBytes }: ChunkOptions): Generator<JsonChunk> {
  if (typeof value !== 'string' || NEEDS_ESCAPING.test(value)) {
    // An accessor that gives no JSON value (undefined) is written as null, as in an array.
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  yield '"';
  if (!reuseBytes) yield value;
  else {
    let buffer: Buffer | undefined;
    for (let at = 0; at < value.length; at += SLICE_CHARS) {
      // 3 bytes per character at most: no surrogates, so no 4-byte sequences
      if (!buffer || !reuseBytes()) buffer = Buffer.allocUnsafe(Math.min(SLICE_CHARS, value.length) * 3);
      const written = buffer.write(value.slice(at, at + SLICE_CHARS), 'utf8');
      yield buffer.subarray(0, written);
    }
  }
  yield '"';
}

/**
 * `JSON.stringify(value, null, indent)` in pieces whose concatenation is exactly
 * that text. Big strings (long bodies) come as pieces of their own, an accessor
 * (an attachment's lazily encoded base64) is read only when its turn comes, and an
 * attachment whose decoded bytes the core gives (attachmentBytes in simulator/message-policy.ts) is encoded
 * slice by slice as ASCII bytes. So a 25 MB message never becomes one JSON string,
 * nor all its attachments encoded at once: written piece by piece, memory holds one
 * slice of base64, or one attachment's when only `content` is known.
 */
export function* jsonChunks(value: unknown, indent?: number, options: ChunkOptions = {}): Generator<JsonChunk> {
  if (!holdsBig(value)) {
    yield JSON.stringify(value, null, indent);
    return;
  }
  const big: Big[] = [];
  // A placeholder no peer can forge: it carries a fresh random marker (made only when needed).
  let marker: string | undefined;
  const text = JSON.stringify(withPlaceholders(value, big, (n) => `${(marker ??= `#big-${randomUUID()}#`)}${n}`), null, indent);
  if (!marker) {
    yield text;
    return;
  }
  const parts = text.split(new RegExp(`"${marker}(\\d+)"`));
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      if (parts[i]) yield parts[i]!;
      continue;
    }
    const n = Number(parts[i]);
    const item = big[n]!;
    big[n] = ''; // written: let it go
    if (item instanceof Uint8Array) yield* base64Value(item, options);
    else yield* bigValue(typeof item === 'function' ? item() : item, options);
  }
}

const asText = (chunk: JsonChunk) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1'));

/** The record as one line of JSON, in pieces (see `jsonChunks`), newline included. */
export function* jsonLineChunks(record: MessageRecord, options: ChunkOptions = {}): Generator<JsonChunk> {
  // Text waits one step so the newline can join the last piece (a small record is
  // one write); bytes go at once, as their buffer may be reused for the next slice.
  let text: string | undefined;
  for (const piece of jsonChunks(record, undefined, options)) {
    if (text !== undefined) yield text;
    text = undefined;
    if (typeof piece === 'string') text = piece;
    else yield piece;
  }
  yield `${text ?? ''}\n`;
}

/** The record as one line of JSON, in pieces, newline included. */
export function jsonLinePieces(record: MessageRecord): string[] {
  return Array.from(jsonLineChunks(record), asText);
}

/** The record as one line of JSON: the `payload` uses the send API's field names. */
export function formatJsonLine(record: MessageRecord): string {
  return jsonLinePieces(record).join('');
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Octets a base64 string decodes to. */
function base64Length(content: string): number {
  const padding = content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((content.length * 3) / 4) - padding);
}

/** A few lines a person can scan: who, what, what MailPace would keep, drop or refuse. */
export function formatSummary(record: MessageRecord): string {
  const { payload } = record;
  const accepted = record.status === 'accepted';
  const lines = [`${accepted ? '✔ accepted' : '✘ rejected'}  ${record.reply.split('\n')[0]}  (${formatBytes(record.size)})`];
  const field = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') lines.push(`  ${`${label}:`.padEnd(13)} ${value}`);
  };
  if (!accepted) field('why', record.reply.replace(/^\d{3}[ -](?:\d\.\d{1,3}\.\d{1,3} )?/, ''));
  field('from', payload.from ?? '(none)');
  field('to', payload.to ?? '(none)');
  field('cc', payload.cc);
  field('bcc', payload.bcc);
  field('envelope', `MAIL FROM:<${record.envelope.mail_from}> RCPT TO:${record.envelope.rcpt_to.map((r) => `<${r}>`).join(' ')}`);
  field('subject', payload.subject ?? '(none)');
  field('reply-to', payload.replyto);
  field('body', [payload.textbody !== undefined && 'text', payload.htmlbody !== undefined && 'html'].filter(Boolean).join(' + ') || '(none)');
  field('tags', payload.tags?.join(', '));
  field('unsubscribe', payload.list_unsubscribe);
  field(
    'attachments',
    payload.attachments
      ?.map((a) => `${a.name || '(unnamed)'} (${a.content_type}, ${formatBytes(attachmentBytes(a)?.length ?? base64Length(a.content))}${a.cid ? ', inline' : ''})`)
      .join(', '),
  );
  if (record.dropped_headers.length) {
    lines.push(`  dropped:`);
    for (const h of record.dropped_headers) lines.push(`    ${h.name}: ${h.reason}`);
  }
  if (record.warnings.length) {
    lines.push(`  warnings:`);
    for (const w of record.warnings) lines.push(`    - ${w}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** A file-name-safe UTC timestamp: 20250102T030405Z. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Writes each message to `dir` as `<stem>.eml` (the bytes received, when kept) and
 * `<stem>.json` (the record). Stems start with the run's start time and a counter,
 * so files sort in arrival order and runs never overwrite each other.
 */
/** What the .json file holds next to the record: the message's inbox and SMTP session. */
export interface MessageContextOnDisk {
  inbox?: MessageInbox | null;
  transcript?: SessionTranscript | null;
}

export class OutWriter {
  private seq = 0;
  private readonly run = stamp(new Date());
  private pending: Promise<void> = Promise.resolve();
  /** Resolves to the error when the folder could not be made. */
  private readonly ready: Promise<unknown>;
  private failed: Error | null = null;

  constructor(
    readonly dir: string,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.ready = mkdir(dir, { recursive: true }).then(() => null, (error: unknown) => error);
  }

  /**
   * Queues the pair of files; returns the stem used. Writes happen in order. The .json
   * file is the record, plus the inbox and SMTP transcript when known, so a reload
   * shows the message as it was.
   */
  write(record: MessageRecord, raw: Uint8Array | null, context: MessageContextOnDisk = {}): string {
    const stem = `${this.run}-${String(++this.seq).padStart(6, '0')}-${record.status}`;
    this.pending = this.pending.then(async () => {
      try {
        const notMade = await this.ready;
        if (notMade) throw notMade;
        if (raw) await writeFile(join(this.dir, `${stem}.eml`), raw);
        const file = await open(join(this.dir, `${stem}.json`), 'w');
        try {
          // Serialized here, piece by piece: one attachment's base64 in memory at a time.
          // Each write is done before the next piece is made, so slices may share a buffer.
          const pieces = jsonChunks({ ...record, ...context }, 2, { reuseBytes: () => true });
          for (const piece of pieces) await (typeof piece === 'string' ? file.write(piece) : file.write(piece));
          await file.write('\n');
        } finally {
          await file.close();
        }
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        if (!this.failed) this.onError(e);
        this.failed = e;
      }
    });
    return stem;
  }

  /** Resolves once every queued file is on disk. */
  flush(): Promise<void> {
    return this.pending;
  }
}
