/**
 * The transcript recorder, driven by the real protocol core: credentials are masked,
 * each message gets the session's opening plus its own transaction, and a client that
 * sends without end cannot grow a transcript past its budget.
 */
import { describe, expect, it } from 'vitest';
import { SmtpSession, TLS_MARKER } from '../../simulator/index.ts';
import { formatEntries, MASK, MAX_TEXT_LINES, OPENING_BUDGET, TRANSACTION_BUDGET, TranscriptRecorder, type TranscriptEntry } from '../session-transcript.ts';

const TOKEN = '11111111-2222-3333-4444-555566667777';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A session and a recorder wired as connection.ts wires them. */
function wired(portMode: 'starttls' | 'implicit-tls' = 'implicit-tls') {
  const session = new SmtpSession({ tokens: { [TOKEN]: 'myapp.test' }, portMode, tlsAvailable: true });
  const recorder = new TranscriptRecorder([TOKEN]);
  const taken: TranscriptEntry[][] = [];
  const apply = (actions: Awaited<ReturnType<SmtpSession['receive']>>['actions']) => {
    for (const a of actions) {
      if (a.type === 'send') recorder.server(a.reply.lines);
      if (a.type === 'message') taken.push(recorder.take(portMode).lines);
      if (a.type === 'start-tls') {
        recorder.tls();
        session.tlsEstablished();
      }
    }
  };
  apply(session.start().actions);
  const send = async (text: string) => {
    const bytes = Buffer.from(text);
    recorder.client(bytes);
    apply((await session.receive(bytes)).actions);
  };
  return { send, taken, recorder };
}

const message = (subject: string, body = 'Hello.') => `From: App <app@myapp.test>\r\nTo: r@example.net\r\nSubject: ${subject}\r\n\r\n${body}\r\n.\r\n`;

