/**
 * A guided lesson beside the terminal: objectives, where the session starts, the
 * steps with the keys each one needs, why each finished step mattered, why the last
 * mistake failed and the way back when the reader is stuck, and a recap at the end.
 * The lesson's setup lines are handed to the controller, which plays them after every
 * greeting. Steps are checked in order against names and state (src/lessons/lessons.ts).
 *
 * Progress is read from and written to this browser's local storage
 * (src/lessons/progress.ts), the same record the lesson index reads. A reload starts a
 * new session, so steps done before it are ticked as "done before" and the reader goes
 * on from the next one (the way back to it is shown) or starts over.
 */
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { ControllerView, TerminalController } from '../../terminal/controller.ts';
import { portMode } from '../../terminal/ports.ts';
import { FROM_THE_START, completedSteps, feedbackFor, findLesson, lastRefusal, observationOf, stepDetour, type Lesson, type RunStart } from '../../lessons/lessons.ts';
import { dayText, readLessonRecord, recordProgress, resetLesson } from '../../lessons/progress.ts';
import Keystrokes from '../lessons/Keystrokes.tsx';
import '../lessons/lessons.css';

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);
const lessonsIndex = () => `${import.meta.env.BASE_URL.replace(/\/$/, '')}/lessons/`;

/** One go through the lesson: where it began in the transcript, and what was stored before it. */
interface Run {
  start: RunStart;
  /** Steps finished before this run (on an earlier visit); shown as "done before". */
  before: number;
  finishedOn: Date | null;
}

function firstRun(lesson: Lesson | undefined): Run {
  const record = lesson ? readLessonRecord(storage(), lesson.id, lesson.steps.length) : { steps: 0, finishedOn: null };
  return { start: FROM_THE_START, before: record.steps, finishedOn: record.finishedOn };
}

export default function LessonPanel({ lessonId, view, controller }: { lessonId: string; view: ControllerView; controller: TerminalController }) {
  const lesson = findLesson(lessonId);
  const [run, setRun] = useState(() => firstRun(lesson));
  // Steps done, and the last transcript entry when the current step began.
  const [{ done, since }, setProgress] = useState({ done: run.before, since: 0 });

  // Before the terminal connects (a child's layout effect runs first), so the very first session is set up.
  useLayoutEffect(() => {
    if (lesson) void controller.setLessonSetup(lesson.setup);
  }, [lesson, controller]);

  // Recomputed only when what a check reads changes, not on every keystroke. Nothing counts
  // until this run's session has greeted (after "Start over", the old session is still in view).
  const { session, entries, messages } = view;
  const observation = useMemo(() => {
    const o = observationOf({ session, entries, messages }, run.start);
    return o && o.replies.length > 0 ? o : null;
  }, [session, entries, messages, run.start]);
  // Worked out during render too, so the step shown and its way back never lag a render behind.
  const reached = lesson && observation ? completedSteps(lesson, observation, done) : done;

  const lastEntry = entries.at(-1)?.id ?? 0;
  useEffect(() => {
    if (!lesson || reached === done) return;
    setProgress({ done: reached, since: lastEntry });
    recordProgress(storage(), lesson.id, reached, lesson.steps.length);
  }, [lesson, reached, done, lastEntry]);

  if (!lesson) return <p className="smtp-alert" role="alert">Unknown lesson "{lessonId}".</p>;
  const total = lesson.steps.length;
  const current = lesson.steps[reached];
  const finished = reached >= total;
  const finishedBefore = run.before >= total;
  const feedback = observation && (view.status === 'open' || view.status === 'closed') ? feedbackFor(lesson, view.lastReply) : null;
  // A refusal since the step began (not one that finished the step before it) means the reader went off the way.
  const refused = reached === done && lastRefusal(entries) > since;
  const detour = observation
    ? stepDetour(lesson, reached, { status: view.status, portMode: portMode(view.port), snapshot: view.session, lastReply: view.lastReply }, refused)
    : null;
  const lastWhy = reached > run.before ? lesson.steps[reached - 1]!.why : null;

  const startOver = () => {
    resetLesson(storage(), lesson.id);
    setRun({ start: { entry: lastEntry, message: messages.at(-1)?.n ?? 0 }, before: 0, finishedOn: null });
    setProgress({ done: 0, since: lastEntry });
    void controller.connect('[Starting the lesson over: new session]');
  };

  return (
    <section className="smtp-lesson" aria-labelledby={`lesson-${lesson.id}`}>
      <h3 id={`lesson-${lesson.id}`} className="smtp-lesson__title">
        Steps
      </h3>
      <details className="lesson-objectives" open={reached === 0}>
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
      {run.before > 0 && !finishedBefore && (
        <p className="smtp-lesson__note">
          You did {run.before === 1 ? 'step 1' : `steps 1 to ${run.before}`} on an earlier visit: they are ticked as done before. The terminal is a new
          session, so the server has forgotten them: go on from step {run.before + 1} (the way back to it is shown there), or start over.
        </p>
      )}
      <ol className="smtp-lesson__steps" aria-label="Lesson steps">
        {lesson.steps.map((step, i) => (
          <li key={i} data-state={i < reached ? 'done' : i === reached ? 'current' : 'todo'} aria-current={i === reached ? 'step' : undefined}>
            {i < run.before ? (
              <span className="smtp-lesson__tick" aria-label="done before">✓ </span>
            ) : i < reached ? (
              <span className="smtp-lesson__tick" aria-label="done">✓ </span>
            ) : null}
            {step.goal}
            {i === reached && <Keystrokes keys={step.keys} label="What to type" />}
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
            <strong>Lesson complete.</strong>{' '}
            {!finishedBefore
              ? 'Every step is done.'
              : run.finishedOn
                ? `You finished it on ${dayText(run.finishedOn)}.`
                : 'You finished it on an earlier visit.'}
          </p>
        ) : (
          <p>
            <strong>
              Step {reached + 1} of {total}:
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
      {detour && (
        <div className="lesson-feedback" role="note" aria-label="How to get back">
          <p>
            <strong>Not there yet:</strong> {detour.missed} {detour.back.length ? `To get back to step ${reached + 1}:` : 'Press Reconnect.'}
          </p>
          {detour.back.length > 0 && <Keystrokes keys={detour.back} label="Keys to get back" />}
        </div>
      )}
      {finished && (
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
      )}
      {reached > 0 && (
        <p className="smtp-lesson__restart">
          <button type="button" className="smtp-button" onClick={startOver}>
            Start over
          </button>{' '}
          Forgets this lesson's progress and starts a new session.
        </p>
      )}
    </section>
  );
}
