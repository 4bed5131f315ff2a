/**
 * How a browser text box feeds the line editor: the stand-in's one-line input and
 * the plain text box (a textarea). Typing, caret moves, selection and the
 * clipboard shortcuts stay the browser's; Enter, Tab, Up and Down go to the
 * editor as the terminal input xterm would send for them, so completion, the
 * hint's command, history and offered lines work the same in all three inputs.
 *
 * Tab must still be able to leave a text box: right after Escape, or with Shift,
 * it is the browser's, as "Escape then Tab" is in xterm.
 */

/** The parts of a keydown that decide where it goes. */
export interface BoxKey {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** An input method (a phone's or a CJK keyboard) is composing: its keys are its own. */
  isComposing?: boolean;
}

export interface BoxState {
  /** Escape was the key before this one. */
  afterEscape: boolean;
  /** The box takes several lines (the textarea): Shift+Enter adds one there. */
  multiLine?: boolean;
  /** The box holds a line break now: Up and Down move the caret between its lines. */
  hasLineBreak?: boolean;
}

/** The terminal input a key stands for, or undefined when the browser keeps the key. */
export function editorInputForKey(event: BoxKey, box: BoxState): string | undefined {
  if (event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return undefined;
  switch (event.key) {
    case 'Enter':
      return box.multiLine && event.shiftKey ? undefined : '\r';
    case 'Tab':
      return box.afterEscape || event.shiftKey ? undefined : '\t';
    case 'ArrowUp':
      return box.hasLineBreak ? undefined : '\x1b[A';
    case 'ArrowDown':
      return box.hasLineBreak ? undefined : '\x1b[B';
    default:
      return undefined;
  }
}

/**
 * The lines one submitted line of a multi-line box stands for: one per line break
 * (Shift+Enter or a pasted body), a break at the very end adding no empty line.
 */
export function boxLines(line: string): string[] {
  const lines = line.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}
