import { describe, expect, it } from 'vitest';
import { lineFlags, normaliseLineEndings } from './line-endings.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('normaliseLineEndings', () => {
  it('turns bare LFs into CRLF and counts them', () => {
    const { bytes: out, bareLf } = normaliseLineEndings(bytes('a\nb\r\nc\n\nd'));
    expect(text(out)).toBe('a\r\nb\r\nc\r\n\r\nd');
    expect(bareLf).toBe(3);
  });

  it('returns CRLF input itself, uncopied', () => {
    const input = bytes('a\r\nb\r\n');
    expect(normaliseLineEndings(input)).toEqual({ bytes: input, bareLf: 0 });
    expect(normaliseLineEndings(input).bytes).toBe(input);
  });

  it('handles an LF at the very start', () => {
    expect(text(normaliseLineEndings(bytes('\nx')).bytes)).toBe('\r\nx');
  });
});

describe('lineFlags', () => {
  it('flags a bare CR and a line over the limit, CRLF counted', () => {
    expect(lineFlags(bytes('ab\rc\r\n'), 1000)).toEqual({ bareCr: true, longLine: false });
    expect(lineFlags(bytes('abc\r\nde\r\n'), 5)).toEqual({ bareCr: false, longLine: false });
    expect(lineFlags(bytes('abcd\r\n'), 5)).toEqual({ bareCr: false, longLine: true });
    expect(lineFlags(bytes('ok\r\nabcdef'), 5)).toEqual({ bareCr: false, longLine: true });
  });
});
