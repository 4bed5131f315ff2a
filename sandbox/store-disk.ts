/**
 * The inbox's copy on disk: what `--out DIR` holds (report.ts's OutWriter writes
 * `<stem>.eml` plus `<stem>.json` per message) read back at start, and removed when
 * a message is deleted through the API, so a deleted message stays deleted.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageRecord } from '../simulator/index.ts';
import type { MessageInbox, SessionTranscript } from './api-types.ts';
import type { MessageSource, NewMessage } from './store.ts';
import { PackedTranscript } from './packed-transcript.ts';

/** OutWriter's stems: run start time, a counter, the status. They sort in arrival order. */
const STEM = /^(\d{8}T\d{6}Z-\d{6,}-(?:accepted|rejected))\.json$/;

/** A record as written to disk: API-sent ones carry `source: "api"`. */
export type RecordOnDisk = MessageRecord & { source?: MessageSource };

/** The .json file: the record, and (files this version wrote) its inbox and SMTP transcript. */
type FileOnDisk = RecordOnDisk & { inbox?: unknown; transcript?: unknown };

function isInbox(value: unknown): value is MessageInbox {
  const v = value as Partial<MessageInbox> | null;
  return !!v && typeof v === 'object' && (v.domain === null || typeof v.domain === 'string') && (v.token_id === null || typeof v.token_id === 'string');
}

function isTranscript(value: unknown): value is SessionTranscript {
  const v = value as Partial<SessionTranscript> | null;
  return (
    !!v &&
    typeof v === 'object' &&
    (v.port_mode === 'starttls' || v.port_mode === 'implicit-tls') &&
    Array.isArray(v.lines) &&
    v.lines.every((l) => !!l && typeof l === 'object' && ['C', 'S', '#'].includes((l as { from?: unknown }).from as string) && typeof (l as { text?: unknown }).text === 'string')
  );
}

export interface Reloaded {
  /** The newest `keep` messages, oldest first; their bytes stay on disk until asked for. */
  messages: NewMessage[];
  /** Older messages left on disk and not loaded. */
  skipped: number;
  /** Files that could not be read, with why. */
  problems: string[];
}

function isRecord(value: unknown): value is RecordOnDisk {
  const r = value as Partial<MessageRecord> | null;
  return !!r && typeof r === 'object' && (r.status === 'accepted' || r.status === 'rejected') && typeof r.payload === 'object' && typeof r.envelope === 'object';
}

/** Stems of the message files in `dir`, oldest first (none when the folder does not exist). */
async function stems(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((n) => STEM.exec(n)?.[1] ?? []).sort();
}

/** Reads the newest `keep` messages back from `dir`. */
export async function reloadMessages(dir: string, keep: number): Promise<Reloaded> {
  const all = await stems(dir);
  const newest = all.slice(-keep);
  const names = new Set(await readdir(dir).catch(() => [] as string[]));
  const messages: NewMessage[] = [];
  const problems: string[] = [];
  for (const stem of newest) {
    try {
      const parsed: unknown = JSON.parse(await readFile(join(dir, `${stem}.json`), 'utf8'));
      if (!isRecord(parsed)) throw new Error('not a message record');
      // A damaged inbox or transcript is left out; the message itself still loads.
      const { inbox, transcript, ...record } = parsed as FileOnDisk;
      messages.push({
        source: record.source === 'api' ? 'api' : 'smtp',
        record,
        raw: null,
        rawFile: names.has(`${stem}.eml`) ? join(dir, `${stem}.eml`) : null,
        stem,
        inbox: isInbox(inbox) ? inbox : null,
        transcript: isTranscript(transcript) ? PackedTranscript.fromEntries(transcript.port_mode, transcript.lines) : null,
      });
    } catch (error) {
      problems.push(`${stem}.json: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { messages, skipped: all.length - newest.length, problems };
}

/** Removes one message's files. */
export async function removeMessageFiles(dir: string, stem: string): Promise<void> {
  await Promise.all([rm(join(dir, `${stem}.eml`), { force: true }), rm(join(dir, `${stem}.json`), { force: true })]);
}

/** Removes every message file in `dir` (only files named as OutWriter names them) but those in `keep`. */
export async function removeAllMessageFiles(dir: string, keep: ReadonlySet<string> = new Set()): Promise<void> {
  for (const stem of await stems(dir)) if (!keep.has(stem)) await removeMessageFiles(dir, stem);
}
