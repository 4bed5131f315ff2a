import { describe, expect, it } from 'vitest';
import { LESSON_CARDS, cardsFor, isLevelChoice, stateOf, summaryOf } from './lesson-index.ts';
import { LESSONS } from './lessons.ts';
import { PROGRESS_KEY, readProgress, recordProgress, resetProgress } from './progress.ts';

const memory = () => {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
};

describe('lesson index', () => {
  it('lists every lesson, and each level picks only its own', () => {
    expect(cardsFor('all')).toHaveLength(LESSONS.length);
    for (const level of ['beginner', 'intermediate', 'advanced'] as const) {
      const cards = cardsFor(level);
      expect(cards.length).toBeGreaterThan(0);
      expect(cards.every((c) => c.level === level)).toBe(true);
    }
    expect(isLevelChoice('advanced')).toBe(true);
    expect(isLevelChoice('expert')).toBe(false);
  });

  it('shows progress from storage and forgets it on reset', () => {
    const store = memory();
    const first = LESSON_CARDS[0]!;
    expect(stateOf(first, readProgress(store))).toBe('not started');
    recordProgress(store, first.id, 2, first.steps);
    expect(stateOf(first, readProgress(store))).toBe('in progress');
    recordProgress(store, first.id, 1, first.steps); // never goes backwards
    expect(readProgress(store)[first.id]).toBe(2);
    recordProgress(store, first.id, first.steps, first.steps);
    expect(stateOf(first, readProgress(store))).toBe('done');
    expect(summaryOf(LESSON_CARDS, readProgress(store))).toBe(`1 of ${LESSON_CARDS.length} lessons done`);
    resetProgress(store);
    expect(store.data.has(PROGRESS_KEY)).toBe(false);
    expect(summaryOf(LESSON_CARDS, readProgress(store))).toBe(`0 of ${LESSON_CARDS.length} lessons done`);
  });
});
