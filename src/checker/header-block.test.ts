import { describe, expect, it } from 'vitest';
import { headerValues, readHeaderBlock } from './header-block.ts';

describe('readHeaderBlock', () => {
  it('reads fields up to the first empty line, unfolding continuations', () => {
    const block = readHeaderBlock('From: a@example.com\r\nSubject: one\r\n  two\r\n\r\nBody: not a header\r\n');
    expect(block).toEqual({ ok: true, fields: [{ name: 'From', value: 'a@example.com' }, { name: 'Subject', value: 'one two' }] });
  });

  it('accepts LF line ends and a block with no body', () => {
    const block = readHeaderBlock('From: a@example.com\nTo: b@example.net');
    expect(block.ok && block.fields.map((f) => f.name)).toEqual(['From', 'To']);
  });

  it('names an mbox separator, JSON, a body without headers and a stray line', () => {
    expect(readHeaderBlock('From someone@example.com Mon Jan 1\nFrom: a@b.c\n')).toEqual({ ok: false, problem: { kind: 'mbox', line: 1 } });
    expect(readHeaderBlock('{\n  "status": "accepted"\n}')).toEqual({ ok: false, problem: { kind: 'json', line: 1 } });
    expect(readHeaderBlock('\nHello')).toEqual({ ok: false, problem: { kind: 'no-headers', line: 1 } });
    expect(readHeaderBlock('From: a@b.c\nthis is prose\n\nbody')).toEqual({ ok: false, problem: { kind: 'bad-line', line: 2, text: 'this is prose' } });
    expect(readHeaderBlock('Hello there, how are you?')).toMatchObject({ ok: false, problem: { kind: 'bad-line', line: 1 } });
  });

  it('does not take a continuation as the first line', () => {
    expect(readHeaderBlock('  indented: x\n')).toMatchObject({ ok: false, problem: { kind: 'bad-line', line: 1 } });
  });

  it('finds every value of a header regardless of case', () => {
    const block = readHeaderBlock('to: a@x.io\nTO: b@x.io\n\n');
    expect(block.ok && headerValues(block.fields, 'To')).toEqual(['a@x.io', 'b@x.io']);
  });
});
