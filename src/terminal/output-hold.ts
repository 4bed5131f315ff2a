/**
 * Holds what the screen would draw right after Enter (the line moving up, a fresh
 * prompt) until the reply arrives, usually a few ms later, so the line and its
 * reply are drawn in one frame rather than the reply waiting a frame behind it.
 * A slow reply lets go after `ms`: the line never waits longer than that.
 */
import type { SessionState } from '../../simulator/index.ts';

/**
 * Whether the server answers this line at once, so holding the screen for the reply pays.
 * Lines of a message's text get no reply until the lone dot: they are drawn straight away.
 */
export function replyExpected(state: SessionState | undefined, line: string): boolean {
  return state !== 'data' || line === '.';
}

export class OutputHold {
  private held = '';
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly write: (data: string) => void,
    private readonly ms = 40,
  ) {}

  /** Starts holding (a line was sent); holding already, the deadline stays. */
  hold(): void {
    this.timer ??= setTimeout(() => this.release(), this.ms);
  }

  /** Writes now, or after what is held, in order. */
  out(data: string): void {
    if (this.timer === null) this.write(data);
    else this.held += data;
  }

  /** Writes everything held, in one piece, and stops holding. */
  release(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const data = this.held;
    this.held = '';
    if (data) this.write(data);
  }
}
