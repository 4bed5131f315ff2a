import { describe, expect, it } from 'vitest';
import { columns, drawEditArea, eraseEditArea, redrawEditArea } from './line-render.ts';

const area = (text: string, cursor = text.length) => ({ prompt: 'C: ', promptWidth: 3, text, cursor });

describe('line rendering', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(columns('a😀b')).toBe(3);
  });

  it('draws a short line with the cursor at the end', () => {
    expect(drawEditArea(area('NOOP'), 80)).toEqual({ output: 'C: NOOP\r\x1b[7C', cursorRow: 0 });
  });

  it('moves the cursor back up when it sits on an earlier row of a wrapped line', () => {
    const text = 'x'.repeat(25); // 28 columns over width 10: rows 0..2
    const drawn = drawEditArea(area(text, 2), 10);
    expect(drawn.cursorRow).toBe(0);
    expect(drawn.output).toBe(`C: ${text}\x1b[2A\r\x1b[5C`);
  });

  it('forces the pending wrap at an exact multiple of the width', () => {
    const drawn = drawEditArea(area('x'.repeat(7)), 10);
    expect(drawn.output).toBe(`C: ${'x'.repeat(7)} \r\r`);
    expect(drawn.cursorRow).toBe(1);
  });

  it('erases from the first row of the area', () => {
    expect(eraseEditArea(0)).toBe('\r\x1b[J');
    expect(eraseEditArea(2)).toBe('\x1b[2A\r\x1b[J');
    expect(redrawEditArea(area('a'), 80, 1).output.startsWith('\x1b[1A\r\x1b[J')).toBe(true);
  });
});
