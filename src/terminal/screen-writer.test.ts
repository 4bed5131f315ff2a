import { describe, expect, it } from 'vitest';
import { ScreenWriter } from './screen-writer.ts';

describe('ScreenWriter', () => {
  it('writes at once, keeps what is written during a hold and writes it in one go', () => {
    const out: string[] = [];
    const writer = new ScreenWriter((data) => out.push(data));
    writer.write('a');
    writer.hold();
    writer.write('b');
    writer.write('c');
    expect(out).toEqual(['a']);
    writer.release();
    expect(out).toEqual(['a', 'bc']);
    writer.release();
    writer.close();
    writer.write('d');
    expect(out).toEqual(['a', 'bc']);
  });
});
