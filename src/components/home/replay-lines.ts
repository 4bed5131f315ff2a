/**
 * Shortens a recorded session for the home page's replay: inside a multi-line reply
 * (EHLO's extension list) only the first and last lines stay, and the lines in between
 * become one gap entry that says how many were left out. Nothing is reworded.
 */
import type { TranscriptLine } from '../../../simulator/transcript.ts';

export type ReplayLine = TranscriptLine | { gap: number };

/** A reply line that another line of the same reply follows ("250-..."). */
const continues = (line: TranscriptLine) => line.from === 'S' && /^\d{3}-/.test(line.text);

export function compactReplay(lines: readonly TranscriptLine[]): ReplayLine[] {
  const out: ReplayLine[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!continues(line)) {
      out.push(line);
      i += 1;
      continue;
    }
    // A multi-line reply runs up to and including its first line without the dash.
    let end = i;
    while (end < lines.length - 1 && continues(lines[end]!)) end += 1;
    const middle = end - i - 1;
    if (middle > 0) out.push(line, { gap: middle }, lines[end]!);
    else out.push(...lines.slice(i, end + 1));
    i = end + 1;
  }
  return out;
}

/**
 * Pace of the replay's marker, in milliseconds: it stays on a client line about as long as
 * typing it would take, and passes server lines quickly, as a terminal session would run.
 */
export const PACE = { start: 400, perChar: 22, maxTyping: 900, afterClient: 300, perServerLine: 140 } as const;

export interface TimedLine {
  line: ReplayLine;
  /** When the line is exchanged, in ms from the start. */
  at: number;
  /** How long a client line takes to type; 0 for lines that arrive whole. */
  typing: number;
}

/** Client lines are typed at a steady speed; server lines and gaps arrive whole, one after another. */
export function replayTimeline(lines: readonly ReplayLine[]): TimedLine[] {
  let t: number = PACE.start;
  return lines.map((line) => {
    const typing = 'from' in line && line.from === 'C' ? Math.min(PACE.maxTyping, line.text.length * PACE.perChar) : 0;
    const timed = { line, at: t, typing };
    t += typing > 0 ? typing + PACE.afterClient : PACE.perServerLine;
    return timed;
  });
}
