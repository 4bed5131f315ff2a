/**
 * The terminal's brain, free of React and xterm. It keeps two jobs for itself:
 * the job queue and the connection lifecycle (when to connect, what a greeting,
 * a reply or a lost worker leads to). Each other flow is a unit with its own
 * state and tests: the worker link (`SessionLink`), what the next connect uses
 * (`SessionPlan`), the transcript store, sharing, example playback, the goal,
 * the command history and render batching.
 *
 * Why one queue: lines arrive from typing, pasting, presets, examples and share
 * links, and must reach the server in order, each shown right before its replies.
 * Jobs (a line, a connect, a disconnect) run one at a time; a helper that starts a
 * new session puts its follow-up lines at the front, so nothing can interleave.
 *
 * The worker sends typed events (`host-events.ts`); every word printed about them
 * comes from `notes.ts`. Views subscribe to `getView()` snapshots (React's
 * useSyncExternalStore), may attach a `TerminalDisplay`, and take lines offered
 * for the prompt with `onPrompt`.
 */
import type { FailureKnob } from '../../simulator/config.ts';
import type { ControllerOptions, ControllerView, TerminalDisplay } from './controller-types.ts';
import { copyText } from './clipboard.ts';
import { CommandHistory, type RanLine } from './command-history.ts';
import { completeLine, completionContext, type CompletionContext } from './completion.ts';
import { ExamplePlayer } from './example-player.ts';
import { JobQueue, lineJobs, type Job, type LineJob } from './job-queue.ts';
import { GoalTracker } from './goal-tracker.ts';
import { HELPERS, isHelperLine, runHelper, type Helper, type HelperContext } from './helpers.ts';
import { nextHint } from './hints.ts';
import type { HostResult } from './host-events.ts';
import { NOTES } from './notes.ts';
import { portMode, type Port } from './ports.ts';
import type { Preset } from './presets.ts';
import { SessionEvents } from './session-events.ts';
import { SessionLink } from './session-link.ts';
import { SessionPlan } from './session-plan.ts';
import { ShareFlow } from './share-flow.ts';
import type { SharedSession } from './share.ts';
import { MAX_ENTRIES, TranscriptStore } from './transcript-store.ts';
import { ViewStore } from './view-store.ts';

export type { ConnectionStatus } from './hints.ts';
export type { ShareState } from './share-flow.ts';
export type { ControllerOptions, ControllerView, MessageView, TerminalDisplay } from './controller-types.ts';
export { MAX_ENTRIES };

export class TerminalController {
  /** The one command history, shared by the xterm view and the plain text box. */
  readonly history = new CommandHistory();
  private readonly transcript = new TranscriptStore(MAX_ENTRIES, () => this.changed());
  private readonly goal: GoalTracker;
  private readonly events: SessionEvents;
  private readonly player: ExamplePlayer;
  private readonly share: ShareFlow;
  private readonly store: ViewStore<ControllerView>;
  private readonly promptListeners = new Set<(line: string) => void>();
  private readonly link: SessionLink;
  private display: TerminalDisplay | null = null;
  private readonly queue = new JobQueue((job) => this.run(job), () => this.afterJob());
  private readonly plan: SessionPlan;
  private disposed = false;
  private readonly helpers: readonly Helper[];

  constructor(private readonly options: ControllerOptions) {
    this.helpers = options.helpers ?? HELPERS;
    this.plan = new SessionPlan(options.preset, { ...options, changed: () => this.changed() });
    this.link = new SessionLink(options.startSession, (reason) => this.lost(reason));
    this.goal = new GoalTracker(options.preset.goal);
    this.events = new SessionEvents(this.transcript, this.goal);
    this.player = new ExamplePlayer(options.examplePauseMs);
    this.share = new ShareFlow({
      note: (text) => this.transcript.note(text),
      copy: (text) => copyText(options.clipboard, text),
      changed: () => this.changed(),
      pageUrl: () => options.pageUrl?.() ?? 'http://localhost/simulator/',
      port: () => this.plan.port,
      presetId: options.preset.id,
    });
    this.store = new ViewStore(() => this.buildView());
  }

  // ---- for the views ----

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  getView = (): ControllerView => this.store.get();

  /** Mirrors entries to a display, starting with everything so far. */
  attachDisplay(display: TerminalDisplay): () => void {
    this.display = display;
    const detach = this.transcript.attach(display);
    return () => {
      detach();
      if (this.display === display) this.display = null;
    };
  }

  /** Takes lines a helper built for the prompt (`/plain`, `/login`, `/b64`); returns the unsubscribe. */
  onPrompt(listener: (line: string) => void): () => void {
    this.promptListeners.add(listener);
    return () => this.promptListeners.delete(listener);
  }

