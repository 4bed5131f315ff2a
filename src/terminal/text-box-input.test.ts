import { describe, expect, it } from 'vitest';
import { boxLines, editorInputForKey, type BoxKey } from './text-box-input.ts';

const key = (name: string, mods: Partial<BoxKey> = {}): BoxKey => ({ key: name, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe('editorInputForKey', () => {
  it('hands Enter, Tab, Up and Down to the editor as terminal input', () => {
    const box = { afterEscape: false };
    expect(['Enter', 'Tab', 'ArrowUp', 'ArrowDown'].map((name) => editorInputForKey(key(name), box))).toEqual(['\r', '\t', '\x1b[A', '\x1b[B']);
  });

  it('leaves typing, caret moves and shortcuts to the browser', () => {
    const box = { afterEscape: false };
    for (const name of ['a', 'ArrowLeft', 'Home', 'Backspace', 'Escape']) expect(editorInputForKey(key(name), box)).toBeUndefined();
    expect(editorInputForKey(key('Enter', { ctrlKey: true }), box)).toBeUndefined();
    expect(editorInputForKey(key('Tab', { altKey: true }), box)).toBeUndefined();
    expect(editorInputForKey(key('ArrowUp', { metaKey: true }), box)).toBeUndefined();
    expect(editorInputForKey(key('Enter', { isComposing: true }), box)).toBeUndefined();
  });

  it('lets Tab leave right after Escape, or with Shift', () => {
    expect(editorInputForKey(key('Tab'), { afterEscape: true })).toBeUndefined();
    expect(editorInputForKey(key('Tab', { shiftKey: true }), { afterEscape: false })).toBeUndefined();
    expect(editorInputForKey(key('Tab'), { afterEscape: false, multiLine: true, hasLineBreak: true })).toBe('\t');
  });

  it('in a multi-line box, Shift+Enter adds a line and Up and Down move between lines once there are several', () => {
    expect(editorInputForKey(key('Enter', { shiftKey: true }), { afterEscape: false, multiLine: true })).toBeUndefined();
    expect(editorInputForKey(key('Enter', { shiftKey: true }), { afterEscape: false })).toBe('\r');
    expect(editorInputForKey(key('ArrowUp'), { afterEscape: false, multiLine: true, hasLineBreak: true })).toBeUndefined();
    expect(editorInputForKey(key('ArrowDown'), { afterEscape: false, multiLine: true, hasLineBreak: true })).toBeUndefined();
    expect(editorInputForKey(key('ArrowUp'), { afterEscape: false, multiLine: true })).toBe('\x1b[A');
  });
});

describe('boxLines', () => {
  it('splits at every line break and drops only a break at the very end', () => {
    expect(boxLines('NOOP')).toEqual(['NOOP']);
    expect(boxLines('')).toEqual(['']);
    expect(boxLines('NOOP\r\nHELP\rRSET\n')).toEqual(['NOOP', 'HELP', 'RSET']);
    expect(boxLines('Subject: hi\n\nbody\n')).toEqual(['Subject: hi', '', 'body']);
    expect(boxLines('\n')).toEqual(['']);
  });
});
