/**
 * The shapes the terminal's views see: the controller's snapshot, the display a
 * view attaches, and the controller's options. Types only.
 */
import type { FailureKnob } from '../../simulator/config.ts';
import type { ReplyName, SessionSnapshot } from '../../simulator/index.ts';
import type { Helper } from './helpers.ts';
import type { ConnectionStatus, Hint } from './hints.ts';
import type { MessageView } from './message-log.ts';
import type { Port } from './ports.ts';
import type { Preset } from './presets.ts';
import type { ShareState } from './share-flow.ts';
import type { SharedSession } from './share.ts';
import type { SessionApi } from './worker-client.ts';
import type { TranscriptEntry } from './transcript.ts';

export type { MessageView } from './message-log.ts';

/** Where entries are mirrored: the xterm view implements this. */
export interface TerminalDisplay {
  /** Prints entries above the line being edited. */
  print(entries: readonly TranscriptEntry[]): void;
  /** Clears the screen (the transcript keeps everything). */
  clear(): void;
  /** Shows `line` being typed; resolves when done, or at once when `skip()` turns true. */
  type(line: string, skip: () => boolean): Promise<void>;
  /** A line went to the server: keep what is written until `release` (its reply), to draw both in one frame. */
  hold?(): void;
  /** Writes what was kept since `hold`, in one go. */
  release?(): void;
}

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
  /** The helper table (default: `HELPERS`); tests add rows. */
  helpers?: readonly Helper[];
}
