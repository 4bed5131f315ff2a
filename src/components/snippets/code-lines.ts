/**
 * Line-by-line rendering of highlighted code, so one line can be marked (the line that
 * holds or reads the token). highlight.js output is only `<span class="...">`, `</span>`
 * and escaped text, and a span can run across lines (a block comment), so each line
 * closes the spans still open at its end and the next line opens them again.
 */
export function splitHighlightedLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let current = '';
  for (const [piece] of html.matchAll(/<span[^>]*>|<\/span>|\n|[^<\n]+/g)) {
    if (piece === '\n') {
      lines.push(current + '</span>'.repeat(open.length));
      current = open.join('');
    } else {
      if (piece.startsWith('<span')) open.push(piece);
      else if (piece === '</span>') open.pop();
      current += piece;
    }
  }
  lines.push(current + '</span>'.repeat(open.length));
  return lines;
}

/** Indexes of the source lines that contain `needle`; none for an empty needle. */
export function linesContaining(code: string, needle: string): Set<number> {
  const found = new Set<number>();
  if (needle === '') return found;
  code.split('\n').forEach((line, n) => {
    if (line.includes(needle)) found.add(n);
  });
  return found;
}
