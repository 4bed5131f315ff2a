/** The inbox store: keep and drop, filters, long-poll waits, change events, and the --out copy. */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../simulator/index.ts';
import { OutWriter } from '../report.ts';
import { reloadMessages, removeAllMessageFiles, removeMessageFiles } from '../store-disk.ts';
import { MessageStore, type NewMessage, type StoreEvent } from '../store.ts';

function record(fields: { to?: string; subject?: string; tags?: string[]; status?: 'accepted' | 'rejected'; from?: string } = {}): MessageRecord {
  return {
    status: fields.status ?? 'accepted',
    reply: '250 2.0.0 Accepted: queued as q-1',
    id: 'q-1',
    received_at: '2026-01-01T00:00:00.000Z',
    size: 10,
    envelope: { mail_from: 'app@example.com', rcpt_to: [fields.to ?? 'reader@example.net'] },
    payload: { from: fields.from ?? 'App <app@example.com>', to: fields.to ?? 'reader@example.net', subject: fields.subject ?? 'Hello', ...(fields.tags ? { tags: fields.tags } : {}) },
    dropped_headers: [],
    warnings: [],
  };
}

function message(fields: Parameters<typeof record>[0] = {}, source: 'smtp' | 'api' = 'smtp'): NewMessage {
  return { source, record: record(fields), raw: new TextEncoder().encode('raw'), rawFile: null, stem: null };
}

describe('MessageStore', () => {
  it('numbers messages in arrival order and drops the oldest past keep, counting them', () => {
    const store = new MessageStore(3);
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    for (let i = 1; i <= 5; i++) expect(store.add(message({ subject: `s${i}` })).id).toBe(i);
    expect(store.list().map((m) => m.id)).toEqual([5, 4, 3]);
    expect(store.stats).toEqual({ total: 3, dropped: 2, keep: 3 });
    expect(store.get(1)).toBeUndefined();
    expect(events.filter((e) => e.type === 'delete')).toEqual([
      { type: 'delete', ids: [1], reason: 'dropped', stems: [] },
      { type: 'delete', ids: [2], reason: 'dropped', stems: [] },
    ]);
    expect(events.filter((e) => e.type === 'message')).toHaveLength(5);
  });

  it('filters by recipient, subject, tag, status, source and free text; limit keeps the newest', () => {
    const store = new MessageStore(100);
    store.add(message({ to: 'Ann <ann@example.net>', subject: 'Welcome aboard', tags: ['Welcome'] }));
    store.add(message({ to: 'bob@example.net', subject: 'Your invoice', tags: ['billing', 'monthly'], status: 'rejected' }));
    store.add(message({ to: 'cy@example.org', subject: 'Welcome back' }, 'api'));
    const ids = (f: Parameters<MessageStore['list']>[0], limit?: number) => store.list(f, limit).map((m) => m.id);
    expect(ids({ to: 'ANN@' })).toEqual([1]);
    expect(ids({ to: 'example.net' })).toEqual([2, 1]);
    expect(ids({ subject: 'welcome' })).toEqual([3, 1]);
    expect(ids({ tag: 'billing' })).toEqual([2]);
    expect(ids({ tag: 'bill' })).toEqual([]); // tags match whole
    expect(ids({ status: 'rejected' })).toEqual([2]);
    expect(ids({ source: 'api' })).toEqual([3]);
    expect(ids({ q: 'monthly' })).toEqual([2]);
    expect(ids({ q: 'app@example.com' })).toEqual([3, 2, 1]);
    expect(ids({ since: 1 })).toEqual([3, 2]);
    expect(ids({}, 2)).toEqual([3, 2]);
    expect(store.count({ subject: 'welcome' })).toBe(2);
  });

  it('deletes one or all; clear resets the dropped count', () => {
    const store = new MessageStore(2);
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    for (let i = 0; i < 3; i++) store.add({ ...message(), stem: `stem-${i}` });
    expect(store.delete(3)).toBe(true);
    expect(store.delete(3)).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'delete', ids: [3], reason: 'deleted', stems: ['stem-2'] });
    expect(store.clear()).toBe(1);
    expect(events.at(-1)).toEqual({ type: 'clear', ids: [2] });
    expect(store.stats).toEqual({ total: 0, dropped: 0, keep: 2 });
    expect(store.add(message()).id).toBe(4); // IDs are never reused
  });

  it('wait: resolves with the next match, skips others, times out with null, and can be cancelled', async () => {
    const store = new MessageStore(10);
    const next = store.wait({ to: 'zed@' }, 5_000);
    store.add(message({ to: 'amy@example.net' }));
    store.add(message({ to: 'zed@example.net', subject: 'for zed' }));
    expect((await next.result)?.record.payload.subject).toBe('for zed');
    expect(store.waiting).toBe(0);

    expect(await store.wait({ to: 'nobody@' }, 20).result).toBeNull();
    const cancelled = store.wait({}, 5_000);
    cancelled.cancel();
    expect(await cancelled.result).toBeNull();
    expect(store.waiting).toBe(0);
  });

  it('wait with since: the oldest held match after it, at once; else the next to arrive', async () => {
    const store = new MessageStore(10);
    store.add(message({ subject: 'a' }));
    store.add(message({ subject: 'b' }));
    store.add(message({ subject: 'c' }));
    expect((await store.wait({ since: 1 }, 1_000).result)?.id).toBe(2);
    const later = store.wait({ since: 3 }, 5_000);
    store.add(message({ subject: 'd' }));
    expect((await later.result)?.id).toBe(4);
  });

  it('a listener that throws does not stop the others or the caller', () => {
    const store = new MessageStore(10);
    let seen = 0;
    store.subscribe(() => {
      throw new Error('broken listener');
    });
    store.subscribe(() => seen++);
    expect(() => store.add(message())).not.toThrow();
    expect(seen).toBe(1);
  });

  it('refuses a keep below 1', () => {
    expect(() => new MessageStore(0)).toThrow(/at least 1/);
  });
});

