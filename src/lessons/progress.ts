/**
 * Lesson progress, kept in this browser's local storage only, and read by the lesson
 * index and the lesson page alike: a map of lesson id to the number of finished steps
 * (the record stored since the first version, unchanged), and beside it a map of lesson
 * id to when the lesson was last finished. A count with no date (stored before dates
 * were kept) still reads as finished, only without a date. Never sent anywhere; bad
 * stored data is ignored.
 */
export const PROGRESS_KEY = 'mailpace-smtp-lessons:v1';
/** When each lesson was last finished: lesson id to an ISO 8601 time. */
export const FINISHED_KEY = 'mailpace-smtp-lessons:finished';
/** The level the reader last picked on the lesson index. */
export const LEVEL_KEY = 'mailpace-smtp-lessons:level';

export type Progress = Record<string, number>;

type Storage_ = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What this browser remembers of one lesson. */
export interface LessonRecord {
  /** Steps finished, in order. */
  steps: number;
  /** When the lesson was last finished; null when it was not, or was before dates were kept. */
  finishedOn: Date | null;
}

function readMap(storage: Pick<Storage, 'getItem'> | undefined, key: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(key) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function writeMap(storage: Pick<Storage, 'setItem'> | undefined, key: string, map: Record<string, unknown>): void {
  try {
    storage?.setItem(key, JSON.stringify(map));
  } catch {
    // Private mode or a full quota: progress simply is not remembered.
  }
}

function remove(storage: Pick<Storage, 'removeItem'> | undefined, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing stored, or storage is off: nothing to forget.
  }
}

export function readProgress(storage: Pick<Storage, 'getItem'> | undefined): Progress {
  return Object.fromEntries(
    Object.entries(readMap(storage, PROGRESS_KEY)).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && Number.isInteger(e[1]) && e[1] >= 0,
    ),
  );
}

export function saveProgress(storage: Pick<Storage, 'setItem'> | undefined, progress: Progress): void {
  writeMap(storage, PROGRESS_KEY, progress);
}

function finishedDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** One lesson's record; `total` is its number of steps, so an old count-only record reads as finished. */
export function readLessonRecord(storage: Pick<Storage, 'getItem'> | undefined, lessonId: string, total: number): LessonRecord {
  const steps = Math.min(readProgress(storage)[lessonId] ?? 0, total);
  return { steps, finishedOn: steps >= total ? finishedDate(readMap(storage, FINISHED_KEY)[lessonId]) : null };
}

/**
 * Remembers `steps` of a lesson's `total` unless more were already remembered; the
 * first time every step is done, remembers when.
 */
export function recordProgress(storage: Storage_ | undefined, lessonId: string, steps: number, total: number, now: Date = new Date()): void {
  const progress = readProgress(storage);
  const before = progress[lessonId] ?? 0;
  if (before < steps) saveProgress(storage, { ...progress, [lessonId]: steps });
  if (steps >= total && before < total) writeMap(storage, FINISHED_KEY, { ...readMap(storage, FINISHED_KEY), [lessonId]: now.toISOString() });
}

/** Forgets one lesson: it reads as not started, everywhere. */
export function resetLesson(storage: Storage_ | undefined, lessonId: string): void {
  const { [lessonId]: _steps, ...progress } = readProgress(storage);
  saveProgress(storage, progress);
  const { [lessonId]: _date, ...finished } = readMap(storage, FINISHED_KEY);
  writeMap(storage, FINISHED_KEY, finished);
}

/** Forgets every lesson's progress. */
export function resetProgress(storage: Pick<Storage, 'removeItem'> | undefined): void {
  remove(storage, PROGRESS_KEY);
  remove(storage, FINISHED_KEY);
}

/** "6 December 2026", for "finished on …". */
export function dayText(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}
