/**
 * What a reader does at the keyboard, step by step: type a line and press Enter,
 * press a key alone (Enter, to send a line a helper put on the prompt), or type a
 * block of lines with Enter after each. Lesson steps and the way back from a stuck
 * session are written with these, so every key a reader needs is named on the page,
 * and a test can follow the page literally.
 */
export type Keystroke =
  /** Type `text`, then press Enter; an empty text is Enter on an empty line. `then` says what happens. */
  | { kind: 'line'; text: string; then?: string }
  /** Press `key` alone, e.g. Enter to send the line a helper put on the prompt. */
  | { kind: 'key'; key: 'Enter'; then?: string }
  /** Type each line and press Enter after it (a message's headers, blank line, body and dot). */
  | { kind: 'lines'; lines: readonly string[] };

export const typeLine = (text: string, then?: string): Keystroke => ({ kind: 'line', text, ...(then ? { then } : {}) });
export const press = (key: 'Enter', then?: string): Keystroke => ({ kind: 'key', key, ...(then ? { then } : {}) });
export const typeLines = (lines: readonly string[]): Keystroke => ({ kind: 'lines', lines });

/** A helper that builds a line (`/plain`, `/login`): type it, press Enter, then Enter again to send what it offers. */
export function helperThenSend(helper: string, offered: string): Keystroke[] {
  return [typeLine(helper, `${offered} appears on the prompt, selected`), press('Enter', 'to send it')];
}

/** AUTH LOGIN as a reader does it: the command, then /login for the username and again for the password. */
export const AUTH_LOGIN_KEYS: readonly Keystroke[] = [
  typeLine('AUTH LOGIN', 'the server answers 334 and asks for the username'),
  ...helperThenSend('/login', 'the token in base64'),
  typeLine('/login', 'the same answer appears again, now for the password'),
  press('Enter', 'to send it'),
];

/** The keystrokes as plain text, one sentence each: for tests and for anything that cannot show markup. */
export function keystrokeText(keys: readonly Keystroke[]): string {
  return keys
    .map((k) => {
      if (k.kind === 'key') return `Press ${k.key}${k.then ? ` ${k.then}` : ''}.`;
      if (k.kind === 'lines') return `Type each line, pressing Enter after it: ${k.lines.map((l) => (l === '' ? '(empty line)' : l)).join(' / ')}.`;
      return k.text === '' ? 'Press Enter on an empty line.' : `Type ${k.text} and press Enter${k.then ? `: ${k.then}` : ''}.`;
    })
    .join(' ');
}

