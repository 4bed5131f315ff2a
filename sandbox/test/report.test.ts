/** The per-message output: JSON pieces, the readable summary, the --out writer. */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { evaluateMessage, resolveConfig, type MessageRecord } from '../../simulator/index.ts';
import { attachmentBytes } from '../../simulator/index.ts';
import { OutWriter, formatJsonLine, formatSummary, jsonChunks, jsonLineChunks, jsonLinePieces } from '../report.ts';

/** `jsonChunks` as text, gathered in an array (every accessor read). */
function jsonPieces(value: unknown, indent?: number): string[] {
  return Array.from(jsonChunks(value, indent), (chunk) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1')));
}

function record(overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    status: 'accepted',
    reply: '250 2.0.0 Accepted: queued as sandbox-1',
    id: 'sandbox-1',
    received_at: '2025-01-01T00:00:00.000Z',
    size: 10,
    envelope: { mail_from: 'a@example.com', rcpt_to: ['b@example.net'] },
    payload: { from: 'a@example.com', to: 'b@example.net', textbody: 'x' },
    dropped_headers: [],
    warnings: [],
    ...overrides,
  };
}

describe('JSON output', () => {
  it('is one line, exactly JSON.stringify of the record', () => {
    const r = record();
    expect(formatJsonLine(r)).toBe(`${JSON.stringify(r)}\n`);
    expect(jsonLinePieces(r)).toHaveLength(1);
  });

  it('serializes big strings as separate pieces that join to the same text, indent or not', () => {
    const tricky = `${'"quoted" \\ back\u0001slash é 😀 \n'.repeat(5000)}#big-not-a-marker#0`;
    const r = record({
      payload: {
        textbody: tricky,
        htmlbody: '<p>short</p>',
        attachments: [
          { name: 'a.pdf', content: 'QUJD'.repeat(40_000), content_type: 'application/pdf' },
          { name: 'b.csv', content: 'eHl6'.repeat(40_000), content_type: 'text/csv' },
        ],
      },
    });
    const pieces = jsonLinePieces(r);
    expect(pieces.length).toBeGreaterThan(4);
    expect(pieces.join('')).toBe(`${JSON.stringify(r)}\n`);
    expect(pieces.join('').slice(0, -1)).not.toContain('\n');
    // A writer that takes reused bytes gets the same text, the plain strings as UTF-8 slices.
    const decoder = new TextDecoder();
    const written = Array.from(jsonLineChunks(r, { reuseBytes: () => true }), (p) => (typeof p === 'string' ? p : decoder.decode(p))).join('');
    expect(written).toBe(`${JSON.stringify(r)}\n`);
    const long = record({ payload: { textbody: `${'Crème brûlée, ünïcode ✓. '.repeat(60_000)}end` } });
    const slices = Array.from(jsonLineChunks(long, { reuseBytes: () => true }), (p) => (typeof p === 'string' ? p : decoder.decode(p)));
    expect(slices.length).toBeGreaterThan(3);
    expect(slices.join('')).toBe(`${JSON.stringify(long)}\n`);
    expect(jsonPieces(r, 2).join('')).toBe(JSON.stringify(r, null, 2));
    expect(JSON.parse(pieces.join(''))).toEqual(r);
  });
});

describe('JSON output of lazily encoded attachments', () => {
  it('reads each accessor only when its turn comes, and joins to JSON.stringify of the record', () => {
    const reads: string[] = [];
    const attachment = (name: string, content: string) => {
      const item = { name, content_type: 'application/pdf' } as { name: string; content_type: string; content: string };
      Object.defineProperty(item, 'content', { enumerable: true, get: () => (reads.push(name), content) });
      return item;
    };
    const r = record({ payload: { textbody: 'x', attachments: [attachment('a.pdf', 'QUJD'.repeat(400_000)), attachment('b.pdf', 'eHl6')] } });
    const chunks = jsonLineChunks(r);
    const seen: string[] = [];
    for (let next = chunks.next(); !next.done; next = chunks.next()) {
      // the first attachment is read when the text reaches it, the second only after it
      const piece = next.value as string; // accessors give strings, never bytes
      if (piece.startsWith('QUJD')) expect(reads).toEqual(['a.pdf']);
      seen.push(piece);
    }
    expect(reads).toEqual(['a.pdf', 'b.pdf']);
    reads.length = 0;
    expect(seen.join('')).toBe(`${JSON.stringify(r)}\n`);
  });
});

