/**
 * Lesson progress, kept in this browser's local storage only: a map of lesson id
 * to the number of finished steps. Never sent anywhere; bad stored data is ignored.
 */
export const PROGRESS_KEY = 'mailpace-smtp-lessons:v1';
/** The level the reader last picked on the lesson index. */
export const LEVEL_KEY = 'mailpace-smtp-lessons:level';

export type Progress = Record<string, number>;

export function readProgress(storage: Pick<Storage, 'getItem'> | undefined): Progress {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(PROGRESS_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(
        (e): e is [string, number] => typeof e[1] === 'number' && Number.isInteger(e[1]) && e[1] >= 0,
      ),
    );
  } catch {
    return {};
  }
}

export function saveProgress(storage: Pick<Storage, 'setItem'> | undefined, progress: Progress): void {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // Private mode or a full quota: progress simply is not remembered.
  }
}

/** Remembers `steps` for a lesson unless more were already remembered. */
export function recordProgress(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined, lessonId: string, steps: number): void {
  const progress = readProgress(storage);
  if ((progress[lessonId] ?? 0) < steps) saveProgress(storage, { ...progress, [lessonId]: steps });
}

/** Forgets every lesson's progress. */
export function resetProgress(storage: Pick<Storage, 'removeItem'> | undefined): void {
  try {
    storage?.removeItem(PROGRESS_KEY);
  } catch {
    // Nothing stored, or storage is off: nothing to forget.
  }
}
