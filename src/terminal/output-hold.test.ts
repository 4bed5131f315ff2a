import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputHold, replyExpected } from './output-hold.ts';

afterEach(() => vi.useRealTimers());

describe('OutputHold', () => {
  it('writes at once until told to hold', () => {
    const written: string[] = [];
    const hold = new OutputHold((d) => written.push(d));
    hold.out('a');
    expect(written).toEqual(['a']);
  });

  it('keeps the output after Enter and writes it with the reply, in one piece', () => {
    const written: string[] = [];
    const hold = new OutputHold((d) => written.push(d));
    hold.hold();
    hold.out('C: NOOP\r\n');
    hold.out('C: ');
    expect(written).toEqual([]);
    hold.out('S: 250 OK\r\n');
    hold.release();
    expect(written).toEqual(['C: NOOP\r\nC: S: 250 OK\r\n']);
    hold.out('x');
    expect(written.at(-1)).toBe('x');
  });

  it('lets go after its deadline when no reply comes', () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const hold = new OutputHold((d) => written.push(d), 40);
    hold.hold();
    hold.out('line');
    vi.advanceTimersByTime(39);
    hold.hold(); // a second Enter keeps the first deadline
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(written).toEqual(['line']);
  });
});

describe('replyExpected', () => {
  it('holds for commands, not for the lines of a message', () => {
    expect(replyExpected('ready', 'NOOP')).toBe(true);
    expect(replyExpected(undefined, '/help')).toBe(true);
    expect(replyExpected('data', 'Subject: hi')).toBe(false);
    expect(replyExpected('data', '')).toBe(false);
    expect(replyExpected('data', '.')).toBe(true);
  });
});
