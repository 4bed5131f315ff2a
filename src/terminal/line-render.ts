/**
 * Draws the line being edited, pure: given the prompt, the text, the cursor and
 * the terminal width, it returns the escape sequences that redraw the edit area
 * and put the cursor where it belongs, even when the line wraps over several rows.
 *
 * The edit area always starts at column 0 of a row. The caller remembers the row
 * the cursor was left on (`cursorRow`, counted from the area's first row) and
 * passes it back on the next call so the area can be found again.
 */

/** Terminal columns a string takes. Counts code points; wide characters are not special-cased. */
export function columns(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export interface EditArea {
  /** Prompt as printed (may contain colour codes). */
  prompt: string;
  /** Columns the prompt takes. */
  promptWidth: number;
  /** Already escaped for display: no control characters. */
  text: string;
  /** Cursor offset in `text`, in code points. */
  cursor: number;
}

export interface Rendered {
  output: string;
  /** Row of the cursor, from the edit area's first row. */
  cursorRow: number;
}

/** Moves from the cursor's row up to the edit area's first row, column 0, and erases from there down. */
export function eraseEditArea(cursorRow: number): string {
  return `${cursorRow > 0 ? `\x1b[${cursorRow}A` : ''}\r\x1b[J`;
}

/** Writes the edit area from its first row (cursor at column 0 there) and places the cursor. */
export function drawEditArea(area: EditArea, cols: number): Rendered {
  const width = Math.max(1, cols);
  const end = area.promptWidth + columns(area.text);
  let output = area.prompt + area.text;
  // At an exact multiple of the width the terminal waits to wrap; force the wrap so
  // the cursor sits at column 0 of the next row, where the arithmetic below expects it.
  if (end > 0 && end % width === 0) output += ' \r';
  const endRow = Math.floor(end / width);
  const target = area.promptWidth + area.cursor;
  const targetRow = Math.floor(target / width);
  const targetCol = target % width;
  const up = endRow - targetRow;
  if (up > 0) output += `\x1b[${up}A`;
  output += '\r';
  if (targetCol > 0) output += `\x1b[${targetCol}C`;
  return { output, cursorRow: targetRow };
}

/** Erase then draw: one redraw of the edit area. */
export function redrawEditArea(area: EditArea, cols: number, previousCursorRow: number): Rendered {
  const drawn = drawEditArea(area, cols);
  return { output: eraseEditArea(previousCursorRow) + drawn.output, cursorRow: drawn.cursorRow };
}
