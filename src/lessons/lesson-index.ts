/**
 * What the lesson index shows: each lesson with its level and how far this
 * browser got, filtered by the level the reader picked. Plain data for the island.
 */
import { LESSONS, LEVELS, type LessonLevel } from './lessons.ts';
import type { Progress } from './progress.ts';

export type LevelChoice = LessonLevel | 'all';

export interface LessonCard {
  id: string;
  title: string;
  summary: string;
  level: LessonLevel;
  steps: number;
}

export type CardState = 'not started' | 'in progress' | 'done';

export const LESSON_CARDS: readonly LessonCard[] = LESSONS.map((l) => ({ id: l.id, title: l.title, summary: l.summary, level: l.level, steps: l.steps.length }));

export function isLevelChoice(value: unknown): value is LevelChoice {
  return value === 'all' || (LEVELS as readonly unknown[]).includes(value);
}

export function cardsFor(level: LevelChoice, cards: readonly LessonCard[] = LESSON_CARDS): LessonCard[] {
  return cards.filter((c) => level === 'all' || c.level === level);
}

export function stateOf(card: LessonCard, progress: Progress): CardState {
  const steps = progress[card.id] ?? 0;
  return steps >= card.steps ? 'done' : steps > 0 ? 'in progress' : 'not started';
}

/** "3 of 11 lessons done". */
export function summaryOf(cards: readonly LessonCard[], progress: Progress): string {
  const done = cards.filter((c) => stateOf(c, progress) === 'done').length;
  return `${done} of ${cards.length} lessons done`;
}
