import { describe, expect, it } from 'vitest';
import { dispatchEditorEvents, type EditorEventTarget } from './editor-events.ts';
import { LineEditor } from './line-editor.ts';

function recorder(): { calls: string[]; target: EditorEventTarget } {
  const calls: string[] = [];
  return {
    calls,
    target: {
      submit: async (lines) => void calls.push(`submit ${lines.join('|')}`),
      interrupt: (line) => void calls.push(`interrupt ${line}`),
      showCompletions: (options) => void calls.push(`completions ${options.join(',')}`),
    },
  };
}

describe('dispatchEditorEvents', () => {
  it('sends the lines of one input together, and flushes them before Ctrl+C, Ctrl+L or a completion list', () => {
    const { calls, target } = recorder();
    const editor = new LineEditor(() => ({ options: ['RCPT TO:', 'RSET'] }));
    dispatchEditorEvents(editor.handle('EHLO a\rNOOP\rhalf\x03'), target, () => calls.push('clear'));
    dispatchEditorEvents(editor.handle('one\r\x0ctwo\rR\t'), target, () => calls.push('clear'));
    expect(calls).toEqual(['submit EHLO a|NOOP', 'interrupt half', 'submit one', 'clear', 'submit two', 'completions RCPT TO:,RSET']);
  });

  it('does nothing for Escape or an empty input', () => {
    const { calls, target } = recorder();
    dispatchEditorEvents(new LineEditor().handle('\x1b'), target, () => calls.push('clear'));
    dispatchEditorEvents([], target, () => calls.push('clear'));
    expect(calls).toEqual([]);
  });
});