describe('the --out copy', () => {
  it('reloads the newest keep messages written by OutWriter, bytes left on disk, and removes files on request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'store-out-'));
    const out = new OutWriter(dir);
    const stems: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const r = record({ subject: `m${i}`, status: i === 2 ? 'rejected' : 'accepted' });
      stems.push(out.write(i === 4 ? { ...r, source: 'api' } as MessageRecord : r, i === 3 ? null : new TextEncoder().encode(`Subject: m${i}\r\n\r\nbody\r\n`)));
    }
    await out.flush();
    await writeFile(join(dir, 'notes.txt'), 'not a message');

    const loaded = await reloadMessages(dir, 3);
    expect(loaded.skipped).toBe(1);
    expect(loaded.problems).toEqual([]);
    expect(loaded.messages.map((m) => m.record.payload.subject)).toEqual(['m2', 'm3', 'm4']);
    expect(loaded.messages.map((m) => m.source)).toEqual(['smtp', 'smtp', 'api']);
    expect(loaded.messages[0]!.rawFile).toBe(join(dir, `${stems[1]}.eml`));
    expect(loaded.messages[1]!.rawFile).toBeNull(); // over the size limit: no .eml
    expect(loaded.messages[0]!.stem).toBe(stems[1]);
    expect(loaded.messages.map((m) => [m.inbox, m.transcript])).toEqual([[null, null], [null, null], [null, null]]); // none was written

    await removeMessageFiles(dir, stems[0]!);
    expect((await readdir(dir)).filter((f) => f.startsWith(stems[0]!))).toEqual([]);
    await removeAllMessageFiles(dir, new Set([stems[3]!]));
    expect((await readdir(dir)).sort()).toEqual([`${stems[3]}.eml`, `${stems[3]}.json`, 'notes.txt']);
  });

  it('keeps the inbox and the SMTP transcript in the .json file, and reads them back; damaged ones are left out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'store-context-'));
    const out = new OutWriter(dir);
    const inbox = { domain: 'shop.test', token_id: '…7f3a' };
    const transcript = { port_mode: 'starttls' as const, lines: [{ from: 'S' as const, text: '220 ready' }, { from: 'C' as const, text: 'EHLO app', phase: 'command' as const }] };
    const kept = out.write(record({ subject: 'with context' }), null, { inbox, transcript });
    const damaged = out.write(record({ subject: 'damaged context' }), null);
    await out.flush();
    const file = join(dir, `${damaged}.json`);
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), inbox: 'shop.test', transcript: { port_mode: 'smtp', lines: [] } }));

    const loaded = await reloadMessages(dir, 10);
    expect(loaded.problems).toEqual([]);
    expect(loaded.messages[0]).toMatchObject({ stem: kept, inbox, transcript });
    expect(loaded.messages[0]!.record).not.toHaveProperty('transcript'); // the record is the record alone
    expect(loaded.messages[1]).toMatchObject({ inbox: null, transcript: null });
    expect(loaded.messages[1]!.record.payload.subject).toBe('damaged context');
  });

  it('reports a damaged file and loads the rest; a missing folder is an empty inbox', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'store-bad-'));
    await writeFile(join(dir, '20260101T000000Z-000001-accepted.json'), '{not json');
    const out = new OutWriter(dir);
    out.write(record({ subject: 'fine' }), null);
    await out.flush();
    const loaded = await reloadMessages(dir, 10);
    expect(loaded.messages.map((m) => m.record.payload.subject)).toEqual(['fine']);
    expect(loaded.problems).toEqual([expect.stringMatching(/^20260101T000000Z-000001-accepted\.json: /)]);
    expect(await reloadMessages(join(dir, 'missing'), 10)).toEqual({ messages: [], skipped: 0, problems: [] });
  });
});
