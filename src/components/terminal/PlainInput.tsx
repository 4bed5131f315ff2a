/**
 * Plain text input: a labelled text box instead of the terminal, for phones and
 * screen readers. It edits the same `LineEditor` as the stand-in and xterm, and its
 * events go through the same `dispatchEditorEvents`: Enter sends, Tab completes (on
 * an empty line it types the hint's command), Up and Down recall commands, a line a
 * helper builds (/plain, /login, /b64) lands selected (typing replaces it, Enter
 * sends it), and pasted text sends each finished line at once, keeping the last
 * unfinished one in the box. An unsent line carries over when the reader switches.
 *
 * What differs, because this is a multi-line box: Shift+Enter adds a line (to
 * compose a message body before sending it), Enter then sends every line in order;
 * Up and Down move the caret once the box holds several lines; and ordinary editing
 * keys (Ctrl+C, Ctrl+L, Ctrl+U...) stay the browser's, as a text box's should. Tab
 * leaves the box right after Escape, or with Shift, as in the stand-in.
 */
import { useEffect, useRef, type ClipboardEvent, type KeyboardEvent, type SubmitEvent } from 'react';
import type { TerminalController } from '../../terminal/controller.ts';
import { dispatchEditorEvents, type EditorEventTarget } from '../../terminal/editor-events.ts';
import type { LineEditor } from '../../terminal/line-editor.ts';
import { boxLines, editorInputForKey } from '../../terminal/text-box-input.ts';
import { showInBox, syncFromBox } from './editor-box.ts';

export interface PlainInputProps {
  controller: TerminalController;
  /** The terminal's line editor, shared with the stand-in and xterm. */
  editor: LineEditor;
  describedBy: string;
}

export default function PlainInput({ controller, editor, describedBy }: PlainInputProps) {
  const box = useRef<HTMLTextAreaElement>(null);
  const escaped = useRef(false);

  // The line the reader was typing in the terminal, and later every offered line.
  useEffect(() => {
    if (box.current) showInBox(editor, box.current);
    return controller.onPrompt((line) => {
      if (box.current && editor.offerUnlessTyping(line)) showInBox(editor, box.current);
    });
  }, [controller, editor]);

  // A line sent from this box may hold line breaks (Shift+Enter, a pasted body): each is a line.
  const target: EditorEventTarget = {
    submit: (lines) => controller.submit(lines.flatMap(boxLines)),
    interrupt: (line) => controller.interrupt(line),
    showCompletions: (options) => controller.showCompletions(options),
  };

  const run = (input: string) => {
    const element = box.current;
    if (!element) return;
    syncFromBox(editor, element);
    dispatchEditorEvents(editor.handle(input), target, () => undefined);
    showInBox(editor, element);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const afterEscape = escaped.current;
    escaped.current = event.key === 'Escape';
    const hasLineBreak = event.currentTarget.value.includes('\n');
    const input = editorInputForKey(event.nativeEvent, { afterEscape, multiLine: true, hasLineBreak });
    if (input === undefined) return;
    event.preventDefault();
    run(input);
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    event.preventDefault();
    run(event.clipboardData.getData('text/plain'));
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    run('\r');
  };

  const sync = (event: { currentTarget: HTMLTextAreaElement }) => syncFromBox(editor, event.currentTarget);

  return (
    <form className="smtp-plain" onSubmit={onSubmit}>
      <label className="smtp-plain__label">
        <span>SMTP command (plain text input)</span>
        <textarea
          ref={box}
          rows={2}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          aria-describedby={describedBy}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onInput={sync}
          onKeyUp={sync}
          onMouseUp={sync}
          onSelect={sync}
        />
      </label>
      <button type="submit" className="smtp-button smtp-button--primary">
        Send
      </button>
    </form>
  );
}
