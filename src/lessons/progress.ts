/**
 * Lesson progress, kept in this browser's local storage only: a map of lesson id
 * to the number of finished steps. Never sent anywhere; bad stored data is ignored.
 */
export const PROGRESS_KEY = 'mailpace-smtp-lessons:v1';

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
