/**
 * A readline-style line editor, pure: terminal input in, edits and commands out.
 *
 * xterm hands us raw input: typed characters, escape sequences for the arrow and
 * editing keys, and whole pasted texts whose lines end in CR. `parseInput` turns
 * that into keys; `LineEditor.handle` applies them to the line being typed and
 * reports what the caller must act on (a finished line, Ctrl+C, Ctrl+L, a list of
 * completions). Rendering lives in `line-render.ts`; neither touches the DOM.
 */
import { CommandHistory } from './command-history.ts';

export type Key =
  | { type: 'insert'; text: string }
  | { type: 'enter' }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'word-left' }
  | { type: 'word-right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'up' }
  | { type: 'down' }
  | { type: 'tab' }
  | { type: 'interrupt' }
  | { type: 'clear-screen' }
  | { type: 'kill-line' }
  | { type: 'kill-to-end' }
  | { type: 'delete-word' }
  | { type: 'escape' };

const CSI_KEYS: Readonly<Record<string, Key['type']>> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '1;5C': 'word-right',
  '1;5D': 'word-left',
  '1;3C': 'word-right',
  '1;3D': 'word-left',
};

const CONTROL_KEYS: Readonly<Record<string, Key['type']>> = {
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x03': 'interrupt',
  '\x0c': 'clear-screen',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x10': 'up',
  '\x0e': 'down',
  '\x15': 'kill-line',
  '\x0b': 'kill-to-end',
  '\x17': 'delete-word',
  '\x04': 'delete',
};

/**
 * Splits terminal input into keys. A CR LF pair is one Enter; unknown escape
 * sequences and other control characters are dropped, never inserted.
 */
export function parseInput(data: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ type: 'insert', text });
    text = '';
  };
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === '\x1b') {
      flush();
      const next = data[i + 1];
      if (next === '[' || next === 'O') {
        // CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, one final byte 0x40-0x7e.
        let j = i + 2;
        while (j < data.length && /[\x30-\x3f]/.test(data[j]!)) j++;
        while (j < data.length && /[\x20-\x2f]/.test(data[j]!)) j++;
        if (j >= data.length) {
          i = data.length;
          break;
        }
        const body = data.slice(i + 2, j + 1);
        const type = CSI_KEYS[body];
        if (type) keys.push({ type } as Key);
        i = j;
      } else if (next === 'b' || next === 'f') {
        keys.push({ type: next === 'b' ? 'word-left' : 'word-right' });
        i++;
      } else {
        keys.push({ type: 'escape' });
        if (next !== undefined && next >= ' ') i++; // Alt+key: drop the key
      }
      continue;
    }
    const control = CONTROL_KEYS[c];
    if (control) {
      flush();
      keys.push({ type: control } as Key);
      if (c === '\r' && data[i + 1] === '\n') i++;
      continue;
    }
    if (c < ' ' || (c >= '\x80' && c <= '\x9f')) continue;
    text += c;
  }
  flush();
  return keys;
}

/** What the completer found for the text before the cursor. */
export interface Completion {
  /** The replacement text, when the completer could extend it. */
  text?: string;
  /** Candidates to list, when more than one still fits. */
  options?: string[];
}

export type Completer = (text: string) => Completion;

export type EditorEvent =
  | { type: 'submit'; line: string }
  | { type: 'interrupt'; line: string }
  | { type: 'clear-screen' }
  | { type: 'completions'; options: string[] }
  | { type: 'escape' };


function isWordChar(c: string | undefined): boolean {
  return c !== undefined && c !== ' ';
}

/** The line being typed and its cursor; Up and Down browse a `CommandHistory` kept elsewhere. */
export class LineEditor {
  text = '';
  /** Cursor position in UTF-16 code units, always on a code point boundary. */
  cursor = 0;
  private offered = false;

  constructor(
    private readonly completer: Completer = () => ({}),
    readonly history: CommandHistory = new CommandHistory(),
  ) {}

  /** Applies raw terminal input; returns the events the caller must act on, in order. */
  handle(data: string): EditorEvent[] {
    const events: EditorEvent[] = [];
    for (const key of parseInput(data)) this.apply(key, events);
    return events;
  }

  /**
   * Puts a line built for the reader on the prompt (`/plain`, `/login`, `/b64`).
   * Enter sends it and editing keys edit it; typed text replaces it, as with a
   * selected suggestion, so typing on without looking never glues two lines together.
   */
  offer(text: string): void {
    this.setText(text);
    this.offered = true;
  }

  /**
   * Offers `text` unless the reader is typing something else: true when the line now
   * on the prompt is that offer (made now, or already made by another view of this editor).
   */
  offerUnlessTyping(text: string): boolean {
    if (this.text !== '' && !(this.offered && this.text === text)) return false;
    this.offer(text);
    return true;
  }

