import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../transcript.ts';
import { counterIds } from '../config.ts';
import { FIXED_NOW, feed, newSession } from './harness.ts';

const dir = new URL('./transcripts/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.txt'));

/** Each fixture names its port in its first comment line. */
const optionsFor = (name: string) => ({
  port: name.startsWith('implicit-tls') ? 465 : 587,
  now: () => FIXED_NOW,
  nextId: counterIds('test'),
});

/** Replays segment by segment; `split` turns one segment into the chunks actually sent. */
async function replay(name: string, split: (segment: string) => string[]): Promise<string> {
  const { segments } = parseTranscript(readFileSync(new URL(name, dir), 'utf8'));
  const session = newSession(optionsFor(name));
  let text = session.start().text;
  for (const segment of segments) text += (await feed(session, split(segment))).text;
  return text;
}

const expected = (name: string) =>
  parseTranscript(readFileSync(new URL(name, dir), 'utf8')).server.map((l) => `${l}\r\n`).join('');

describe.each(fixtures)('transcript %s', (name) => {
  it('replays whole', async () => {
    expect(await replay(name, (s) => [s])).toBe(expected(name));
  });

  it('replays one byte at a time', async () => {
    expect(await replay(name, (s) => Array.from(Buffer.from(s), (b) => Uint8Array.of(b)))).toBe(expected(name));
  });

  it('replays split at every point into two chunks', async () => {
    const { segments } = parseTranscript(readFileSync(new URL(name, dir), 'utf8'));
    const want = expected(name);
    for (let s = 0; s < segments.length; s++) {
      const bytes = Buffer.from(segments[s]!);
      for (let at = 1; at < bytes.length; at++) {
        const got = await replay(name, (segment) =>
          segment === segments[s] ? [bytes.subarray(0, at), bytes.subarray(at)] : [segment],
        );
        if (got !== want) expect({ segment: s, at, got }).toEqual({ segment: s, at, got: want });
      }
    }
  });
});
