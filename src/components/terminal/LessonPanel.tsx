/**
 * A guided lesson beside the terminal: objectives, where the session starts, the
 * steps with a hint on request, why each finished step mattered, why the last
 * mistake failed, and a recap at the end. The lesson's setup lines are handed to
 * the controller, which plays them after every greeting. Steps are checked in order
 * against names and state (src/lessons/lessons.ts); progress is remembered in this
 * browser's local storage only.
 */
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { ControllerView, TerminalController } from '../../terminal/controller.ts';
import { completedSteps, feedbackFor, findLesson, observationOf } from '../../lessons/lessons.ts';
import { readProgress, recordProgress } from '../../lessons/progress.ts';
import '../lessons/lessons.css';

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);
const lessonsIndex = () => `${import.meta.env.BASE_URL.replace(/\/$/, '')}/lessons/`;

export default function LessonPanel({ lessonId, view, controller }: { lessonId: string; view: ControllerView; controller: TerminalController }) {
  const lesson = findLesson(lessonId);
  const [done, setDone] = useState(0);
  const [hintShown, setHintShown] = useState(false);
  const [finishedBefore] = useState(() => (lesson ? (readProgress(storage())[lesson.id] ?? 0) >= lesson.steps.length : false));

  // Before the terminal connects (a child's layout effect runs first), so the very first session is set up.
  useLayoutEffect(() => {
    if (lesson) void controller.setLessonSetup(lesson.setup);
  }, [lesson, controller]);

  // Recomputed only when what a check reads changes, not on every keystroke.
  const { session, entries, messages } = view;
  const observation = useMemo(() => observationOf({ session, entries, messages }), [session, entries, messages]);

  useEffect(() => {
    if (!lesson || !observation) return;
    const next = completedSteps(lesson, observation, done);
    if (next === done) return;
    setDone(next);
    setHintShown(false);
    recordProgress(storage(), lesson.id, next);
  }, [lesson, observation, done]);

  if (!lesson) return <p className="smtp-alert" role="alert">Unknown lesson "{lessonId}".</p>;
  const current = lesson.steps[done];
  const finished = done >= lesson.steps.length;
  const feedback = view.status === 'open' || view.status === 'closed' ? feedbackFor(lesson, view.lastReply) : null;
  const lastWhy = done > 0 ? lesson.steps[done - 1]!.why : null;

  return (
    <section className="smtp-lesson" aria-labelledby={`lesson-${lesson.id}`}>
      <h3 id={`lesson-${lesson.id}`} className="smtp-lesson__title">
        Steps
      </h3>
      <details className="lesson-objectives" open={done === 0}>
        <summary>What you will learn</summary>
        <ul aria-label="Objectives">
          {lesson.objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
        <p className="lesson-starts">
          <strong>Starting point:</strong> {lesson.startsAt}
        </p>
      </details>
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
        {lastWhy && (
          <p className="lesson-why">
            <strong>Why it mattered:</strong> {lastWhy}
          </p>
        )}
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
      {feedback && !finished && (
        <p className="lesson-feedback" role="note" aria-label="Why that reply">
          <strong>Why that reply:</strong> {feedback}
        </p>
      )}
      {finished ? (
        <div className="lesson-recap" aria-labelledby={`recap-${lesson.id}`}>
          <h4 id={`recap-${lesson.id}`}>Recap</h4>
          <ul>
            {lesson.recap.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p>
            <a href={lessonsIndex()}>Back to all lessons</a>
          </p>
        </div>
      ) : (
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