describe('JSON output of a record from the core', () => {
  it('writes attachments of a parsed message in slices that join to JSON.stringify of the record', async () => {
    const data = randomBytes(1_500_000);
    const wrapped = data.toString('base64').replace(/.{76}/g, '$&\r\n');
    const text = [
      'From: App <app@example.com>', 'To: reader@example.net', 'Subject: Report', 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', '', 'Attached.',
      '--b', 'Content-Type: application/pdf; name=report.pdf', 'Content-Transfer-Encoding: base64', '', wrapped, '--b--', '',
    ].join('\r\n');
    const { record } = await evaluateMessage(new TextEncoder().encode(text), {
      source: 'smtp',
      token: 't',
      config: resolveConfig({ tokens: { t: 'example.com' } }),
      domain: 'example.com',
      mailFrom: 'app@example.com',
      rcptTo: ['reader@example.net'],
      size: text.length,
      flags: { bareLf: false, bareCr: false, nul: false, longLine: false },
    });
    const pieces = jsonLinePieces(record);
    // Slices of 1 MB once the core gives the decoded bytes (attachmentBytes in simulator/message-policy.ts).
    if (attachmentBytes(record.payload.attachments![0]!)) expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(1024 * 1024);
    expect(pieces.join('')).toBe(`${JSON.stringify(record)}\n`);
    // A writer that takes each piece at once may let the next slice reuse its buffer.
    const written: string[] = [];
    for (const piece of jsonLineChunks(record, { reuseBytes: () => true })) written.push(typeof piece === 'string' ? piece : Buffer.from(piece).toString('latin1'));
    expect(written.join('')).toBe(`${JSON.stringify(record)}\n`);
    expect(record.payload.attachments?.[0]?.content).toBe(data.toString('base64'));
    expect(formatSummary(record)).toContain('report.pdf (application/pdf, 1.4 MB)');
  });
});

describe('the readable summary', () => {
  it('shows from, to, subject, tags, unsubscribe, what was dropped and why a message was rejected', () => {
    const rejected: MessageRecord = {
      status: 'rejected',
      reply: "550 5.7.1 Message rejected: From domain other.test does not match the token's domain example.com",
      id: null,
      received_at: '2025-01-01T00:00:00.000Z',
      size: 2048,
      envelope: { mail_from: 'a@other.test', rcpt_to: ['b@example.net'] },
      payload: {
        from: 'A <a@other.test>', to: 'b@example.net', subject: 'Hi', textbody: 'x', tags: ['one', 'two'],
        list_unsubscribe: '<https://example.com/u>',
        attachments: [{ name: 'a.pdf', content: 'AAAA', content_type: 'application/pdf' }],
      },
      dropped_headers: [{ name: 'Message-ID', value: '<m@x>', reason: 'MailPace sets its own Message-ID.' }],
      warnings: ['a warning'],
    };
    const text = formatSummary(rejected);
    expect(text).toContain('✘ rejected  550 5.7.1');
    expect(text).toMatch(/why: +Message rejected: From domain other\.test does not match/);
    expect(text).toMatch(/from: +A <a@other\.test>/);
    expect(text).toMatch(/to: +b@example\.net/);
    expect(text).toMatch(/subject: +Hi/);
    expect(text).toMatch(/tags: +one, two/);
    expect(text).toMatch(/unsubscribe: +<https:\/\/example\.com\/u>/);
    expect(text).toMatch(/attachments: +a\.pdf \(application\/pdf, 3 B\)/);
    expect(text).toMatch(/dropped:\n +Message-ID: MailPace sets its own Message-ID\./);
    expect(text).toContain('- a warning');
  });
});


describe('--out', () => {
  it('writes .eml and .json in arrival order, without the .eml when the message was discarded', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'sandbox-report-')), 'nested', 'out');
    const out = new OutWriter(dir);
    const first = out.write(record(), new TextEncoder().encode('Subject: one\r\n\r\nx\r\n'));
    const second = out.write(record({ status: 'rejected', id: null, reply: '552 5.3.4 too big' }), null);
    await out.flush();
    expect(first < second).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([`${first}.eml`, `${first}.json`, `${second}.json`]);
    expect(second.endsWith('-rejected')).toBe(true);
    expect(await readFile(join(dir, `${first}.eml`), 'utf8')).toBe('Subject: one\r\n\r\nx\r\n');
    expect(JSON.parse(await readFile(join(dir, `${second}.json`), 'utf8'))).toMatchObject({ status: 'rejected', reply: '552 5.3.4 too big' });
  });

  it('reports a folder it cannot create once, without throwing', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'sandbox-report-')), 'a-file');
    await writeFile(file, 'not a folder');
    const errors: Error[] = [];
    const out = new OutWriter(join(file, 'out'), (e) => errors.push(e));
    out.write(record(), null);
    out.write(record(), null);
    await out.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/ENOTDIR|EEXIST/);
  });
});
