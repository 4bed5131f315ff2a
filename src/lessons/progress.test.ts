/**
 * The progress store: one record read by the lesson index and the lesson page, kept
 * compatible with what earlier versions stored (a bare count of steps per lesson).
 */
import { describe, expect, it } from 'vitest';
import { FINISHED_KEY, PROGRESS_KEY, dayText, readLessonRecord, readProgress, recordProgress, resetLesson, resetProgress } from './progress.ts';

const memory = () => {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
};

const JUNE = new Date('2026-06-05T10:00:00Z');

describe('progress store', () => {
  it('remembers steps as they finish and the day the lesson was finished', () => {
    const store = memory();
    expect(readLessonRecord(store, 'first-send', 8)).toEqual({ steps: 0, finishedOn: null });
    recordProgress(store, 'first-send', 3, 8, JUNE);
    expect(readLessonRecord(store, 'first-send', 8)).toEqual({ steps: 3, finishedOn: null });
    recordProgress(store, 'first-send', 8, 8, JUNE);
    expect(readLessonRecord(store, 'first-send', 8)).toEqual({ steps: 8, finishedOn: JUNE });
    // Finishing again keeps the first day; fewer steps never lower the count.
    recordProgress(store, 'first-send', 8, 8, new Date('2026-07-01T00:00:00Z'));
    recordProgress(store, 'first-send', 2, 8);
    expect(readLessonRecord(store, 'first-send', 8)).toEqual({ steps: 8, finishedOn: JUNE });
    // The index reads the same record.
    expect(readProgress(store)).toEqual({ 'first-send': 8 });
  });

  it('reads a record stored before dates were kept: finished, with no day', () => {
    const store = memory();
    store.setItem(PROGRESS_KEY, JSON.stringify({ 'first-send': 8, tags: 0 }));
    expect(readLessonRecord(store, 'first-send', 8)).toEqual({ steps: 8, finishedOn: null });
    expect(readLessonRecord(store, 'tags', 1)).toEqual({ steps: 0, finishedOn: null });
    // The count keeps its old shape, so an older page still reads it.
    recordProgress(store, 'tags', 1, 1, JUNE);
    expect(JSON.parse(store.data.get(PROGRESS_KEY)!)).toEqual({ 'first-send': 8, tags: 1 });
  });

  it('caps a count above the lesson length (the lesson lost steps) and ignores bad data', () => {
    const store = memory();
    store.setItem(PROGRESS_KEY, '{"a":12,"b":-1,"c":"x"}');
    store.setItem(FINISHED_KEY, '{"a":"not a date","c":"2026-06-05T10:00:00.000Z"}');
    expect(readLessonRecord(store, 'a', 5)).toEqual({ steps: 5, finishedOn: null });
    expect(readLessonRecord(store, 'b', 5)).toEqual({ steps: 0, finishedOn: null });
    expect(readLessonRecord(store, 'c', 5)).toEqual({ steps: 0, finishedOn: null });
    store.setItem(FINISHED_KEY, '[1,2]');
    store.setItem(PROGRESS_KEY, 'not json');
    expect(readLessonRecord(store, 'a', 5)).toEqual({ steps: 0, finishedOn: null });
    expect(readLessonRecord(undefined, 'a', 5)).toEqual({ steps: 0, finishedOn: null });
  });

  it('starting one lesson over forgets that lesson only; reset forgets them all', () => {
    const store = memory();
    recordProgress(store, 'first-send', 8, 8, JUNE);
    recordProgress(store, 'tags', 1, 1, JUNE);
    resetLesson(store, 'first-send');
    expect(readLessonRecord(store, 'first-send', 8)).toEqual({ steps: 0, finishedOn: null });
    expect(readLessonRecord(store, 'tags', 1)).toEqual({ steps: 1, finishedOn: JUNE });
    // Finished again after starting over: the new day counts.
    recordProgress(store, 'first-send', 8, 8, new Date('2026-07-01T00:00:00Z'));
    expect(readLessonRecord(store, 'first-send', 8).finishedOn).toEqual(new Date('2026-07-01T00:00:00Z'));
    resetProgress(store);
    expect(store.data.size).toBe(0);
  });

  it('storage that throws loses progress, never the page', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => recordProgress(broken, 'a', 1, 1)).not.toThrow();
    expect(() => resetLesson(broken, 'a')).not.toThrow();
    expect(() => resetProgress(broken)).not.toThrow();
    expect(readLessonRecord(broken, 'a', 1)).toEqual({ steps: 0, finishedOn: null });
  });

  it('writes the day as words', () => {
    expect(dayText(new Date(2026, 11, 6, 12))).toBe('6 December 2026');
  });
});
