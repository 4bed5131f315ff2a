/**
 * What the terminal does with the line editor's events, in one place for its three
 * inputs (xterm, the light stand-in shown until xterm loads, the plain text box): finished
 * lines go to the controller together, in order, and Ctrl+C, Ctrl+L and a list of
 * completions flush the lines before them first.
 */
import type { EditorEvent } from './line-editor.ts';

export interface EditorEventTarget {
  submit(lines: readonly string[]): Promise<void>;
  interrupt(line: string): void;
  showCompletions(options: readonly string[]): void;
}

export function dispatchEditorEvents(events: readonly EditorEvent[], target: EditorEventTarget, clearScreen: () => void): void {
  const submitted: string[] = [];
  const flush = () => {
    if (submitted.length) void target.submit(submitted.splice(0));
  };
  for (const event of events) {
    switch (event.type) {
      case 'submit':
        submitted.push(event.line);
        break;
      case 'interrupt':
        flush();
        target.interrupt(event.line);
        break;
      case 'clear-screen':
        flush();
        clearScreen();
        break;
      case 'completions':
        flush();
        target.showCompletions(event.options);
        break;
      case 'escape':
        break;
    }
  }
  flush();
}
