/**
 * What the next connect uses: the port, the failure knobs, and the lines played
 * for the reader after the greeting — a lesson's set-up (or else the preset's
 * opening), then a share link's lines, once.
 */
import { DEMO_DOMAIN, DEMO_TOKEN, type FailureKnob } from '../../simulator/config.ts';
import type { ScriptContext } from './examples.ts';
import { lineJobs, type LineJob } from './job-queue.ts';
import { portMode, type Port } from './ports.ts';
import type { Preset } from './presets.ts';
import type { SharedSession } from './share.ts';

export interface SessionPlanOptions {
  port?: Port;
  failures?: readonly FailureKnob[];
  replay?: SharedSession | null;
  /** Hears of every change to the port or the knobs (the view store). */
  changed?: () => void;
}

/** The lines to run after a greeting, and how many of them a share link replays (0: none). */
export interface FollowUp {
  jobs: LineJob[];
  replayed: number;
}

export class SessionPlan {
  private currentPort: Port;
  private currentFailures: readonly FailureKnob[];
  private readonly changed: () => void;
  private replay: SharedSession | null;
  /** Set by a lesson: played after each greeting instead of the preset's opening. */
  private setupLines: readonly string[] | null = null;

  constructor(
    private readonly preset: Preset,
    options: SessionPlanOptions = {},
  ) {
    this.currentPort = options.port ?? preset.port;
    this.currentFailures = options.failures ?? preset.failures;
    this.replay = options.replay ?? null;
    this.changed = options.changed ?? (() => undefined);
  }

  get port(): Port {
    return this.currentPort;
  }

  set port(port: Port) {
    this.currentPort = port;
    this.changed();
  }

  get failures(): readonly FailureKnob[] {
    return this.currentFailures;
  }

  set failures(failures: readonly FailureKnob[]) {
    this.currentFailures = [...failures];
    this.changed();
  }

  /** Replays a shared session's lines after the next greeting, on the port it was made on. */
  replayOnConnect(shared: SharedSession): void {
    this.replay = shared;
    this.port = shared.port;
  }

  /** A lesson's lines, played after every greeting from now on. */
  setSetup(lines: readonly string[]): void {
    this.setupLines = [...lines];
  }

  /** What examples and presets fill their lines in with. */
  scriptContext(): ScriptContext {
    return { portMode: portMode(this.port), token: DEMO_TOKEN, domain: DEMO_DOMAIN };
  }

  /** The lines for a new greeting; a share link's lines are handed out once. */
  followUp(): FollowUp {
    const jobs = lineJobs(this.setupLines ?? this.preset.opening(this.scriptContext()), 'opening');
    const replayed = this.replay?.lines.length ?? 0;
    if (this.replay) jobs.push(...lineJobs(this.replay.lines, 'replay'));
    this.replay = null;
    return { jobs, replayed };
  }
}
