/**
 * The shape of a guided lesson. A lesson starts from a setup (lines the terminal
 * plays for the reader after connecting, so no lesson repeats another's steps),
 * then checks the reader's steps against names and session state only.
 */
import type { MessageRecord, ReplyName, SessionSnapshot } from '../../simulator/index.ts';
import type { Port } from '../terminal/ports.ts';
import type { Stage } from './detour.ts';
import type { Keystroke } from './keystrokes.ts';

/** What a step's check may look at: the live session and everything it said. */
export interface LessonObservation {
  snapshot: Pick<SessionSnapshot, 'state' | 'tls' | 'authenticated' | 'heloName' | 'envelope'>;
  /** The catalogue name of every server reply so far, oldest first: checks match names, never wording. */
  replies: readonly ReplyName[];
  /** Every finished message's record so far. */
  records: readonly MessageRecord[];
}

export interface LessonStep {
  goal: string;
  /** Exactly what to type and which keys to press: shown under the goal, every key named. */
  keys: readonly Keystroke[];
  /** Where the session must be for this step (what the step before it left): else the panel shows the way back. */
  needs: Stage;
  /** Why this step mattered: shown once it is done. */
  why: string;
  done: (o: LessonObservation) => boolean;
}

export type LessonLevel = 'beginner' | 'intermediate' | 'advanced';
export const LEVELS: readonly LessonLevel[] = ['beginner', 'intermediate', 'advanced'];

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  level: LessonLevel;
  port: Port;
  /** What the reader will be able to do afterwards. */
  objectives: string[];
  /** Lines played for the reader right after the greeting (may be empty). */
  setup: string[];
  /** One sentence on where the setup leaves the session; shown above the steps. */
  startsAt: string;
  steps: LessonStep[];
  /** Why a mistake failed, by reply name: shown when that reply arrives. */
  mistakes: Partial<Record<ReplyName, string>>;
  /** Shown when every step is done. */
  recap: string[];
  /** Lines the reader could type after the setup; the tests type exactly these. */
  practice: string[];
  /** The setup and the practice: everything a fresh session needs to finish the lesson. */
  solution: string[];
}
