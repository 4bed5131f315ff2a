/**
 * Lessons through the real terminal controller: the setup is played for the reader,
 * then the practice lines finish the lesson. Runs with every reply reworded, so the
 * checks and the mistake feedback are proven to read names and state only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLIES, type ReplySpec } from '../../simulator/replies.ts';
import { TerminalController } from '../terminal/controller.ts';
import { getPreset } from '../terminal/presets.ts';
import { SessionHost } from '../terminal/session-host.ts';
import { localSession } from '../terminal/worker-client.ts';
import { LESSONS, completedSteps, feedbackFor, findLesson, observationOf, type Lesson } from './lessons.ts';

const original = new Map<ReplySpec, string>();
beforeAll(() => {
  for (const spec of Object.values(REPLIES) as ReplySpec[]) {
    original.set(spec, spec.text);
    spec.text = `Reworded ${(spec.text.match(/\{\w+\}/g) ?? []).join(' ')} plugh`;
  }
});
afterAll(() => {
  for (const [spec, text] of original) spec.text = text;
});

async function started(lesson: Lesson): Promise<TerminalController> {
  const c = new TerminalController({ preset: getPreset('free'), port: lesson.port, startSession: () => localSession(new SessionHost()), examplePauseMs: 0 });
  await c.setLessonSetup(lesson.setup);
  await c.connect();
  return c;
}

const progress = (lesson: Lesson, c: TerminalController) => completedSteps(lesson, observationOf(c.getView())!);

describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s in the terminal', (_id, lesson) => {
  it('starts set up, with no step done for the reader', async () => {
    const c = await started(lesson);
    expect(c.getView().status).toBe('open');
    const sent = c.getView().entries.filter((e) => e.kind === 'client').length;
    expect(sent).toBe(lesson.setup.length);
    expect(progress(lesson, c)).toBe(0);
  });

  it('is finished by the practice lines alone', async () => {
    const c = await started(lesson);
    await c.submit(lesson.practice);
    expect(progress(lesson, c)).toBe(lesson.steps.length);
  });

  it('has objectives, a reason for every step and a recap', () => {
    expect(lesson.objectives.length).toBeGreaterThan(0);
    expect(lesson.recap.length).toBeGreaterThan(0);
    for (const step of lesson.steps) expect(step.why.length).toBeGreaterThan(20);
  });
});

it('the setup plays again after /reset, so a new session is set up too', async () => {
  const lesson = findLesson('dot-stuffing')!;
  const c = await started(lesson);
  await c.submit(['/reset']);
  expect(c.getView().session?.state).toBe('data');
  expect(c.getView().session?.authenticated).toBe(true);
});

it('a lesson set up after connecting starts over with its setup', async () => {
  const lesson = findLesson('envelope-and-bcc')!;
  const c = new TerminalController({ preset: getPreset('free'), startSession: () => localSession(new SessionHost()), examplePauseMs: 0 });
  await c.connect();
  await c.setLessonSetup(lesson.setup);
  expect(c.getView().session?.authenticated).toBe(true);
});

describe('why a mistake failed, by reply name', () => {
  const cases: [string, string[], string][] = [
    ['first-send', ['EHLO a.test', 'AUTH LOGIN'], 'tlsRequired'],
    ['reading-errors', ['AUTH PLAIN AHdyb25nAHdyb25n'], 'authFailed'],
    ['implicit-tls', ['EHLO a.test', 'STARTTLS'], 'startTlsOnTlsPort'],
    ['mime-attachments', ['.'], 'blockedAttachment'],
    ['retry-or-not', ['RCPT TO:<blocked@example.net>'], 'blockedRecipient'],
    ['tags', ['From: you@other.example', 'To: friend@example.net', '', 'Hi', '.'], 'domainMismatch'],
  ];
  it.each(cases)('%s: %j gets %s and its explanation', async (id, lines, reply) => {
    const lesson = findLesson(id)!;
    const c = await started(lesson);
    await c.submit(lines);
    expect(c.getView().lastReply).toBe(reply);
    expect(feedbackFor(lesson, c.getView().lastReply)).toBe(lesson.mistakes[reply as keyof typeof lesson.mistakes]);
    expect(feedbackFor(lesson, c.getView().lastReply)).toBeTruthy();
  });

  it('the tlsRequired explanation says the plaintext rule is simulated', () => {
    expect(findLesson('first-send')!.mistakes.tlsRequired).toMatch(/\(simulated\)/);
  });

  it('a reply that is no mistake gets no feedback', () => {
    expect(feedbackFor(LESSONS[0]!, 'queued')).toBeNull();
    expect(feedbackFor(LESSONS[0]!, null)).toBeNull();
  });
});

it('no lesson after the first makes the reader log in again', () => {
  const loggedInSetups = LESSONS.filter((l) => l.setup.some((line) => line.startsWith('AUTH ')));
  expect(loggedInSetups.length).toBeGreaterThanOrEqual(5);
  for (const lesson of loggedInSetups) expect(lesson.practice.some((line) => line.startsWith('AUTH '))).toBe(false);
  for (const lesson of LESSONS.slice(1)) expect(lesson.practice.filter((l) => l === 'STARTTLS').length).toBeLessThanOrEqual(1);
});

it('there are at least nine lessons, each with a level and a unique id', () => {
  expect(LESSONS.length).toBeGreaterThanOrEqual(9);
  expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  expect(new Set(LESSONS.map((l) => l.level))).toEqual(new Set(['beginner', 'intermediate', 'advanced']));
});
