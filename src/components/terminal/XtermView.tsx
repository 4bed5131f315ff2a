/**
 * The xterm.js screen: draws the transcript entries the controller prints and
 * feeds keystrokes through the line editor. All decisions live in plain modules
 * (`line-editor.ts`, `line-render.ts`, `controller.ts`); this file wires them to
 * xterm and the DOM.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import type { TerminalController, TerminalDisplay } from '../../terminal/controller.ts';
import { dispatchEditorEvents } from '../../terminal/editor-events.ts';
import type { LineEditor } from '../../terminal/line-editor.ts';
import { columns, drawEditArea, eraseEditArea, redrawEditArea, type EditArea } from '../../terminal/line-render.ts';
import { ScreenWriter } from '../../terminal/screen-writer.ts';
import { PROMPT, PROMPT_ANSI, entryAnsi, printable } from '../../terminal/transcript.ts';
import { quietTextarea } from './quiet-textarea.ts';

/** Colours chosen for at least 4.5:1 contrast on the background. */
export const TERMINAL_THEME: ITheme = {
  background: '#0d1117',
  foreground: '#e6edf3',
  cursor: '#e6edf3',
  cursorAccent: '#0d1117',
  selectionBackground: '#264f78',
  black: '#0d1117',
  red: '#ff7b72',
  green: '#7ee787',
  yellow: '#e3b341',
  blue: '#79c0ff',
  magenta: '#d2a8ff',
  cyan: '#79c0ff',
  white: '#e6edf3',
  brightBlack: '#a3adb8',
  brightRed: '#ffa198',
  brightGreen: '#aff5b4',
  brightYellow: '#f2cc60',
  brightBlue: '#a5d6ff',
  brightMagenta: '#e2c5ff',
  brightCyan: '#b3f0ff',
  brightWhite: '#ffffff',
};

const TYPING_DELAY_MS = 18;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Logical lines of the terminal buffer, wrapped rows joined: a debugging and test hook. */
function bufferLines(term: Terminal): string[] {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length && lines.at(-1) === '') lines.pop();
  return lines;
}

export interface XtermViewProps {
  controller: TerminalController;
  /**
   * The line being typed, shared with the stand-in that took keys before xterm
   * loaded: xterm goes on from its text, caret and offer, so nothing is retyped or lost.
   */
  editor: LineEditor;
  /** id of the element describing the keys, for the input's aria-describedby. */
  describedBy: string;
  /** Called when xterm cannot start, so the widget can fall back to plain input. */
  onFailure: (error: unknown) => void;
}

export default function XtermView({ controller, editor, describedBy, onFailure }: XtermViewProps) {
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let term: Terminal;
    let fit: FitAddon;
    try {
      term = new Terminal({
        // A steady cursor: xterm blinks it with a colour animation the compositor cannot run,
        // so the page would render a frame every 16 ms, and a reply would wait behind them.
        cursorBlink: false,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
        fontSize: 14,
        lineHeight: 1.15,
        scrollback: 5000,
        theme: TERMINAL_THEME,
      });
      fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host);
      fit.fit();
    } catch (error) {
      onFailure(error);
      return;
    }
    const textarea = term.textarea;
    textarea?.setAttribute('aria-label', 'SMTP terminal input');
    textarea?.setAttribute('aria-describedby', describedBy);
    const unquiet = textarea ? quietTextarea(textarea) : () => undefined;

    const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    let cursorRow = 0;
    const writer = new ScreenWriter((data) => term.write(data));
    const write = (data: string) => writer.write(data);

    const area = (): EditArea => {
      const text = printable(editor.text);
      return { prompt: PROMPT_ANSI, promptWidth: columns(PROMPT), text, cursor: columns(printable(editor.text.slice(0, editor.cursor))) };
    };
    const redraw = () => {
      const drawn = redrawEditArea(area(), term.cols, cursorRow);
      cursorRow = drawn.cursorRow;
      write(drawn.output);
    };
    const first = drawEditArea(area(), term.cols);
    cursorRow = first.cursorRow;
    write(first.output);

    const display: TerminalDisplay = {
      print(entries) {
        let out = eraseEditArea(cursorRow);
        for (const entry of entries) out += `${entryAnsi(entry)}\r\n`;
        const drawn = drawEditArea(area(), term.cols);
        cursorRow = drawn.cursorRow;
        write(out + drawn.output);
      },
      clear() {
        // Through write(), so it happens in order with everything written before.
        const drawn = drawEditArea(area(), term.cols);
        cursorRow = drawn.cursorRow;
        write(`\x1b[H\x1b[2J\x1b[3J${drawn.output}`);
      },
      async type(line, skip) {
        editor.setText('');
        for (const ch of line) {
          if (skip()) break;
          editor.setText(editor.text + ch);
          redraw();
          if (!reduceMotion) await sleep(TYPING_DELAY_MS);
        }
        // The controller prints the line as an entry next; it redraws the edit area.
        editor.setText('');
      },
      hold: () => writer.hold(),
      release: () => writer.release(),
    };
    const detach = controller.attachDisplay(display);
    // A helper built a line (/plain, /login, /b64): put it on the prompt unless the reader is typing.
    // The stand-in may have put it on the shared editor already; then this only draws it.
    const stopOffers = controller.onPrompt((line) => {
      if (editor.offerUnlessTyping(line)) redraw();
    });
    performance.mark?.('smtp-terminal:xterm-ready');

    const data = term.onData((input) => {
      if (controller.getView().playing) {
        controller.skipPlayback();
        return;
      }
      dispatchEditorEvents(editor.handle(input), controller, () => display.clear());
      redraw();
    });

    // Escape then Tab (or Shift+Tab) leaves the terminal: Tab alone completes.
    let escaped = false;
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return true;
      if (event.key === 'Escape') {
        escaped = true;
        return false;
      }
      if (event.key === 'Tab' && escaped) {
        escaped = false;
        return false;
      }
      escaped = false;
      const mod = event.ctrlKey || event.metaKey;
      // Let the browser copy a selection and paste; xterm's own handlers take it from there.
      if (mod && event.key.toLowerCase() === 'c' && term.hasSelection()) return false;
      if (mod && event.key.toLowerCase() === 'v') return false;
      return true;
    });

    const resize = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        return;
      }
      cursorRow = Math.floor((columns(PROMPT) + columns(editor.text.slice(0, editor.cursor))) / Math.max(1, term.cols));
      redraw();
    });
    resize.observe(host);

    Object.defineProperty(host, 'terminalLines', { configurable: true, value: () => bufferLines(term) });

    return () => {
      writer.close();
      unquiet();
      resize.disconnect();
      data.dispose();
      stopOffers();
      detach();
      term.dispose();
      delete (host as { terminalLines?: unknown }).terminalLines;
    };
  }, [controller, editor, describedBy, onFailure]);

  return <div ref={hostRef} className="smtp-xterm" />;
}
