/**
 * Every lesson followed the way its page words it: the keystrokes of each step go
 * through the real line editor and controller (a helper's line lands on the prompt,
 * Enter sends it, typing replaces it), and the lesson ends. On the way the reader is
 * never told they are stuck; off the way, the way back the panel shows gets them to a
 * point where the step can be done. Replies are reworded, so all of it reads names
 * and state only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLIES, type ReplySpec } from '../../simulator/replies.ts';
import { TerminalController } from '../terminal/controller.ts';
import { LineEditor } from '../terminal/line-editor.ts';
import { portMode } from '../terminal/ports.ts';
import { getPreset } from '../terminal/presets.ts';
import { SessionHost } from '../terminal/session-host.ts';
import { localSession } from '../terminal/worker-client.ts';
import type { Keystroke } from './keystrokes.ts';
import { HELLO, TLS_HELLO, OPEN, ENVELOPE } from './lesson-kit.ts';
import { LESSONS, completedSteps, findLesson, lastRefusal, observationOf, stepDetour, type Lesson } from './lessons.ts';

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

/** A reader at the keyboard: keys go through a line editor wired as the terminal wires it. */
class Reader {
  readonly editor: LineEditor;

  constructor(readonly c: TerminalController) {
    this.editor = new LineEditor((text) => c.complete(text), c.history);
    c.onPrompt((line) => this.editor.offerUnlessTyping(line));
  }

  async input(data: string): Promise<void> {
    for (const event of this.editor.handle(data)) if (event.type === 'submit') await this.c.submit([event.line]);
  }

  async follow(keys: readonly Keystroke[], after: () => void = () => {}): Promise<void> {
    for (const k of keys) {
      if (k.kind === 'key') await this.input('\r');
      else if (k.kind === 'line') await this.input(`${k.text}\r`);
      else for (const line of k.lines) await this.input(`${line}\r`);
      after();
    }
  }
}

async function started(lesson: Lesson, setup: readonly string[] = lesson.setup): Promise<Reader> {
  const c = new TerminalController({ preset: getPreset('free'), port: lesson.port, startSession: () => localSession(new SessionHost()), examplePauseMs: 0 });
  await c.setLessonSetup(setup);
  await c.connect();
  return new Reader(c);
}

/** The way back the panel shows at step `step`; `since` is the last entry id when that step began. */
function detourAt(lesson: Lesson, step: number, r: Reader, since = Infinity) {
  const v = r.c.getView();
  const input = { status: v.status, portMode: portMode(v.port), snapshot: v.session, lastReply: v.lastReply };
  return stepDetour(lesson, step, input, lastRefusal(v.entries) > since);
}
const lastId = (r: Reader) => r.c.getView().entries.at(-1)?.id ?? 0;

describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s, followed as its steps say', (_id, lesson) => {
  it('ends, one step after another, and never says the reader is stuck on the way', async () => {
    const r = await started(lesson);
    let done = 0;
    let since = lastId(r);
    const check = () => {
      const next = completedSteps(lesson, observationOf(r.c.getView())!, done);
      if (next !== done) since = lastId(r);
      done = next;
      if (done < lesson.steps.length) expect(detourAt(lesson, done, r, since)).toBeNull();
    };
    check();
    for (const [i, step] of lesson.steps.entries()) {
      expect(done).toBe(i);
      await r.follow(step.keys, check);
      expect(done).toBe(i + 1);
    }
  });

  it('names Enter after every helper that puts a line on the prompt', () => {
    for (const step of lesson.steps) {
      expect(step.keys.length).toBeGreaterThan(0);
      step.keys.forEach((k, i) => {
        if (k.kind === 'line' && /^\/(plain|login|b64)\b/.test(k.text)) expect(step.keys[i + 1]).toMatchObject({ kind: 'key', key: 'Enter' });
      });
    }
  });

  // Wherever a reader may have wandered, the way back shown leads to where the step can be done.
  const wanderings: [string, string[]][] = [
    ['a fresh session', []],
    ['TLS up, no EHLO yet', [HELLO, 'STARTTLS']],
    ['inside DATA', [...OPEN, ...ENVELOPE]],
    ['half way through AUTH LOGIN', [...TLS_HELLO, 'AUTH LOGIN']],
    ['a closed session', ['QUIT']],
  ];
  it.each(wanderings)('from %s, every step’s way back leads to it', async (_where, lines) => {
    for (const [i] of lesson.steps.entries()) {
      const r = await started(lesson, []);
      await r.c.submit(lesson.port === 465 ? lines.filter((l) => l !== 'STARTTLS') : lines);
      if (lesson.port === 465 && lines.includes('STARTTLS')) expect(r.c.getView().session?.tls).toBe(true);
      for (let turns = 0; turns < 4; turns++) {
        const detour = detourAt(lesson, i, r);
        if (!detour) break;
        expect(detour.back.length).toBeGreaterThan(0);
        await r.follow(detour.back);
      }
      expect(detourAt(lesson, i, r)).toBeNull();
    }
  });
});

describe('the issue’s reader: /plain, then the next command typed over the offered line', () => {
  it('is told they are not logged in, and how to get back', async () => {
    const lesson = findLesson('first-send')!;
    const r = await started(lesson);
    await r.follow([{ kind: 'line', text: HELLO }, { kind: 'line', text: 'STARTTLS' }, { kind: 'line', text: HELLO }]);
    const since = lastId(r);
    expect(detourAt(lesson, 3, r, since)).toBeNull();
    // Types /plain, presses Enter, then types the next step's command over the offered AUTH line.
    await r.follow([{ kind: 'line', text: '/plain' }, { kind: 'line', text: 'MAIL FROM:<you@example.com>' }]);
    const v = r.c.getView();
    expect(v.lastReply).toBe('authRequired');
    const done = completedSteps(lesson, observationOf(v)!, 3);
    expect(done).toBe(3);
    const detour = detourAt(lesson, done, r, since)!;
    expect(detour.missed).toMatch(/not logged in/);
    expect(detour.back).toEqual([expect.objectContaining({ kind: 'line', text: '/plain' }), expect.objectContaining({ kind: 'key', key: 'Enter' })]);
    await r.follow(detour.back);
    expect(r.c.getView().session?.authenticated).toBe(true);
    expect(detourAt(lesson, done, r, since)).toBeNull();
  });

  it('a session reloaded mid-lesson is shown the whole way back to the step it reached', async () => {
    const lesson = findLesson('first-send')!;
    const r = await started(lesson);
    const sender = lesson.steps.findIndex((s) => s.needs === 'logged-in');
    const detour = detourAt(lesson, sender, r)!;
    expect(detour.missed).toMatch(/EHLO/);
    expect(detour.back.map((k) => (k.kind === 'key' ? k.key : k.kind === 'line' ? k.text : ''))).toEqual([HELLO, 'STARTTLS', HELLO, '/plain', 'Enter']);
  });
});
