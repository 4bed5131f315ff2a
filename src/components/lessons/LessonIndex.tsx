/**
 * The lesson index: pick a level, see how far you got in each lesson, reset
 * progress. Progress and the chosen level live in this browser's local storage
 * only; the logic is in src/lessons/lesson-index.ts.
 */
import { useEffect, useId, useState } from 'react';
import { LEVELS } from '../../lessons/lessons.ts';
import { cardsFor, isLevelChoice, stateOf, summaryOf, type LessonCard, type LevelChoice } from '../../lessons/lesson-index.ts';
import { LEVEL_KEY, dayText, readLessonRecord, readProgress, resetProgress, type Progress } from '../../lessons/progress.ts';
import './lessons.css';
import { sitePath } from '../../site/path.ts';

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);
const CHOICES: readonly LevelChoice[] = ['all', ...LEVELS];
const label = (c: LevelChoice) => (c === 'all' ? 'All levels' : c[0]!.toUpperCase() + c.slice(1));

function storedLevel(): LevelChoice {
  try {
    const value = storage()?.getItem(LEVEL_KEY);
    return isLevelChoice(value) ? value : 'all';
  } catch {
    return 'all';
  }
}

/** "✓ Done on 6 December 2026", or without the day for a lesson finished before days were kept. */
function doneText(card: LessonCard): string {
  const { finishedOn } = readLessonRecord(storage(), card.id, card.steps);
  return finishedOn ? `✓ Done on ${dayText(finishedOn)}` : '✓ Done';
}

export default function LessonIndex() {
  const uid = useId();
  const [level, setLevel] = useState<LevelChoice>('all');
  const [progress, setProgress] = useState<Progress>({});
  const [message, setMessage] = useState('');
  // The level buttons work only once the island runs: until then they are disabled, so a
  // choice made before hydration is never silently lost.
  const [ready, setReady] = useState(false);

  // Storage is read after hydration: the server-rendered list shows no progress.
  useEffect(() => {
    setReady(true);
    setLevel(storedLevel());
    setProgress(readProgress(storage()));
  }, []);

  const choose = (next: LevelChoice) => {
    setLevel(next);
    try {
      storage()?.setItem(LEVEL_KEY, next);
    } catch {
      // Not remembered; the choice still applies on this page.
    }
  };

  const reset = () => {
    resetProgress(storage());
    setProgress(readProgress(storage()));
    setMessage('Progress reset: every lesson is marked not started.');
  };

  const cards = cardsFor(level);
  return (
    <div className="lesson-index not-content">
      <fieldset className="lesson-index__levels" disabled={!ready}>
        <legend>Level</legend>
        {CHOICES.map((c) => (
          <label key={c}>
            <input type="radio" name={`${uid}-level`} value={c} checked={level === c} onChange={() => choose(c)} /> {label(c)}
          </label>
        ))}
      </fieldset>
      <p role="status" aria-live="polite">
        {summaryOf(cards, progress)}
        {level === 'all' ? '' : ` at ${level} level`}. {message}
      </p>
      <ol className="lesson-index__list" aria-label="Lessons">
        {cards.map((card) => {
          const state = stateOf(card, progress);
          const steps = Math.min(progress[card.id] ?? 0, card.steps);
          return (
            <li key={card.id} data-state={state}>
              <a href={sitePath(`/lessons/${card.id}/`)}>{card.title}</a>
              <p>{card.summary}</p>
              <p className="lesson-index__meta">
                <span className="lesson-index__tag">{card.level}</span>
                {state === 'done' ? doneText(card) : state === 'in progress' ? `${steps} of ${card.steps} steps done` : `Not started (${card.steps} steps)`}
              </p>
            </li>
          );
        })}
      </ol>
      <p className="lesson-index__reset">
        <button type="button" className="smtp-button" onClick={reset}>
          Reset progress
        </button>{' '}
        Progress is kept in this browser only, never sent anywhere.
      </p>
    </div>
  );
}
