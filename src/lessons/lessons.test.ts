import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN, SmtpSession, type MessageRecord, type ReplyName } from '../../simulator/index.ts';
import { LESSONS, completedSteps, type LessonObservation } from './lessons.ts';
import { keystrokeText } from './keystrokes.ts';
import { PROGRESS_KEY, readProgress, saveProgress } from './progress.ts';

/** Types the solution line by line, as a reader would, checking progress after each reply. */
async function play(lessonIndex: number): Promise<number[]> {
  const lesson = LESSONS[lessonIndex]!;
  const session = new SmtpSession({ port: lesson.port });
  const replies: ReplyName[] = [];
  const records: MessageRecord[] = [];
  const track = (actions: Awaited<ReturnType<SmtpSession['receive']>>['actions']) => {
    for (const a of actions) {
      if (a.type === 'send') replies.push(a.reply.name);
      if (a.type === 'message') records.push(a.record);
      if (a.type === 'start-tls') session.tlsEstablished();
    }
  };
  track(session.start().actions);
  const progress: number[] = [];
  let done = 0;
  for (const line of lesson.solution) {
    track((await session.receive(`${line}\r\n`)).actions);
    const observation: LessonObservation = { snapshot: session.snapshot(), replies, records };
    done = completedSteps(lesson, observation, done);
    progress.push(done);
  }
  return progress;
}

describe.each(LESSONS.map((l, i) => [l.id, i] as const))('lesson %s', (_id, index) => {
  it('is completed by typing its solution, one step after another', async () => {
    const progress = await play(index);
    expect(progress.at(-1)).toBe(LESSONS[index]!.steps.length);
    // Progress never goes backwards and never skips ahead of what was typed.
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(progress[0]).toBeLessThanOrEqual(1);
  });
});

it('the solutions use the demo token', () => {
  expect(Buffer.from(LESSONS[0]!.solution[3]!.slice('AUTH PLAIN '.length), 'base64').toString()).toBe(`\0${DEMO_TOKEN}\0${DEMO_TOKEN}`);
});

it('the unsubscribe lesson never asks for List-Unsubscribe-Post (MailPace publishes nothing on it)', () => {
  const lesson = LESSONS.find((l) => l.id === 'unsubscribe')!;
  const words = [lesson.summary, ...lesson.steps.flatMap((s) => [s.goal, keystrokeText(s.keys)]), ...lesson.solution].join('\n');
  expect(words).not.toMatch(/List-Unsubscribe-Post|one-click/i);
});

describe('progress storage', () => {
  const memory = () => {
    const data = new Map<string, string>();
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
  };

  it('round-trips and ignores malformed entries', () => {
    const store = memory();
    saveProgress(store, { 'first-send': 3 });
    expect(readProgress(store)).toEqual({ 'first-send': 3 });
    store.setItem(PROGRESS_KEY, '{"a":-1,"b":"x","c":2}');
    expect(readProgress(store)).toEqual({ c: 2 });
    store.setItem(PROGRESS_KEY, 'not json');
    expect(readProgress(store)).toEqual({});
    expect(readProgress(undefined)).toEqual({});
  });
});