  get preset(): Preset {
    return this.options.preset;
  }

  /** An example is playing: keys skip ahead instead of editing. */
  get playing(): boolean {
    return this.player.active || this.queue.hasLines('example');
  }

  /** What Tab should complete against right now. */
  completionContext(): CompletionContext {
    return completionContext(this.link.status === 'open' ? this.events.snapshot?.state : undefined);
  }

  /** Tab: completes `text`; on an empty line, types the hint's command. */
  complete(text: string): { text?: string; options?: string[] } {
    return completeLine(text, this.completionContext(), this.store.get().hint, this.helpers);
  }

  // ---- user actions ----

  /** Sends lines (typed or pasted) in order; resolves when all queued work is done. */
  submit(lines: readonly string[]): Promise<void> {
    return this.queue.push(...lineJobs(lines, 'typed'));
  }

  /** Opens a new session; after a worker stopped, the transcript says a new one replaces it. */
  connect(note: string | undefined = this.link.status === 'dead' ? NOTES.reconnecting : undefined): Promise<void> {
    return this.queue.push(note ? { kind: 'connect', note } : { kind: 'connect' });
  }

  /** Drops queued lines (and any example playing) and hangs up. */
  disconnect(): Promise<void> {
    this.queue.clear();
    this.player.skip();
    return this.queue.push({ kind: 'disconnect' });
  }

  setPort(port: Port): Promise<void> {
    if (port === this.plan.port) return Promise.resolve();
    this.plan.port = port;
    return this.link.status === 'open' ? this.connect(NOTES.switchPort(port)) : Promise.resolve();
  }

  setFailures(failures: readonly FailureKnob[]): Promise<void> {
    this.plan.failures = failures;
    return this.link.status === 'open' ? this.connect(NOTES.failuresChanged) : Promise.resolve();
  }

  /** Replays a shared session's lines after the next connect, on the port it was made on. */
  replayOnConnect(shared: SharedSession): void {
    this.plan.replayOnConnect(shared);
  }

  /**
   * Lesson hook: `lines` are played for the reader after every greeting from now on,
   * in place of the preset's opening. A session already open starts over with them.
   */
  setLessonSetup(lines: readonly string[]): Promise<void> {
    this.plan.setSetup(lines);
    const { status } = this.link;
    return status === 'open' || status === 'connecting' ? this.connect() : Promise.resolve();
  }

  /** Ctrl+C: the line is dropped; inside DATA, explain how a message really ends. */
  interrupt(line: string): void {
    this.transcript.add([['local', `${line}^C`]]);
    if (this.link.status === 'open' && this.events.snapshot?.state === 'data') this.transcript.note(...NOTES.dataInterrupt);
  }

  showCompletions(options: readonly string[]): void {
    this.transcript.note(NOTES.completions(options));
  }

  /** Any key during an example: finish it without the typing animation. */
  skipPlayback(): void {
    this.player.skip();
  }

  async copyTranscript(): Promise<void> {
    const ok = await copyText(this.options.clipboard, this.transcript.text());
    this.transcript.note(ok ? NOTES.transcriptCopied(this.transcript.entries.length) : NOTES.copyRefused);
  }

  requestShare(): void {
    this.share.request();
  }

  confirmShare(useDemoCredentials: boolean): void {
    void this.share.confirm(useDemoCredentials);
  }

  cancelShare(): void {
    this.share.cancel();
  }

  dispose(): void {
    this.disposed = true;
    this.store.dispose();
    this.queue.stop();
    this.link.dispose();
    this.promptListeners.clear();
  }

  // ---- the queue ----

  /** Playback ends once its last line ran (or the queue was dropped). */
  private afterJob(): void {
    if (this.player.active && !this.queue.hasLines('example')) {
      this.player.stop();
      this.changed();
    }
  }

  private async run(job: Job): Promise<void> {
    if (job.kind === 'connect') await this.runConnect(job.note);
    else if (job.kind === 'disconnect') await this.runDisconnect();
    else await this.runLine(job);
  }

  private async runConnect(note?: string): Promise<boolean> {
    if (note) this.transcript.note(note);
    this.events.reset();
    this.share.reset();
    const greeting = this.link.connect({ port: this.plan.port, failures: this.plan.failures });
    this.changed();
    const result = await greeting;
    if (!result) return false;
    this.apply(result);
    if (this.link.status !== 'open') return false;
    const { jobs, replayed } = this.plan.followUp();
    if (replayed) {
      this.transcript.note(NOTES.replaying(replayed));
    }
    this.queue.unshift(...jobs);
    return true;
  }

