/**
 * The light stand-in shown until xterm.js loads: the conversation so far and a
 * one-line input that edits the same `LineEditor` xterm takes over. Enter, Tab,
 * Up and Down go through the editor, so completion, the hint's command, history
 * and lines offered by helpers work exactly as in xterm; ordinary typing stays the
 * browser's, and each change is synced back. An offered line shows selected:
 * typing replaces it, as in xterm.
 */
import { memo, useEffect, type ClipboardEvent, type KeyboardEvent, type RefObject } from 'react';
import type { TerminalController } from '../../terminal/controller.ts';
import { dispatchEditorEvents } from '../../terminal/editor-events.ts';
import type { LineEditor } from '../../terminal/line-editor.ts';
import { editorInputForKey } from '../../terminal/text-box-input.ts';
import { entryText, type TranscriptEntry } from '../../terminal/transcript.ts';
import { showInBox, syncFromBox } from './editor-box.ts';

/** Lines the stand-in draws: enough to fill the screen. */
const STANDIN_LINES = 40;

export interface TerminalStandInProps {
  controller: TerminalController;
  editor: LineEditor;
  entries: readonly TranscriptEntry[];
  /** What the page showed before the island ran, until the session's own lines arrive. */
  firstScreen: readonly string[];
  keysId: string;
  inputRef: RefObject<HTMLInputElement | null>;
  /** Escape was the last key: the next Tab leaves, as in xterm. Shared with the hand-off. */
  escaped: RefObject<boolean>;
}

const StandInLines = memo(function StandInLines({ entries, firstScreen }: { entries: readonly TranscriptEntry[]; firstScreen: readonly string[] }) {
  const lines = entries.length ? entries.slice(-STANDIN_LINES).map(entryText) : firstScreen;
  return <pre className="smtp-standin__lines">{lines.join('\n')}</pre>;
});

export default function TerminalStandIn({ controller, editor, entries, firstScreen, keysId, inputRef, escaped }: TerminalStandInProps) {
  useEffect(
    () =>
      controller.onPrompt((line) => {
        const box = inputRef.current;
        // Once hidden, xterm owns the editor and the box's text is stale.
        if (!box || box.hidden) return;
        // The editor is current (every edit of the box syncs it), and may be mid-Enter: read it, not the box.
        if (editor.offerUnlessTyping(line)) showInBox(editor, box);
      }),
    [controller, editor, inputRef],
  );

  // The reader clicked the page's first screen before this island ran: the click was meant for this box.
  useEffect(() => {
    const box = inputRef.current;
    const host = box?.closest<HTMLElement>('.smtp-terminal-host');
    if (!box || !host?.dataset.clickedEarly) return;
    delete host.dataset.clickedEarly;
    if (!document.activeElement || document.activeElement === document.body) box.focus({ preventScroll: true });
  }, [inputRef]);

  const run = (box: HTMLInputElement, input: string) => {
    syncFromBox(editor, box);
    dispatchEditorEvents(editor.handle(input), controller, () => undefined);
    showInBox(editor, box);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const leaving = escaped.current;
    escaped.current = event.key === 'Escape';
    // Escape then Tab leaves, as in xterm; Shift+Tab always may, since xterm ignores it.
    const input = editorInputForKey(event.nativeEvent, { afterEscape: leaving });
    if (input === undefined) return;
    event.preventDefault();
    run(event.currentTarget, input);
  };

  // Pasted text goes through the editor too: each line ending sends a line, as in xterm.
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    event.preventDefault();
    run(event.currentTarget, event.clipboardData.getData('text/plain'));
  };

  const sync = (event: { currentTarget: HTMLInputElement }) => syncFromBox(editor, event.currentTarget);

  return (
    <div className="smtp-standin">
      <StandInLines entries={entries} firstScreen={firstScreen} />
      <p className="smtp-standin__prompt">
        <span aria-hidden="true">C: </span>
        <input
          ref={inputRef}
          type="text"
          className="smtp-standin__input"
          aria-label="SMTP terminal input"
          aria-describedby={keysId}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onInput={sync}
          onKeyUp={sync}
          onMouseUp={sync}
        />
      </p>
    </div>
  );
}
