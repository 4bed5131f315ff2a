/**
 * A kept transcript packed into one string reads back as the entries it was given,
 * through `lines` and through JSON (the API and the `--out` file both serialise it).
 */
import { describe, expect, it } from 'vitest';
import { TLS_MARKER } from '../../simulator/index.ts';
import { PackedTranscript } from '../packed-transcript.ts';
import type { TranscriptEntry } from '../session-transcript.ts';

const entries: TranscriptEntry[] = [
  { from: 'S', text: '220 localhost ESMTP' },
  { from: 'C', text: 'EHLO app.test', phase: 'command' },
  { from: 'C', text: TLS_MARKER, phase: 'tls' },
  { from: 'C', text: 'AUTH LOGIN', phase: 'command' },
  { from: 'C', text: '<masked>', phase: 'auth' },
  { from: 'C', text: 'Subject: Grüße, 東京 ✉', phase: 'data' },
  { from: 'C', text: '', phase: 'data' },
  { from: 'C', text: 'a bare\rCR stays', phase: 'data' },
  { from: '#', text: '3 more lines not kept' },
  { from: 'S', text: '250 2.0.0 Accepted' },
];

describe('PackedTranscript', () => {
  it('reads back every kind of entry, phases and non-ASCII text included', () => {
    const packed = PackedTranscript.fromEntries('starttls', entries);
    expect(packed.port_mode).toBe('starttls');
    expect(packed.lines).toEqual(entries);
    // Each read is a fresh copy: a caller that edits it changes nothing kept.
    packed.lines[0]!.text = 'changed';
    expect(packed.lines[0]!.text).toBe('220 localhost ESMTP');
  });

  it('serialises as a plain transcript', () => {
    const packed = PackedTranscript.fromEntries('implicit-tls', entries);
    expect(JSON.parse(JSON.stringify({ transcript: packed }))).toEqual({ transcript: { port_mode: 'implicit-tls', lines: entries } });
  });

  it('reads a client line with no known phase (a damaged --out file) back as a command, text intact', () => {
    const damaged = [{ from: 'C', text: 'EHLO app.test' }] as unknown as TranscriptEntry[];
    expect(PackedTranscript.fromEntries('starttls', damaged).lines).toEqual([{ from: 'C', text: 'EHLO app.test', phase: 'command' }]);
  });

  it('keeps an empty transcript empty, and turns an LF inside a text into a space', () => {
    expect(PackedTranscript.fromEntries('starttls', []).lines).toEqual([]);
    expect(PackedTranscript.fromEntries('starttls', [{ from: '#', text: 'one\ntwo' }, { from: 'S', text: '221 bye' }]).lines).toEqual([
      { from: '#', text: 'one two' },
      { from: 'S', text: '221 bye' },
    ]);
  });
});