  private async runDisconnect(): Promise<void> {
    if (!this.link.open) {
      this.link.closed();
      this.changed();
      return;
    }
    const result = await this.link.disconnect();
    if (!result) return;
    this.apply(result);
    this.link.closed();
    this.changed();
  }

  private async runLine(job: LineJob): Promise<void> {
    const state = this.link.status === 'open' ? this.events.snapshot?.state : undefined;
    const inData = state === 'data';
    if (!inData && isHelperLine(job.text)) {
      // A link only replays what was sent to the server; it never runs helpers.
      if (job.origin === 'replay') {
        this.transcript.note(NOTES.helperNotReplayed(job.text));
        return;
      }
      this.history.record({ text: job.text, origin: job.origin, phase: state === 'auth' ? 'auth' : 'command' });
      return this.runHelperLine(job.text, state === 'auth');
    }

    if (job.origin === 'example') await this.player.type(job.text, this.display ? (l, s) => this.display!.type(l, s) : null, () => this.disposed);

    if (!this.link.open) {
      this.transcript.add([['local', job.text]]);
      this.transcript.note(this.link.status === 'dead' ? NOTES.notSentDead : NOTES.notSentClosed);
      return;
    }

    const batch = inData ? this.queue.messageBatch(job) : [job];
    const phase: RanLine['phase'] = inData ? 'data' : state === 'auth' ? 'auth' : 'command';
    for (const line of batch) {
      const ran: RanLine = { text: line.text, origin: line.origin, phase };
      this.history.record(ran);
      this.share.record(ran);
    }
    // The reply normally follows within a few ms: the screen writes the line with it, in one
    // frame, and the panels render both after that frame (or everything at the hold's end).
    const display = this.display;
    display?.hold?.();
    this.store.hold(() => display?.release?.());
    this.transcript.add(batch.map((line) => ['client', line.text] as const));

    const result = await this.link.send(batch.map((line) => `${line.text}\r\n`).join(''));
    if (!result) return;
    this.apply(result, true);
    if (job.origin === 'example') await this.player.pause();
  }

  /** Echoes a `/helper` line and runs its row of the helper table; helpers never reach the server. */
  private async runHelperLine(text: string, authAnswer: boolean): Promise<void> {
    this.transcript.add([['local', text]]);
    const link = this.link;
    const context: HelperContext = {
      authAnswer,
      helpers: this.helpers,
      note: (...lines) => this.transcript.note(...lines),
      offer: (line) => {
        this.transcript.note(NOTES.onPrompt);
        this.promptListeners.forEach((listener) => listener(line));
      },
      newSession: () => this.runConnect(NOTES.newSession),
      copyTranscript: () => this.copyTranscript(),
      clearScreen: () => this.display?.clear(),
      share: () => this.share.request(),
      playExample: (name) => this.startExample(name),
      worker: (request) => (link.open ? link.call(request) : Promise.resolve(null)),
      get sessionOpen() {
        return link.open;
      },
    };
    await runHelper(text, context);
  }

  private async startExample(name: string): Promise<void> {
    await this.player.play(name, this.plan.scriptContext(), {
      connect: (note) => this.runConnect(note),
      enqueue: (lines) => this.queue.afterSessionLines(lineJobs(lines, 'example')),
    });
    this.changed();
  }

  // ---- events from the session ----

  /** `drawnFirst`: a reply to a line, which the screen paints before the panels update. */
  private apply(result: HostResult, drawnFirst = false): void {
    if (this.events.apply(result, this.link.status === 'open')) this.link.closed();
    // The reply ends any hold: the screen writes it with its client line, in this task.
    if (drawnFirst) this.store.emitAfterPaint();
    else this.store.emit();
  }

  /** The worker went away (the link has let go of it): drop what was queued and say so. */
  private lost(reason: string): void {
    if (this.disposed) return;
    this.queue.clear();
    this.player.stop();
    this.transcript.note(NOTES.stopped(reason));
  }

  // ---- helpers ----

  /** Something outside the self-reporting parts changed (the link, the session, playback). */
  private changed(): void {
    this.store.changed();
  }

  private buildView(): ControllerView {
    return {
      status: this.link.status,
      goneReason: this.link.goneReason,
      port: this.plan.port,
      failures: this.plan.failures,
      session: this.events.snapshot,
      entries: this.transcript.entries,
      messages: this.events.messages.list,
      hint: nextHint({ status: this.link.status, portMode: portMode(this.plan.port), snapshot: this.events.snapshot, lastReply: this.events.lastReply }),
      goal: this.goal.view(),
      playing: this.playing,
      lastReply: this.events.lastReply,
      share: this.share.state,
    };
  }
}
