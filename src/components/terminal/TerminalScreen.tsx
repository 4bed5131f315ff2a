/**
 * The terminal's screen: xterm.js, or the plain text box with the transcript right
 * above it.
 *
 * xterm.js is the page's biggest script, and nothing before the first keystroke
 * needs it: until the reader comes near the widget (pointer, focus, touch, a key),
 * a light stand-in (`TerminalStandIn`) shows the conversation and takes typed
 * lines. Both edit one `LineEditor`, so when xterm is ready it takes over in
 * place, in one step: the unsent line, its caret and any offered line carry over,
 * focus moves with it, and no keystroke is lost.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent } from 'react';
import type { TerminalController } from '../../terminal/controller.ts';
import { LineEditor } from '../../terminal/line-editor.ts';
import type { TranscriptEntry } from '../../terminal/transcript.ts';
import PlainInput from './PlainInput.tsx';
import TerminalStandIn from './TerminalStandIn.tsx';
import Transcript from './Transcript.tsx';
import type { XtermViewProps } from './XtermView.tsx';
import { clickShouldFocus, keyGoesToInput } from './click-to-type.ts';

export interface TerminalScreenProps {
  controller: TerminalController;
  entries: readonly TranscriptEntry[];
  /** Plain text input instead of xterm. */
  plain: boolean;
  /** The reader came near the widget: time to load xterm. */
  wantXterm: boolean;
  /** The transcript is shown as text under the terminal (it is always there for screen readers). */
  transcriptShown: boolean;
  keysId: string;
  logId: string;
  /** What the page showed before the island ran (the build-time greeting), until the session's own lines arrive. */
  firstScreen: readonly string[];
  onXtermFailure: (error: unknown) => void;
}

/** Runs after the sibling before it has run its effects: there, after XtermView opened the terminal. */
function AfterMount({ onMount }: { onMount: () => void }) {
  useEffect(() => onMount(), [onMount]);
  return null;
}

export default function TerminalScreen(props: TerminalScreenProps) {
  const { controller, entries, plain, wantXterm, transcriptShown, keysId, logId, firstScreen, onXtermFailure } = props;
  const [Xterm, setXterm] = useState<ComponentType<XtermViewProps> | null>(null);
  const [handedOff, setHandedOff] = useState(false);
  const screenRef = useRef<HTMLDivElement>(null);
  const standInRef = useRef<HTMLInputElement>(null);
  // Escape is the first half of "Escape then Tab leaves the terminal": xterm must see it too.
  const escaped = useRef(false);
  // The line being typed: the stand-in edits it first, and xterm goes on from it (the plain box too).
  // The controller's history and completion: the rules live there, once.
  const editor = useMemo(() => new LineEditor((text) => controller.complete(text), controller.history), [controller]);

  useEffect(() => {
    if (!wantXterm || plain || Xterm) return;
    let live = true;
    import('./XtermView.tsx').then(
      (module) => live && setXterm(() => module.default),
      (error: unknown) => live && onXtermFailure(error),
    );
    return () => {
      live = false;
    };
  }, [wantXterm, plain, Xterm, onXtermFailure]);

  /** The input that takes keys now: xterm's textarea once it is there, else the stand-in. */
  const currentInput = useCallback((): HTMLElement | null => {
    const standIn = standInRef.current;
    if (standIn && !standIn.hidden) return standIn;
    return screenRef.current?.querySelector<HTMLTextAreaElement>('.xterm textarea') ?? null;
  }, []);

  // Click to type: anywhere in the black area, unless the reader was selecting text.
  const onScreenClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const input = currentInput();
      if (clickShouldFocus(event.currentTarget, event.target, input)) input!.focus({ preventScroll: true });
    },
    [currentInput],
  );

  // The screen itself has focus after a selection: typing goes on in the input, never scrolls the page.
  const onScreenKeyDown = useCallback(
    (event: ReactKeyboardEvent<HTMLDivElement>) => {
      if (event.target !== event.currentTarget || !keyGoesToInput(event)) return;
      currentInput()?.focus({ preventScroll: true });
    },
    [currentInput],
  );

  // With the plain text box the log is the screen: a tap on it opens the keyboard on the box.
  const onPlainClick = useCallback((event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.querySelector('textarea');
    if (clickShouldFocus(event.currentTarget, event.target, box)) box!.focus();
  }, []);

  const handOff = useCallback(() => {
    const standIn = standInRef.current;
    const target = screenRef.current?.querySelector<HTMLTextAreaElement>('.xterm textarea');
    if (standIn && target) {
      // The keyboard was in the stand-in, or on the screen itself: a press on its text that
      // xterm replaced before the click came (the click then never reaches the screen).
      if (document.activeElement === standIn || document.activeElement === screenRef.current) {
        target.focus({ preventScroll: true });
        if (escaped.current) target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', keyCode: 27, bubbles: true, cancelable: true }));
      }
      // Out of the way at once: two inputs with one name would confuse screen readers (and tests).
      standIn.removeAttribute('aria-label');
      standIn.hidden = true;
    }
    setHandedOff(true);
  }, []);

  const transcript = <Transcript entries={entries} id={logId} shown={plain || transcriptShown} />;
  if (plain) {
    return (
      <div className="smtp-screen-stack" data-mode="plain" onClick={onPlainClick}>
        {transcript}
        <PlainInput controller={controller} editor={editor} describedBy={keysId} />
      </div>
    );
  }
  return (
    <div className="smtp-screen-stack" data-mode="xterm">
      <div
        ref={screenRef}
        className="smtp-screen"
        role="group"
        aria-label="SMTP terminal"
        // Focusable from a click only: a press on its text lands here, not on <body> (click-to-type.ts).
        tabIndex={-1}
        onClick={onScreenClick}
        onKeyDown={onScreenKeyDown}
      >
        {Xterm && (
          <>
            <Xterm controller={controller} editor={editor} describedBy={keysId} onFailure={onXtermFailure} />
            <AfterMount onMount={handOff} />
          </>
        )}
        {!handedOff && (
          <TerminalStandIn
            controller={controller}
            editor={editor}
            entries={entries}
            firstScreen={firstScreen}
            keysId={keysId}
            inputRef={standInRef}
            escaped={escaped}
          />
        )}
      </div>
      {transcript}
    </div>
  );
}
