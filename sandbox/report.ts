/**
 * What the sandbox says about each finished message: one JSON line (`--json`), a
 * readable summary (the default), and optionally a `.eml` + `.json` pair on disk
 * (`--out DIR`). Pure formatting plus one small ordered file writer.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageRecord } from '../simulator/index.ts';

/** Strings longer than this are serialized on their own (see `jsonPieces`). */
const BIG_STRING_CHARS = 64 * 1024;

/**
 * `JSON.stringify(value, null, indent)` in pieces whose concatenation is exactly
 * that text. Big strings (attachment contents, long bodies) come as pieces of their
 * own, so a 25 MB message never becomes one 25 MB JSON string plus its encoded
 * copy: writing piece by piece keeps memory flat.
 */
export function jsonPieces(value: unknown, indent?: number): string[] {
  const big: string[] = [];
  // A placeholder no peer can forge: it carries a fresh random marker.
  const marker = `#big-${randomUUID()}#`;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'string' || v.length <= BIG_STRING_CHARS) return v;
      big.push(v);
      return `${marker}${big.length - 1}`;
    },
    indent,
  );
  if (!big.length) return [text];
  return text.split(new RegExp(`"${marker}(\\d+)"`)).flatMap((part, i) => {
    if (i % 2 === 0) return [part];
    const string = big[Number(part)]!;
    // Base64 and most text need no escaping: write the string itself, not a quoted copy.
    return NEEDS_ESCAPING.test(string) ? [JSON.stringify(string)] : ['"', string, '"'];
  });
}

/** What JSON.stringify would escape: quote, backslash, control characters, surrogates (lone ones). */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The record as one line of JSON, in pieces (see `jsonPieces`), newline included. */
export function jsonLinePieces(record: MessageRecord): string[] {
  const pieces = jsonPieces(record);
  pieces.push('\n');
  return pieces;
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
      ?.map((a) => `${a.name || '(unnamed)'} (${a.content_type}, ${formatBytes(base64Length(a.content))}${a.cid ? ', inline' : ''})`)
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

  /** Queues the pair of files; returns the stem used. Writes happen in order. */
  write(record: MessageRecord, raw: Uint8Array | null): string {
    const stem = `${this.run}-${String(++this.seq).padStart(6, '0')}-${record.status}`;
    const json = jsonPieces(record, 2);
    json.push('\n');
    this.pending = this.pending.then(async () => {
      try {
        const notMade = await this.ready;
        if (notMade) throw notMade;
        if (raw) await writeFile(join(this.dir, `${stem}.eml`), raw);
        const file = await open(join(this.dir, `${stem}.json`), 'w');
        try {
          for (const piece of json) await file.write(piece);
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