describe('TranscriptRecorder', () => {
  it('records commands and replies in order, with AUTH PLAIN and every token masked', async () => {
    const { send, taken, recorder } = wired();
    await send('EHLO app.local\r\n');
    await send(`AUTH PLAIN ${b64(`\0${TOKEN}\0${TOKEN}`)}\r\n`);
    await send('MAIL FROM:<app@myapp.test>\r\nRCPT TO:<r@example.net>\r\nDATA\r\n');
    await send(message('Hi', `Your key is ${TOKEN}.`));
    expect(taken).toHaveLength(1);
    const text = formatEntries(taken[0]!);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(b64(`\0${TOKEN}\0${TOKEN}`));
    expect(text).toContain(`C: AUTH PLAIN ${MASK}`);
    expect(text).toContain(`C: Your key is ${MASK}.`);
    expect(text.split('\n')[0]).toMatch(/^S: 220 /);
    expect(text).toMatch(/C: DATA\nS: 250 [^\n]*\nS: 250 [^\n]*\nS: 354 /);
    expect(text).toMatch(/C: \.\nS: 250 2\.0\.0 /);
    expect(taken[0]!.find((e) => e.text === 'Subject: Hi')).toEqual({ from: 'C', text: 'Subject: Hi', phase: 'data' });
    expect(recorder.authenticatedToken).toBe(TOKEN);
  });

  it('masks AUTH LOGIN answers, keeps a cancel, and marks where STARTTLS began TLS', async () => {
    const { send, taken } = wired('starttls');
    await send('EHLO app.local\r\n');
    await send('STARTTLS\r\n');
    await send('EHLO app.local\r\n');
    await send('AUTH LOGIN\r\n');
    await send('*\r\n');
    await send('AUTH LOGIN\r\n');
    await send(`${b64(TOKEN)}\r\n`);
    await send(`${b64(TOKEN)}\r\n`);
    await send('MAIL FROM:<app@myapp.test>\r\nRCPT TO:<r@example.net>\r\nDATA\r\n');
    await send(message('Login'));
    const lines = taken[0]!;
    expect(lines).toContainEqual({ from: 'C', text: TLS_MARKER, phase: 'tls' });
    expect(lines.filter((e) => e.from === 'C' && e.phase === 'auth').map((e) => e.text)).toEqual(['*', MASK, MASK]);
    expect(formatEntries(lines)).not.toContain(b64(TOKEN));
  });

  it('gives each message the opening and its own transaction only', async () => {
    const { send, taken } = wired();
    await send(`EHLO app.local\r\nAUTH PLAIN ${b64(`\0${TOKEN}\0${TOKEN}`)}\r\n`);
    for (const subject of ['First', 'Second']) {
      await send('MAIL FROM:<app@myapp.test>\r\nRCPT TO:<r@example.net>\r\nDATA\r\n');
      await send(message(subject));
    }
    const second = formatEntries(taken[1]!);
    expect(second).toContain('C: EHLO app.local');
    expect(second).toContain('Subject: Second');
    expect(second).not.toContain('Subject: First');
  });

  it('keeps the first lines of long message text, says how many it left out, and keeps the final dot and reply', async () => {
    const { send, taken } = wired();
    await send(`EHLO a\r\nAUTH PLAIN ${b64(`\0${TOKEN}\0${TOKEN}`)}\r\nMAIL FROM:<app@myapp.test>\r\nRCPT TO:<r@example.net>\r\nDATA\r\n`);
    const body = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(1500)}`).join('\r\n');
    await send(message('Long', body));
    const lines = taken[0]!;
    const text = lines.filter((e) => e.from === 'C' && e.phase === 'data');
    // The headers come first; the budget may cut the text before MAX_TEXT_LINES.
    expect(text.slice(0, 4).map((e) => e.text)).toEqual(['From: App <app@myapp.test>', 'To: r@example.net', 'Subject: Long', '']);
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT_LINES + 1);
    expect(Math.max(...text.map((e) => e.text.length))).toBeLessThan(400);
    expect(lines.filter((e) => e.from === '#').map((e) => e.text)).toContainEqual(expect.stringMatching(/^about \d{3} KB more of message text not kept$/));
    expect(formatEntries(lines).length).toBeLessThan(OPENING_BUDGET + TRANSACTION_BUDGET + 1000);
    expect(lines.at(-2)).toEqual({ from: 'C', text: '.', phase: 'data' });
    expect(lines.at(-1)).toMatchObject({ from: 'S', text: expect.stringMatching(/^250 /) });
  });

  it('skims a big message sent in chunks, dot-stuffed lines and a final dot split across chunks included', async () => {
    const { send, taken } = wired();
    await send(`EHLO a\r\nAUTH PLAIN ${b64(`\0${TOKEN}\0${TOKEN}`)}\r\nMAIL FROM:<app@myapp.test>\r\nRCPT TO:<r@example.net>\r\nDATA\r\n`);
    const line = `${'A'.repeat(76)}\r\n`;
    const text = Buffer.from(`From: App <app@myapp.test>\r\nTo: r@example.net\r\nSubject: Big\r\n\r\n${line.repeat(20_000)}..a stuffed dot\r\n${line.repeat(20_000)}.\r\n`);
    // Cut so that "\r\n." ends one chunk and "\r\n" starts the next.
    const end = text.length - 2;
    for (let i = 0; i < end; i += 65_536) await send(text.subarray(i, Math.min(i + 65_536, end)).toString('latin1'));
    await send('\r\n');
    expect(taken).toHaveLength(1);
    const lines = taken[0]!;
    expect(lines.filter((e) => e.from === '#').map((e) => e.text)).toEqual([expect.stringMatching(/^about 3,0\d\d KB more of message text not kept$/)]);
    expect(lines.at(-2)).toEqual({ from: 'C', text: '.', phase: 'data' });
    expect(lines.at(-1)).toMatchObject({ from: 'S', text: expect.stringMatching(/^250 /) });
  });

  it('keeps the same text lines and notes whether the message comes in one chunk or byte by byte', async () => {
    const opening = `EHLO a\r\nAUTH PLAIN ${b64(`\0${TOKEN}\0${TOKEN}`)}\r\nMAIL FROM:<app@myapp.test>\r\nRCPT TO:<r@example.net>\r\nDATA\r\n`;
    const body = Array.from({ length: 90 }, (_, i) => (i === 60 ? '..stuffed' : i === 70 ? '.\rnot the end' : `line ${i}`)).join('\r\n');
    const text = (entries: TranscriptEntry[]) => entries.filter((e) => e.from === '#' || (e.from === 'C' && e.phase === 'data'));
    const seen: TranscriptEntry[][] = [];
    // A command pipelined after the final dot, in the same chunk, is read as a command.
    const whole = `${message('One chunk', body)}QUIT\r\n`;
    for (const pieces of [[whole], [...whole]]) {
      const { send, taken } = wired();
      await send(opening);
      for (const piece of pieces) await send(piece);
      expect(taken).toHaveLength(1);
      seen.push(text(taken[0]!));
      if (pieces.length === 1) expect(taken[0]!.filter((e) => e.from === 'C' && e.phase === 'command').map((e) => e.text)).toContain('QUIT');
    }
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]!.filter((e) => e.from === 'C')).toHaveLength(MAX_TEXT_LINES + 1); // the kept lines and the dot
    expect(seen[0]!.filter((e) => e.from === '#')).toEqual([{ from: '#', text: 'about 1 KB more of message text not kept' }]);
  });

  it('stays within its budget however many commands a client sends, and still keeps the final reply', async () => {
    const { send, taken } = wired();
    await send(`EHLO a\r\nAUTH PLAIN ${b64(`\0${TOKEN}\0${TOKEN}`)}\r\nMAIL FROM:<app@myapp.test>\r\nRCPT TO:<r@example.net>\r\n`);
    for (let i = 0; i < 40; i++) await send('NOOP '.padEnd(400, 'n') + '\r\n'.repeat(1) + 'NOOP\r\n'.repeat(50));
    await send('DATA\r\n');
    await send(message('After a flood'));
    const lines = taken[0]!;
    const chars = lines.reduce((n, e) => n + e.text.length, 0);
    expect(chars).toBeLessThan(OPENING_BUDGET + TRANSACTION_BUDGET + 1000);
    expect(lines.some((e) => e.from === '#' && /more lines? not kept/.test(e.text))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ from: 'S', text: expect.stringMatching(/^250 /) });
  });

  it('holds only the start of a line that never ends', () => {
    const recorder = new TranscriptRecorder([]);
    for (let i = 0; i < 1000; i++) recorder.client(Buffer.from('y'.repeat(1000)));
    recorder.client(Buffer.from('\r\n'));
    const [entry] = recorder.take('starttls').lines;
    expect(entry!.text.length).toBeLessThan(400);
    expect(entry!.text).toMatch(/more characters not kept\]$/);
  });
});
