/**
 * Example playback: `/example NAME` types a scripted session into a new session
 * at reading speed. This unit holds the playback state (playing, skipping) and
 * the pacing; the controller's queue carries the lines. Any key skips ahead: the
 * rest is sent at once, without the typing animation or the pauses.
 */
import { findExample, type ScriptContext } from './examples.ts';
import { NOTES } from './notes.ts';

/** Shows a line being typed; resolves when done, or at once when `skip()` turns true. */
export type TypeLine = (line: string, skip: () => boolean) => Promise<void>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ExamplePlayer {
  private running = false;
  private skipping = false;

  /** `pauseMs`: the pause after each line's replies, so a reader can follow. */
  constructor(private readonly pauseMs = 250) {}

  /**
   * Starts example `name`: opens a new session with `connect`, then hands its lines to
   * `enqueue`. Stops again when there is no such example or the session did not open.
   */
  async play(name: string, ctx: ScriptContext, hooks: { connect(note: string): Promise<boolean>; enqueue(lines: string[]): void }): Promise<void> {
    const example = findExample(name);
    if (!example) return;
    this.start();
    if (!(await hooks.connect(NOTES.examplePlaying(example.name)))) {
      this.stop();
      return;
    }
    hooks.enqueue(example.lines(ctx));
  }

  get active(): boolean {
    return this.running;
  }

  get skipped(): boolean {
    return this.skipping;
  }

  start(): void {
    this.running = true;
    this.skipping = false;
  }

  /** The last line ran (or playback was dropped). */
  stop(): void {
    this.running = false;
    this.skipping = false;
  }

  /** Any key during playback. */
  skip(): void {
    this.skipping = true;
  }

  /** Types the line on screen unless skipping; `stopped` ends it early (the terminal went away). */
  async type(line: string, typeLine: TypeLine | null, stopped: () => boolean): Promise<void> {
    if (!typeLine || this.skipping) return;
    await typeLine(line, () => this.skipping || stopped());
  }

  /** The pause after a line's replies, unless skipping. */
  async pause(): Promise<void> {
    if (!this.skipping && this.pauseMs > 0) await sleep(this.pauseMs);
  }
}
