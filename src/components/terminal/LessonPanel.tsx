/**
 * A guided lesson beside the terminal: the steps, the current goal, a hint on
 * request. Each time the session changes, the steps are checked in order against
 * what the session has done (src/lessons/lessons.ts); progress is remembered in
 * this browser's local storage only.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ControllerView } from '../../terminal/controller.ts';
import { LESSONS, completedSteps, type LessonObservation } from '../../lessons/lessons.ts';
import { readProgress, saveProgress } from '../../lessons/progress.ts';

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);

export default function LessonPanel({ lessonId, view }: { lessonId: string; view: ControllerView }) {
  const lesson = LESSONS.find((l) => l.id === lessonId);
  const [done, setDone] = useState(0);
  const [hintShown, setHintShown] = useState(false);
  const [finishedBefore] = useState(() => (lesson ? (readProgress(storage())[lesson.id] ?? 0) >= lesson.steps.length : false));

  const observation = useMemo<LessonObservation | null>(() => {
    if (!view.session) return null;
    return {
      snapshot: view.session,
      replies: view.entries.flatMap((e) => (e.reply ? [e.reply] : [])),
      records: view.messages.map((m) => m.record),
    };
  }, [view.session, view.entries, view.messages]);

  useEffect(() => {
    if (!lesson || !observation) return;
    const next = completedSteps(lesson, observation, done);
    if (next === done) return;
    setDone(next);
    setHintShown(false);
    const progress = readProgress(storage());
    if ((progress[lesson.id] ?? 0) < next) saveProgress(storage(), { ...progress, [lesson.id]: next });
  }, [lesson, observation, done]);

  if (!lesson) return <p className="smtp-alert" role="alert">Unknown lesson "{lessonId}".</p>;
  const current = lesson.steps[done];
  const finished = done >= lesson.steps.length;

  return (
    <section className="smtp-lesson" aria-labelledby={`lesson-${lesson.id}`}>
      <h3 id={`lesson-${lesson.id}`} className="smtp-lesson__title">
        Steps
      </h3>
      {finishedBefore && !finished && <p className="smtp-lesson__note">You finished this lesson before; go through it again any time.</p>}
      <ol className="smtp-lesson__steps" aria-label="Lesson steps">
        {lesson.steps.map((step, i) => (
          <li key={i} data-state={i < done ? 'done' : i === done ? 'current' : 'todo'} aria-current={i === done ? 'step' : undefined}>
            {i < done ? <span className="smtp-lesson__tick" aria-label="done">✓ </span> : null}
            {step.goal}
          </li>
        ))}
      </ol>
      <div className="smtp-lesson__status" role="status" aria-live="polite">
        {finished ? (
          <p>
            <strong>Lesson complete.</strong> Every step is done.
          </p>
        ) : (
          <p>
            <strong>
              Step {done + 1} of {lesson.steps.length}:
            </strong>{' '}
            {current!.goal}
          </p>
        )}
      </div>
      {!finished && (
        <p className="smtp-lesson__hint">
          {hintShown ? (
            <>
              Try: <code>{current!.hint}</code>
            </>
          ) : (
            <button type="button" className="smtp-button" onClick={() => setHintShown(true)}>
              Show a hint
            </button>
          )}
        </p>
      )}
    </section>
  );
}
