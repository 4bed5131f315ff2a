/**
 * The command history, and the one rule for what goes into it: lines the reader
 * typed while the server was reading commands. Message text (after DATA) and
 * answers to AUTH challenges are not commands, so Up never brings them back.
 *
 * The controller owns one history and records lines as they run (when their phase
 * is known for sure); the xterm view and the plain text box both browse it, so
 * switching between them keeps it.
 */
import type { LineOrigin } from './job-queue.ts';

export const HISTORY_LIMIT = 200;

/** Where a line came from and what the server was reading when it ran. */
export interface RanLine {
  text: string;
  origin: LineOrigin;
  phase: 'command' | 'auth' | 'data';
}

/** The rule: only commands the reader typed (helpers included). */
export function belongsInHistory(line: RanLine): boolean {
  return line.origin === 'typed' && line.phase === 'command' && line.text.trim() !== '';
}

export class CommandHistory {
  private lines: string[] = [];
  /** Index while browsing; lines.length means "the line being typed". */
  private at = 0;
  private draft = '';

  /** Records a line that ran, if the rule lets it in. */
  record(line: RanLine): void {
    if (belongsInHistory(line)) this.add(line.text);
  }

  /** Adds a line as is (no duplicates in a row, no blank lines). */
  add(text: string): void {
    if (text.trim() !== '' && this.lines.at(-1) !== text) {
      this.lines.push(text);
      if (this.lines.length > HISTORY_LIMIT) this.lines.shift();
    }
    this.reset();
  }

  get entries(): readonly string[] {
    return this.lines;
  }

  /** Up: the previous line, keeping `current` as the draft to come back to; null at the oldest. */
  back(current: string): string | null {
    if (this.at === 0 || this.lines.length === 0) return null;
    if (this.at >= this.lines.length) {
      this.draft = current;
      this.at = this.lines.length;
    }
    this.at--;
    return this.lines[this.at]!;
  }

  /** Down: the next line, or the draft after the newest; null when not browsing. */
  forward(): string | null {
    if (this.at >= this.lines.length) return null;
    this.at++;
    return this.at === this.lines.length ? this.draft : this.lines[this.at]!;
  }

  /** Stops browsing: the next Up starts from the newest line again. */
  reset(): void {
    this.at = this.lines.length;
    this.draft = '';
  }
}
