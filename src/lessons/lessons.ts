/**
 * Guided lessons for the terminal. Each lesson starts from a setup the terminal
 * plays for the reader, states its objectives, checks each step against what the
 * session has done (reply names and state, never wording), explains why a step
 * mattered and why a mistake failed, and ends with a recap.
 * Pure data and functions: the island feeds observations in, tests can too.
 */
import type { MessageRecord, ReplyName } from '../../simulator/index.ts';
import type { Lesson, LessonObservation } from './lesson-types.ts';
import { DEEPER_LESSONS } from './lessons-deeper.ts';
import { ESSENTIAL_LESSONS } from './lessons-essentials.ts';

export type { Lesson, LessonLevel, LessonObservation, LessonStep } from './lesson-types.ts';
export { LEVELS } from './lesson-types.ts';
export { COMMON_MISTAKES } from './lesson-kit.ts';

export const LESSONS: readonly Lesson[] = [...ESSENTIAL_LESSONS, ...DEEPER_LESSONS];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** What a terminal view shows, read as a lesson observation: names and state, never reply text. */
export function observationOf(view: {
  session: LessonObservation['snapshot'] | null;
  entries: readonly { reply?: ReplyName }[];
  messages: readonly { record: MessageRecord }[];
}): LessonObservation | null {
  if (!view.session) return null;
  return {
    snapshot: view.session,
    replies: view.entries.flatMap((e) => (e.reply ? [e.reply] : [])),
    records: view.messages.map((m) => m.record),
  };
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