  /** True while the line is an untouched offer. */
  get isOffer(): boolean {
    return this.offered;
  }

  /**
   * A text box edited the line itself (typing, a caret move): take its text and
   * caret. An offer stays one only while the box still shows it whole and selected,
   * which is how a text box says "typing replaces this".
   */
  sync(text: string, cursor: number, wholeSelected: boolean): void {
    const keep = this.offered && wholeSelected && text === this.text;
    this.text = text;
    this.cursor = Math.max(0, Math.min(cursor, text.length));
    this.offered = keep;
  }

  /** Replaces the line, cursor at the end. */
  setText(text: string): void {
    this.text = text;
    this.cursor = text.length;
    this.offered = false;
  }

  private apply(key: Key, events: EditorEvent[]): void {
    if (this.offered) {
      this.offered = false;
      if (key.type === 'insert') this.setText('');
    }
    switch (key.type) {
      case 'insert':
        this.text = this.text.slice(0, this.cursor) + key.text + this.text.slice(this.cursor);
        this.cursor += key.text.length;
        return;
      case 'enter': {
        const line = this.text;
        this.reset();
        events.push({ type: 'submit', line });
        return;
      }
      case 'interrupt': {
        const line = this.text;
        this.reset();
        events.push({ type: 'interrupt', line });
        return;
      }
      case 'backspace':
        if (this.cursor > 0) {
          const from = this.stepBack(this.cursor);
          this.text = this.text.slice(0, from) + this.text.slice(this.cursor);
          this.cursor = from;
        }
        return;
      case 'delete':
        if (this.cursor < this.text.length) {
          this.text = this.text.slice(0, this.cursor) + this.text.slice(this.stepForward(this.cursor));
        }
        return;
      case 'left':
        this.cursor = this.stepBack(this.cursor);
        return;
      case 'right':
        this.cursor = this.stepForward(this.cursor);
        return;
      case 'word-left':
        this.cursor = this.wordStart(this.cursor);
        return;
      case 'word-right':
        this.cursor = this.wordEnd(this.cursor);
        return;
      case 'home':
        this.cursor = 0;
        return;
      case 'end':
        this.cursor = this.text.length;
        return;
      case 'up': {
        const line = this.history.back(this.text);
        if (line !== null) this.setText(line);
        return;
      }
      case 'down': {
        const line = this.history.forward();
        if (line !== null) this.setText(line);
        return;
      }
      case 'kill-line':
        this.text = this.text.slice(this.cursor);
        this.cursor = 0;
        return;
      case 'kill-to-end':
        this.text = this.text.slice(0, this.cursor);
        return;
      case 'delete-word': {
        const from = this.wordStart(this.cursor);
        this.text = this.text.slice(0, from) + this.text.slice(this.cursor);
        this.cursor = from;
        return;
      }
      case 'tab':
        return this.complete(events);
      case 'clear-screen':
        events.push({ type: 'clear-screen' });
        return;
      case 'escape':
        events.push({ type: 'escape' });
        return;
    }
  }

  private complete(events: EditorEvent[]): void {
    // Complete only at the end of the line: mid-line Tab would have to guess.
    if (this.cursor !== this.text.length) return;
    const found = this.completer(this.text);
    if (found.text !== undefined && found.text !== this.text) {
      this.setText(found.text);
    } else if (found.options && found.options.length > 1) {
      events.push({ type: 'completions', options: found.options });
    }
  }

  private reset(): void {
    this.text = '';
    this.cursor = 0;
    this.history.reset();
  }

  /** One code point back (a surrogate pair moves as one). */
  private stepBack(at: number): number {
    if (at <= 0) return 0;
    const low = this.text.charCodeAt(at - 1);
    if (at >= 2 && low >= 0xdc00 && low <= 0xdfff) {
      const high = this.text.charCodeAt(at - 2);
      if (high >= 0xd800 && high <= 0xdbff) return at - 2;
    }
    return at - 1;
  }

  private stepForward(at: number): number {
    if (at >= this.text.length) return this.text.length;
    const high = this.text.charCodeAt(at);
    if (high >= 0xd800 && high <= 0xdbff && at + 1 < this.text.length) return at + 2;
    return at + 1;
  }

  private wordStart(at: number): number {
    let i = at;
    while (i > 0 && !isWordChar(this.text[i - 1])) i--;
    while (i > 0 && isWordChar(this.text[i - 1])) i--;
    return i;
  }

  private wordEnd(at: number): number {
    let i = at;
    while (i < this.text.length && !isWordChar(this.text[i])) i++;
    while (i < this.text.length && isWordChar(this.text[i])) i++;
    return i;
  }
}
