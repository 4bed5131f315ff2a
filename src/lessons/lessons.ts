/**
 * Guided lessons for the terminal. Each lesson starts from a setup the terminal
 * plays for the reader, states its objectives, checks each step against what the
 * session has done (reply names and state, never wording), explains why a step
 * mattered and why a mistake failed, and ends with a recap.
 * Pure data and functions: the island feeds observations in, tests can too.
 */
import type { MessageRecord, ReplyName } from '../../simulator/index.ts';
import { detourFor, type Detour, type DetourInput } from './detour.ts';
import type { Lesson, LessonObservation, LessonStep } from './lesson-types.ts';
import { DEEPER_LESSONS } from './lessons-deeper.ts';
import { ESSENTIAL_LESSONS } from './lessons-essentials.ts';

export type { Lesson, LessonLevel, LessonObservation, LessonStep } from './lesson-types.ts';
export { LEVELS } from './lesson-types.ts';
export { COMMON_MISTAKES } from './lesson-kit.ts';
export type { Detour, Stage } from './detour.ts';

export const LESSONS: readonly Lesson[] = [...ESSENTIAL_LESSONS, ...DEEPER_LESSONS];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** Where a lesson run began: the last transcript entry and message before it (0 for none). */
export interface RunStart {
  entry: number;
  message: number;
}
export const FROM_THE_START: RunStart = { entry: 0, message: 0 };

/**
 * What a terminal view shows, read as a lesson observation: names and state, never
 * reply text. Only what came after `since` counts, so a lesson started over does not
 * see the replies and messages of the run before.
 */
export function observationOf(
  view: {
    session: LessonObservation['snapshot'] | null;
    entries: readonly { id: number; reply?: ReplyName }[];
    messages: readonly { n: number; record: MessageRecord }[];
  },
  since: RunStart = FROM_THE_START,
): LessonObservation | null {
  if (!view.session) return null;
  return {
    snapshot: view.session,
    replies: view.entries.flatMap((e) => (e.reply && e.id > since.entry ? [e.reply] : [])),
    records: view.messages.flatMap((m) => (m.n > since.message ? [m.record] : [])),
  };
}

/** True when the step's own keystrokes go through a message (DATA, a message's lines, the final dot). */
function goesThroughMessage(step: LessonStep): boolean {
  return step.keys.some((k) => k.kind === 'lines' || (k.kind === 'line' && (k.text.toUpperCase() === 'DATA' || k.text === '.')));
}

/** The id of the last server line that refused something (a 4xx or 5xx reply), 0 for none. */
export function lastRefusal(entries: readonly { id: number; code?: number }[]): number {
  for (let i = entries.length - 1; i >= 0; i--) if ((entries[i]!.code ?? 0) >= 400) return entries[i]!.id;
  return 0;
}

/**
 * What the reader missed for step `index`, and the way back; null when the step can be
 * done from here. When the step's own needs are met but a command was refused since the
 * step began (e.g. MAIL typed over the offered AUTH line), the way to what the next step
 * needs: that is where the refused command was trying to go.
 */
export function stepDetour(lesson: Lesson, index: number, input: Omit<DetourInput, 'withinMessage'>, refusedSinceStepBegan: boolean): Detour | null {
  const step = lesson.steps[index];
  if (!step) return null;
  const withinMessage = goesThroughMessage(step);
  const own = detourFor(step.needs, { ...input, withinMessage });
  const next = lesson.steps[index + 1];
  if (own || !refusedSinceStepBegan || !next) return own;
  return detourFor(next.needs, { ...input, withinMessage });
}

/** How many steps are done: steps complete in order, each checked against everything so far. */
export function completedSteps(lesson: Lesson, o: LessonObservation, alreadyDone = 0): number {
  let n = Math.min(alreadyDone, lesson.steps.length);
  while (n < lesson.steps.length && lesson.steps[n]!.done(o)) n++;
  return n;
}

/** Why the last reply was a mistake, when the lesson (or the common list) explains it. */
export function feedbackFor(lesson: Lesson, lastReply: ReplyName | null | undefined): string | null {
  return lastReply ? (lesson.mistakes[lastReply] ?? null) : null;
}
