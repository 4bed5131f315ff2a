/**
 * Property tests: whatever bytes arrive, in whatever chunking, the core answers with
 * well-formed replies, never throws, keeps its buffers under the configured caps,
 * and gives the same answer however the input was split.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionOptions } from '../config.ts';
import { DEMO_TOKEN, newSession, plainArg } from './harness.ts';

const limits = { maxMessageBytes: 2_000, maxUnterminatedBytes: 1_024 };
const options: SessionOptions = { port: 465, limits };
/** Most a session may hold: a partial command line, or a message at the size cap. */
const memoryCap = limits.maxMessageBytes + limits.maxUnterminatedBytes + 2;

/** Lines that reach deep states often, mixed with noise. */
const commandish = fc.oneof(
  fc.constantFrom(
    'EHLO fuzz.test', 'HELO fuzz.test', 'STARTTLS', `AUTH PLAIN ${plainArg(DEMO_TOKEN)}`, 'AUTH LOGIN', 'AUTH PLAIN', '*',
    Buffer.from(DEMO_TOKEN).toString('base64'), 'MAIL FROM:<a@example.com>', 'MAIL FROM:<a@example.com> SIZE=99999999',
    'RCPT TO:<b@example.net>', 'DATA', '.', '..', 'From: a@example.com', 'To: b@example.net', '', 'RSET', 'NOOP', 'QUIT',
    'HELP', 'VRFY x', 'GET / HTTP/1.1', 'X-MailPace-Tags: a,,b', 'Content-Type: text/html', '<b onerror=x>',
  ),
  fc.string({ maxLength: 40 }),
  fc.nat({ max: 3_000 }).map((n) => 'x'.repeat(n)),
);
/** Half the runs start inside a transaction, so DATA framing gets its share of noise. */
const OPENING = `EHLO fuzz.test\r\nAUTH PLAIN ${plainArg(DEMO_TOKEN)}\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n`;
const endings = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '', '\0');
const scriptBytes = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(commandish, endings), { maxLength: 40 }))
  .map(([opened, parts]) => Buffer.from((opened ? OPENING : '') + parts.map(([c, e]) => c + e).join('')));
const anyBytes = fc.oneof(scriptBytes, fc.uint8Array({ maxLength: 3_000 }).map((a) => Buffer.from(a)));

/** Cuts `bytes` at the given points. */
function chunk(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}

/** Runs the input; returns everything written. Fails on an exception or an oversized buffer. */
async function run(chunks: Buffer[]): Promise<string> {
  const session = newSession(options);
  let text = session.start().text;
  for (const c of chunks) {
    const out = await session.receive(c);
    text += out.text;
    if (out.actions.some((a) => a.type === 'start-tls')) session.tlsEstablished();
    expect(session.bufferedBytes).toBeLessThanOrEqual(memoryCap);
  }
  return text;
}

/** RFC 5321 §4.2: `ddd-text` continuation lines and a final `ddd text`, one code, ≤ 512 octets. */
function assertWellFormed(text: string): void {
  expect(text === '' || text.endsWith('\r\n')).toBe(true);
  const lines = text.split('\r\n').slice(0, -1);
  let continuing: string | null = null;
  for (const line of lines) {
    expect(line).toMatch(/^[2-5]\d\d[ -]/);
    expect(line).not.toMatch(/[\r\n\0]/);
    expect(Buffer.byteLength(`${line}\r\n`)).toBeLessThanOrEqual(512);
    const code = line.slice(0, 3);
    if (continuing) expect(code).toBe(continuing);
    continuing = line[3] === '-' ? code : null;
  }
  expect(continuing).toBeNull();
}

describe('core properties', () => {
  it('never throws, always replies well formed, stays under the memory cap', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, fc.array(fc.nat(), { maxLength: 8 }), async (bytes, cuts) => {
        assertWellFormed(await run(chunk(bytes, cuts)));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same output for one input in two different chunkings', async () => {
    await fc.assert(
      fc.asyncProperty(scriptBytes, fc.array(fc.nat(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 8 }), async (bytes, a, b) => {
        expect(await run(chunk(bytes, a))).toBe(await run(chunk(bytes, b)));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same output fed whole and one byte at a time', async () => {
    await fc.assert(
      fc.asyncProperty(scriptBytes, async (bytes) => {
        const single = Array.from(bytes, (b) => Buffer.of(b));
        expect(await run(single)).toBe(await run([bytes]));
      }),
      { numRuns: 60 },
    );
  });
});
