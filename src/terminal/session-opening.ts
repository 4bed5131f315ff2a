/**
 * What runs right after each greeting: a lesson's setup lines or else the preset's
 * opening, then, once, the lines of a share link being replayed (each on the port
 * and preset it was made with; the controller sets those).
 */
import type { ScriptContext } from './examples.ts';
import { lineJobs, type LineJob } from './job-queue.ts';
import type { SharedSession } from './share.ts';

export class SessionOpening {
  private setup: readonly string[] | null = null;

  constructor(
    private readonly opening: (context: ScriptContext) => readonly string[],
    private replay: SharedSession | null = null,
  ) {}

  /** Lesson hook: `lines` replace the preset's opening from now on. */
  useSetup(lines: readonly string[]): void {
    this.setup = [...lines];
  }

  /** The next session replays `shared` after its opening. */
  replayNext(shared: SharedSession): void {
    this.replay = shared;
  }

  /** The jobs for a session that just greeted; `replayed` counts a share link's lines (null without one). */
  take(context: ScriptContext): { jobs: LineJob[]; replayed: number | null } {
    const jobs = lineJobs(this.setup ?? this.opening(context), 'opening');
    const replay = this.replay;
    this.replay = null;
    if (replay) jobs.push(...lineJobs(replay.lines, 'replay'));
    return { jobs, replayed: replay ? replay.lines.length : null };
  }
}
