/**
 * The terminal's brain, free of React and xterm: it owns the session (through a
 * `SessionApi`, normally the worker), the transcript, the messages for the
 * inspector, the hint and the goal, and it runs every line through one queue.
 *
 * Why one queue: lines arrive from typing, pasting, presets, examples and share
 * links, and must reach the server in order, each shown right before its replies.
 * Jobs (a line, a connect, a disconnect) run one at a time; a helper that starts a
 * new session puts its follow-up lines at the front, so nothing can interleave.
 *
 * The view layer subscribes to `getView()` snapshots (React's
 * useSyncExternalStore) and may attach a `TerminalDisplay` to mirror entries.
 */
import {
  DEMO_DOMAIN,
  DEMO_TOKEN,
  type FailureKnob,
  type MessageRecord,
  type ReplyName,
  type SessionSnapshot,
} from '../../simulator/index.ts';
import { curlCommand, tokenForDomain } from './api-request.ts';
import { complete, type CompletionContext } from './completion.ts';
import { findExample, type ScriptContext } from './examples.ts';
import { isHelperLine, runHelper, type HelperAction } from './helpers.ts';
import { nextHint, type ConnectionStatus, type Hint } from './hints.ts';
import { portMode, type Port } from './ports.ts';
import { goalReached, type Preset } from './presets.ts';
import type { HostResult } from './session-host.ts';
import { findCredentials, shareUrl, withDemoCredentials, type CredentialFinding, type SentLine, type SharedSession } from './share.ts';
import { splitLines, transcriptText, type EntryKind, type TranscriptEntry } from './transcript.ts';
import { WorkerGoneError, type SessionApi } from './worker-client.ts';

export type { ConnectionStatus } from './hints.ts';

/** Where entries are mirrored: the xterm view implements this. */
export interface TerminalDisplay {
  /** Prints entries above the line being edited. */
  print(entries: readonly TranscriptEntry[]): void;
  /** Clears the screen (the transcript keeps everything). */
  clear(): void;
  /** Shows `line` being typed; resolves when done, or at once when `skip()` turns true. */
  type(line: string, skip: () => boolean): Promise<void>;
}

export interface MessageView {
  n: number;
  record: MessageRecord;
  raw: string | null;
  /** The equivalent HTTPS API request. */
  curl: string;
}

export type ShareState =
  | { status: 'idle' }
  | { status: 'confirm'; findings: CredentialFinding[] }
  | { status: 'ready'; url: string; demoCredentials: boolean };

export interface ControllerView {
  status: ConnectionStatus;
  goneReason: string | null;
  port: Port;
  failures: readonly FailureKnob[];
  session: SessionSnapshot | null;
  entries: readonly TranscriptEntry[];
  messages: readonly MessageView[];
  hint: Hint;
  goal: { text: string; reached: boolean } | null;
  playing: boolean;
  /** The catalogue name of the last reply received. */
  lastReply: ReplyName | null;
  share: ShareState;
}

export interface ControllerOptions {
  preset: Preset;
  /** Overrides the preset's port. */
  port?: Port;
  /** Overrides the preset's failure knobs. */
  failures?: readonly FailureKnob[];
  /** Starts a session (normally a worker); `onGone` fires if it crashes or stops answering. */
  startSession: (onGone: (reason: string) => void) => SessionApi;
  clipboard?: (text: string) => Promise<void>;
  /** The page address share links point to. */
  pageUrl?: () => string;
  /** Lines from a share link, replayed after the first connect. */
  replay?: SharedSession | null;
  /** Pause after each line of an example, in ms. */
  examplePauseMs?: number;
}

type LineOrigin = 'typed' | 'opening' | 'example' | 'replay';

type Job =
  | { kind: 'line'; text: string; origin: LineOrigin }
  | { kind: 'connect'; note?: string }
  | { kind: 'disconnect' };

