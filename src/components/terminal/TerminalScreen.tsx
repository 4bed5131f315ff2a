/**
 * The terminal's screen: xterm.js, or the plain text box with the transcript right
 * above it.
 *
 * xterm.js is the page's biggest script, and nothing before the first keystroke
 * needs it: until the reader comes near the widget (pointer, focus, touch, a key),
 * a light stand-in shows the conversation and takes typed lines. When xterm is
 * ready it takes over in place: the stand-in's unsent text is pasted into it and
 * focus moves with it, in one step, so no keystroke is lost.
 */
import { memo, useCallback, useEffect, useRef, useState, type ClipboardEvent as ReactClipboardEvent, type ComponentType, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { TerminalController } from '../../terminal/controller.ts';
import { entryText, type TranscriptEntry } from '../../terminal/transcript.ts';
import PlainInput from './PlainInput.tsx';
import Transcript from './Transcript.tsx';
import type { XtermViewProps } from './XtermView.tsx';

/** Lines the stand-in draws: enough to fill the screen. */
const STANDIN_LINES = 40;

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

/** Pastes text into xterm through its own paste handling, as if the reader had pasted it. */
function paste(target: HTMLTextAreaElement, text: string): void {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

const StandInLines = memo(function StandInLines({ entries, firstScreen }: { entries: readonly TranscriptEntry[]; firstScreen: readonly string[] }) {
  const lines = entries.length ? entries.slice(-STANDIN_LINES).map(entryText) : firstScreen;
  return <pre className="smtp-standin__lines">{lines.join('\n')}</pre>;
});

export default function TerminalScreen(props: TerminalScreenProps) {
  const { controller, entries, plain, wantXterm, transcriptShown, keysId, logId, firstScreen, onXtermFailure } = props;
  const [Xterm, setXterm] = useState<ComponentType<XtermViewProps> | null>(null);
  const [handedOff, setHandedOff] = useState(false);
  const screenRef = useRef<HTMLDivElement>(null);
  const standInRef = useRef<HTMLInputElement>(null);
  // Escape is the first half of "Escape then Tab leaves the terminal": xterm must see it too.
  const escaped = useRef(false);

  // A helper's command (/plain, /b64) lands on the stand-in's prompt until xterm takes over.
  useEffect(() => {
    if (handedOff || plain) return;
    return controller.onPrompt((line) => {
      if (standInRef.current) standInRef.current.value = line;
    });
  }, [controller, handedOff, plain]);

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

  const handOff = useCallback(() => {
    const standIn = standInRef.current;
    const target = screenRef.current?.querySelector<HTMLTextAreaElement>('.xterm textarea');
    if (standIn && target) {
      if (document.activeElement === standIn) {
        target.focus();
        if (escaped.current) target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', keyCode: 27, bubbles: true, cancelable: true }));
      }
      if (standIn.value) paste(target, standIn.value);
      // Out of the way at once: two inputs with one name would confuse screen readers (and tests).
      standIn.removeAttribute('aria-label');
      standIn.hidden = true;
    }
    setHandedOff(true);
  }, []);

  const onStandInKey = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    escaped.current = event.key === 'Escape';
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const line = event.currentTarget.value;
    event.currentTarget.value = '';
    void controller.submit([line]);
  };

  // Pasted lines go out as they would from xterm; a last line without a newline stays on the prompt.
  const onStandInPaste = (event: ReactClipboardEvent<HTMLInputElement>) => {
    event.preventDefault();
    const input = event.currentTarget;
    const lines = (input.value + event.clipboardData.getData('text/plain')).split(/\r?\n/);
    input.value = lines.pop() ?? '';
    if (lines.length) void controller.submit(lines);
  };

  const transcript = <Transcript entries={entries} id={logId} shown={plain || transcriptShown} />;
  if (plain) {
    return (
      <div className="smtp-screen-stack" data-mode="plain">
        {transcript}
        <PlainInput controller={controller} describedBy={keysId} />
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
        onClick={(e) => (e.currentTarget.querySelector('.xterm textarea') as HTMLTextAreaElement | null)?.focus()}
      >
        {Xterm && (
          <>
            <Xterm controller={controller} describedBy={keysId} onFailure={onXtermFailure} />
            <AfterMount onMount={handOff} />
          </>
        )}
        {!handedOff && (
          <div className="smtp-standin">
            <StandInLines entries={entries} firstScreen={firstScreen} />
            <p className="smtp-standin__prompt">
              <span aria-hidden="true">C: </span>
              <input
                ref={standInRef}
                type="text"
                className="smtp-standin__input"
                aria-label="SMTP terminal input"
                aria-describedby={keysId}
                autoComplete="off"
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                onKeyDown={onStandInKey}
                onPaste={onStandInPaste}
              />
            </p>
          </div>
        )}
      </div>
      {transcript}
    </div>
  );
}
