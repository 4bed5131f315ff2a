import { describe, expect, it } from 'vitest';
import { classifyInput, headText, HEAD_BYTES } from './classify.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const MAX = 1000;

describe('classifyInput', () => {
  it('accepts a message and returns its header fields', () => {
    const verdict = classifyInput(bytes('From: a@example.com\r\nTo: b@example.net\r\n\r\nHi'), MAX);
    expect(verdict.ok && verdict.fields.length).toBe(2);
  });

  it('refuses empty and whitespace-only input', () => {
    expect(classifyInput(new Uint8Array(0), MAX)).toEqual({ ok: false, refusal: { kind: 'empty' } });
    expect(classifyInput(bytes(' \r\n\t\n'), MAX)).toEqual({ ok: false, refusal: { kind: 'empty' } });
  });

  it('refuses input over the limit before looking at it', () => {
    const big = new Uint8Array(MAX + 1); // all NUL: size wins over binary
    expect(classifyInput(big, MAX)).toEqual({ ok: false, refusal: { kind: 'too-big', size: MAX + 1, max: MAX } });
  });

  it('refuses binary input: NUL bytes, or many control characters', () => {
    expect(classifyInput(bytes('From: a@b.c\r\n\r\nx\0y'), MAX)).toEqual({ ok: false, refusal: { kind: 'binary', nulAt: 16 } });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x01, 0x02, 0x03]);
    expect(classifyInput(png, MAX)).toEqual({ ok: false, refusal: { kind: 'binary', nulAt: null } });
  });

  it('keeps ISO-2022-JP text (ESC sequences) as text', () => {
    expect(classifyInput(bytes('From: a@b.c\r\nSubject: \u001b$B$3\u001b(B\r\n\r\nx'), MAX).ok).toBe(true);
  });

  it('refuses text that is not a message, saying why', () => {
    expect(classifyInput(bytes('Hello, this is just prose.'), MAX)).toMatchObject({ ok: false, refusal: { kind: 'not-mime', problem: { kind: 'bad-line' } } });
    expect(classifyInput(bytes('{"status":"accepted"}'), MAX)).toMatchObject({ ok: false, refusal: { kind: 'not-mime', problem: { kind: 'json' } } });
  });
});

describe('headText', () => {
  it('cuts a long input at a line end inside the first HEAD_BYTES', () => {
    const line = 'X-Filler: ' + 'a'.repeat(1000) + '\n';
    const text = headText(bytes(line.repeat(Math.ceil(HEAD_BYTES / line.length) + 2)));
    expect(text.length).toBeLessThanOrEqual(HEAD_BYTES);
    expect(text.endsWith('a')).toBe(true);
  });
});
