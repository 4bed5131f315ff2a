/**
 * The terminal's job queue: lines, connects and disconnects run one at a time, in
 * order, so each line reaches the server after everything queued before it and
 * shows right before its replies. Follow-up lines of a new session (a preset's
 * opening, a share link's replay, an example) go in ahead of what was typed later.
 */
export type LineOrigin = 'typed' | 'opening' | 'example' | 'replay';
export type LineJob = { kind: 'line'; text: string; origin: LineOrigin };
export type Job = LineJob | { kind: 'connect'; note?: string } | { kind: 'disconnect' };

export const lineJobs = (lines: readonly string[], origin: LineOrigin): LineJob[] => lines.map((text) => ({ kind: 'line', text, origin }));

export class JobQueue {
  private jobs: Job[] = [];
  private draining: Promise<void> | null = null;
  private stopped = false;

  /** `run` carries out one job; `settled` runs after each one. */
  constructor(
    private readonly run: (job: Job) => Promise<void>,
    private readonly settled: () => void = () => undefined,
  ) {}

  /** Adds jobs at the end and runs the queue; resolves when it is empty. */
  push(...jobs: Job[]): Promise<void> {
    this.jobs.push(...jobs);
    return this.drain();
  }

  /** Puts jobs at the front: they run next. */
  unshift(...jobs: Job[]): void {
    this.jobs.unshift(...jobs);
  }

  /** Puts lines right after the new session's own lines (opening and replay), before anything typed. */
  afterSessionLines(jobs: readonly Job[]): void {
    const at = this.jobs.findIndex((j) => !(j.kind === 'line' && (j.origin === 'opening' || j.origin === 'replay')));
    this.jobs.splice(at === -1 ? this.jobs.length : at, 0, ...jobs);
  }

  /**
   * Message text after `first`, taken up to the final dot: a client pipelines DATA
   * as one chunk, and a pasted message stays fast. Examples go line by line, to be watched.
   */
  messageBatch(first: LineJob): LineJob[] {
    const batch = [first];
    if (first.origin === 'example') return batch;
    while (batch.at(-1)!.text !== '.') {
      const next = this.jobs[0];
      if (next?.kind !== 'line' || next.origin !== first.origin) break;
      batch.push(next);
      this.jobs.shift();
    }
    return batch;
  }

  hasLines(origin: LineOrigin): boolean {
    return this.jobs.some((j) => j.kind === 'line' && j.origin === origin);
  }

  /** Drops every job not started yet. */
  clear(): void {
    this.jobs = [];
  }

  /** Drops everything for good (the terminal went away). */
  stop(): void {
    this.stopped = true;
    this.jobs = [];
  }

  private drain(): Promise<void> {
    // With nothing to run, the loop below would end before `??=` stores its promise,
    // leaving a finished promise stored for good and every later push never run.
    if (!this.draining && (!this.jobs.length || this.stopped)) return Promise.resolve();
    this.draining ??= (async () => {
      try {
        while (this.jobs.length && !this.stopped) {
          await this.run(this.jobs.shift()!);
          this.settled();
        }
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }
}