/** Most entries kept; the oldest go first (a session this long is a runaway paste). */
export const MAX_ENTRIES = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TerminalController {
  private status: ConnectionStatus = 'idle';
  private goneReason: string | null = null;
  private port: Port;
  private failures: readonly FailureKnob[];
  private session: SessionSnapshot | null = null;
  private entries: TranscriptEntry[] = [];
  private messages: MessageView[] = [];
  private lastReply: ReplyName | null = null;
  private goalMet = false;
  private share: ShareState = { status: 'idle' };
  private sent: (SentLine & { origin: LineOrigin })[] = [];
  private api: SessionApi | null = null;
  private display: TerminalDisplay | null = null;
  private readonly listeners = new Set<() => void>();
  private view: ControllerView;
  private nextId = 1;
  private queue: Job[] = [];
  private draining: Promise<void> | null = null;
  private skipping = false;
  private exampleRunning = false;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private replay: SharedSession | null;
  private disposed = false;

  constructor(private readonly options: ControllerOptions) {
    this.port = options.port ?? options.preset.port;
    this.failures = options.failures ?? options.preset.failures;
    this.replay = options.replay ?? null;
    this.view = this.buildView();
  }

  // ---- for the view layer ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): ControllerView => this.view;

  /** Mirrors entries to a display, starting with everything so far. */
  attachDisplay(display: TerminalDisplay): () => void {
    this.display = display;
    if (this.entries.length) display.print(this.entries);
    return () => {
      if (this.display === display) this.display = null;
    };
  }

  get preset(): Preset {
    return this.options.preset;
  }

  /** An example is playing: keys skip ahead instead of editing. */
  get playing(): boolean {
    return this.exampleRunning || this.queue.some((j) => j.kind === 'line' && j.origin === 'example');
  }

  /** What Tab should complete against right now. */
  completionContext(): CompletionContext {
    if (this.status !== 'open' || !this.session) return 'command';
    if (this.session.state === 'data') return 'data';
    if (this.session.state === 'auth') return 'auth';
    return 'command';
  }

  complete(text: string): { text?: string; options?: string[] } {
    const context = this.completionContext();
    // Tab on an empty command line offers the hint's command.
    if (text === '' && context === 'command') {
      const command = this.view.hint.command;
      return command ? { text: command } : {};
    }
    return complete(text, context);
  }

  /** Lines typed now belong in the history (commands, not message text or credentials). */
  isCommandContext(): boolean {
    return this.completionContext() === 'command';
  }

  // ---- user actions ----

  /** Sends lines (typed or pasted) in order; resolves when all queued work is done. */
  submit(lines: readonly string[]): Promise<void> {
    for (const text of lines) this.queue.push({ kind: 'line', text, origin: 'typed' });
    return this.drain();
  }

  connect(note?: string): Promise<void> {
    this.queue.push(note ? { kind: 'connect', note } : { kind: 'connect' });
    return this.drain();
  }

  /** Drops queued lines (and any example playing) and hangs up. */
  disconnect(): Promise<void> {
    this.queue = [];
    this.skipping = true;
    this.queue.push({ kind: 'disconnect' });
    return this.drain();
  }

  setPort(port: Port): Promise<void> {
    if (port === this.port) return Promise.resolve();
    this.port = port;
    this.emit();
    return this.status === 'open' ? this.connect(`[Switching to port ${port}: new session]`) : Promise.resolve();
  }

  setFailures(failures: readonly FailureKnob[]): Promise<void> {
    this.failures = [...failures];
    this.emit();
    return this.status === 'open' ? this.connect('[Failure settings changed: new session]') : Promise.resolve();
  }

  /** Replays a shared session's lines after the next connect, on the port it was made on. */
  replayOnConnect(shared: SharedSession): void {
    this.replay = shared;
    this.port = shared.port;
    this.emit();
  }

  /** Ctrl+C: the line is dropped; inside DATA, explain how a message really ends. */
  interrupt(line: string): void {
    const texts: [EntryKind, string][] = [['local', `${line}^C`]];
    if (this.status === 'open' && this.session?.state === 'data') {
      texts.push(
        ['note', 'You are inside DATA: the server takes every line as message text until a line with only a dot (.).'],
        ['note', 'SMTP cannot cancel DATA: type . to finish (the server will judge the message), or Disconnect to drop it.'],
      );
    }
    this.addEntries(texts);
    this.emit();
  }

  showCompletions(options: readonly string[]): void {
    this.addEntries([['note', `Completions: ${options.join('  ')}`]]);
    this.emit();
  }

  /** Any key during an example: finish it without the typing animation. */
  skipPlayback(): void {
    this.skipping = true;
  }

  async copyTranscript(): Promise<void> {
    await this.copy(transcriptText(this.entries), `[Transcript copied: ${this.entries.length} lines]`);
  }

  /** Makes a share link, or asks first when the lines hold credentials other than the demo token. */
  requestShare(): void {
    const lines = this.shareableLines();
    if (!lines.length) {
      this.addEntries([['note', 'Nothing to share yet: send a few commands first.']]);
      this.emit();
      return;
    }
    const findings = findCredentials(lines);
    if (findings.length) {
      this.share = { status: 'confirm', findings };
      this.addEntries([['note', '[Share link: your lines hold credentials that are not the demo token. Choose below.]']]);
      this.emit();
      return;
    }
    this.finishShare(false);
  }

  /** After the warning: `true` swaps in the demo token, `false` shares the lines as they are. */
  confirmShare(useDemoCredentials: boolean): void {
    this.finishShare(useDemoCredentials);
  }

  cancelShare(): void {
    this.share = { status: 'idle' };
    this.emit();
  }

  dispose(): void {
    this.disposed = true;
    if (this.emitTimer !== null) clearTimeout(this.emitTimer);
    this.queue = [];
    this.api?.dispose();
    this.api = null;
    this.listeners.clear();
  }

  // ---- the queue ----

  private drain(): Promise<void> {
    if (!this.draining) {
      this.draining = (async () => {
        try {
          while (this.queue.length && !this.disposed) {
            await this.run(this.queue.shift()!);
            if (this.exampleRunning && !this.queue.some((j) => j.kind === 'line' && j.origin === 'example')) {
              this.exampleRunning = false;
              this.skipping = false;
              this.emit();
            }
          }
        } finally {
          this.draining = null;
        }
      })();
    }
    return this.draining;
  }

  private async run(job: Job): Promise<void> {
    switch (job.kind) {
      case 'connect':
        await this.runConnect(job.note);
        return;
      case 'disconnect':
        return this.runDisconnect();
      case 'line':
        return this.runLine(job);
    }
  }

  private async runConnect(note?: string): Promise<boolean> {
    if (note) this.addEntries([['note', note]]);
    if (!this.api) {
      this.api = this.options.startSession((reason) => this.onGone(reason));
    }
    this.status = 'connecting';
    this.goneReason = null;
    this.session = null;
    this.lastReply = null;
    this.sent = [];
    this.share = { status: 'idle' };
    this.emit();
    const api = this.api;
    try {
      const result = await api.connect({ port: this.port, failures: this.failures });
      if (this.api !== api) return false;
      this.status = 'open';
      this.apply(result);
    } catch (error) {
      this.failed(error);
      return false;
    }
    if (this.status !== 'open') return false;
    const ctx = this.scriptContext();
    const front: Job[] = this.options.preset.opening(ctx).map((text) => ({ kind: 'line', text, origin: 'opening' }));
    if (this.replay) {
      const { lines } = this.replay;
      this.replay = null;
      this.addEntries([['note', `[Replaying ${lines.length} client line${lines.length === 1 ? '' : 's'} from a shared link]`]]);
      this.emit();
      front.push(...lines.map((text): Job => ({ kind: 'line', text, origin: 'replay' })));
    }
    this.queue.unshift(...front);
    return true;
  }

  private async runDisconnect(): Promise<void> {
    this.skipping = false;
    if (!this.api || this.status !== 'open') {
      if (this.status === 'open' || this.status === 'connecting') this.status = 'closed';
      this.emit();
      return;
    }
    try {
      const result = await this.api.disconnect();
      this.apply(result);
      this.status = 'closed';
      this.emit();
    } catch (error) {
      this.failed(error);
    }
  }

  private async runLine(job: Extract<Job, { kind: 'line' }>): Promise<void> {
    const inData = this.status === 'open' && this.session?.state === 'data';
    if (!inData && isHelperLine(job.text)) {
      // A link only replays what was sent to the server; it never runs helpers.
      if (job.origin === 'replay') {
        this.addEntries([['note', `Skipped "${job.text}" from the shared link: helpers are not replayed.`]]);
        this.emit();
        return;
      }
      return this.runHelperLine(job.text);
    }

    if (job.origin === 'example' && this.display && !this.skipping) {
      await this.display.type(job.text, () => this.skipping || this.disposed);
    }

    if (this.status !== 'open' || !this.api) {
      this.addEntries([
        ['local', job.text],
        ['note', this.status === 'dead' ? 'Not sent: the simulator stopped. Press Reconnect.' : 'Not sent: not connected. Press Connect, or type /reset.'],
      ]);
      this.emit();
      return;
    }

    // Message text goes as one chunk up to the final dot: that is how a client
    // pipelines DATA, and it keeps a pasted message fast.
    const batch: Extract<Job, { kind: 'line' }>[] = [job];
    if (inData) {
      while (batch.at(-1)!.text !== '.' && this.queue[0]?.kind === 'line' && this.queue[0].origin === job.origin && job.origin !== 'example') {
        batch.push(this.queue.shift() as Extract<Job, { kind: 'line' }>);
      }
    }
    const phase: SentLine['phase'] = inData ? 'data' : this.session?.state === 'auth' ? 'auth' : 'command';
    for (const line of batch) this.sent.push({ text: line.text, phase, origin: line.origin });
    this.addEntries(batch.map((line) => ['client', line.text]));
    // The reply normally follows within a few ms and brings the line along in the same
    // render; only a slow reply gets the line rendered on its own first.
    this.emitSoon();

    const api = this.api;
    try {
      const result = await api.send(batch.map((line) => `${line.text}\r\n`).join(''));
      if (this.api !== api) return;
      this.apply(result);
    } catch (error) {
      this.failed(error);
      return;
    }
    if (job.origin === 'example' && !this.skipping) await sleep(this.options.examplePauseMs ?? 250);
  }

  private async runHelperLine(text: string): Promise<void> {
    const { lines, action } = runHelper(text);
    this.addEntries([['local', text], ...lines.map((l): [EntryKind, string] => ['note', l])]);
    this.emit();
    await this.runAction(action);
  }

  private async runAction(action: HelperAction): Promise<void> {
    switch (action.type) {
      case 'none':
        return;
      case 'reset':
        await this.runConnect('[New session]');
        return;
      case 'copy':
        await this.copyTranscript();
        return;
      case 'clear':
        this.display?.clear();
        return;
      case 'share':
        this.requestShare();
        return;
      case 'crash':
        if (!this.api || this.status !== 'open') {
          this.addEntries([['note', 'Connect first: there is no simulator worker to crash.']]);
          this.emit();
          return;
        }
        this.addEntries([['note', action.mode === 'hang' ? '[Debugging: freezing the simulator worker…]' : '[Debugging: crashing the simulator worker…]']]);
        this.emit();
        try {
          await this.api.crash(action.mode);
        } catch (error) {
          this.failed(error);
        }
        return;
      case 'example': {
        const example = findExample(action.name);
        if (!example) return;
        this.skipping = false;
        this.exampleRunning = true;
        const ok = await this.runConnect(`[Playing /example ${example.name} in a new session; press any key to skip ahead]`);
        if (!ok) {
          this.exampleRunning = false;
          this.emit();
          return;
        }
        // After the preset's opening lines (already at the front), before anything typed later.
        const openingCount = this.queue.findIndex((j) => !(j.kind === 'line' && (j.origin === 'opening' || j.origin === 'replay')));
        const at = openingCount === -1 ? this.queue.length : openingCount;
        this.queue.splice(at, 0, ...example.lines(this.scriptContext()).map((text): Job => ({ kind: 'line', text, origin: 'example' })));
        this.emit();
        return;
      }
    }
  }

  // ---- results ----

  private apply(result: HostResult): void {
    let closed = false;
    for (const event of result.events) {
      switch (event.kind) {
        case 'server':
          this.addEntries(event.lines.map((line): [EntryKind, string] => ['server', line]), { code: event.code, name: event.name });
          this.lastReply = event.name;
          this.checkGoal(event.name);
          break;
        case 'note':
          this.addEntries(splitLines(event.text).map((t): [EntryKind, string] => ['note', t]));
          break;
        case 'message': {
          const n = this.messages.length + 1;
          const token = tokenForDomain(result.snapshot.domain ?? DEMO_DOMAIN);
          this.messages = [...this.messages, { n, record: event.record, raw: event.raw, curl: curlCommand(event.record.payload, token) }];
          this.addEntries([['note', `[Message ${n} ${event.record.status}: see the inspector below]`]]);
          break;
        }
        case 'closed':
          closed = true;
          break;
      }
    }
    this.session = result.snapshot;
    if (closed || result.closed) {
      if (this.status === 'open') this.addEntries([['note', '[Connection closed by the server]']]);
      this.status = 'closed';
    }
    this.emit();
  }

  private checkGoal(reply: ReplyName): void {
    const goal = this.options.preset.goal;
    if (!goal || this.goalMet || !goalReached(goal, reply)) return;
    this.goalMet = true;
    this.addEntries([['note', `✓ Goal reached: ${goal.text}`]]);
  }

  private failed(error: unknown): void {
    if (error instanceof WorkerGoneError) {
      // onGone has already reported it (or the session was closed on purpose).
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.onGone(`the simulator failed (${message})`);
  }

  private onGone(reason: string): void {
    if (this.status === 'dead' || this.disposed) return;
    this.status = 'dead';
    this.goneReason = reason;
    this.queue = [];
    this.exampleRunning = false;
    const api = this.api;
    this.api = null;
    api?.dispose();
    this.addEntries([['note', `[Stopped: ${reason}. Press Reconnect to start a new session.]`]]);
    this.emit();
  }

  // ---- helpers ----

  private scriptContext(): ScriptContext {
    return { portMode: portMode(this.port), token: DEMO_TOKEN, domain: DEMO_DOMAIN };
  }

  private shareableLines(): SentLine[] {
    return this.sent.filter((l) => l.origin !== 'opening').map(({ text, phase }) => ({ text, phase }));
  }

  private finishShare(useDemoCredentials: boolean): void {
    const lines = this.shareableLines();
    const chosen = useDemoCredentials ? withDemoCredentials(lines) : lines;
    const base = this.options.pageUrl?.() ?? 'http://localhost/simulator/';
    const url = shareUrl(base, { port: this.port, preset: this.options.preset.id, lines: chosen.map((l) => l.text) });
    this.share = { status: 'ready', url, demoCredentials: useDemoCredentials };
    this.emit();
    void this.copy(url, `[Share link ready (${lines.length} client lines) and copied to the clipboard]`, '[Share link ready below; copy it from the box]');
  }

  private async copy(text: string, done: string, failed = '[Could not copy: the browser refused clipboard access]'): Promise<void> {
    let ok = false;
    try {
      if (this.options.clipboard) {
        await this.options.clipboard(text);
        ok = true;
      }
    } catch {
      ok = false;
    }
    this.addEntries([['note', ok ? done : failed]]);
    this.emit();
  }

  /** `reply` tags server lines with their reply's code and catalogue name. */
  private addEntries(items: readonly [EntryKind, string][], reply?: { code: number; name: ReplyName }): void {
    const added: TranscriptEntry[] = items.map(([kind, text]) => ({
      id: this.nextId++,
      kind,
      text,
      ...(kind === 'server' && reply ? { code: reply.code, reply: reply.name } : {}),
    }));
    let entries = [...this.entries, ...added];
    if (entries.length > MAX_ENTRIES) entries = entries.slice(entries.length - MAX_ENTRIES);
    this.entries = entries;
    this.display?.print(added);
  }

  private emitSoon(): void {
    if (this.emitTimer === null) this.emitTimer = setTimeout(() => this.emit(), 40);
  }

  private emit(): void {
    if (this.emitTimer !== null) {
      clearTimeout(this.emitTimer);
      this.emitTimer = null;
    }
    if (this.disposed) return;
    this.view = this.buildView();
    for (const listener of this.listeners) listener();
  }

  private buildView(): ControllerView {
    const goal = this.options.preset.goal;
    return {
      status: this.status,
      goneReason: this.goneReason,
      port: this.port,
      failures: this.failures,
      session: this.session,
      entries: this.entries,
      messages: this.messages,
      hint: nextHint({ status: this.status, portMode: portMode(this.port), snapshot: this.session, lastReply: this.lastReply }),
      goal: goal ? { text: goal.text, reached: this.goalMet } : null,
      playing: this.playing,
      lastReply: this.lastReply,
      share: this.share,
    };
  }
}
