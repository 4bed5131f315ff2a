/**
 * Hints, preset goals and lesson checks read reply names and session state, never
 * reply wording. This test proves it: every text in the reply catalogue is
 * rewritten before anything runs, and all three still work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../simulator/config.ts';
import { REPLIES, type ReplySpec } from '../../simulator/replies.ts';
import { LESSONS, completedSteps, observationOf } from '../lessons/lessons.ts';
import { TerminalController } from './controller.ts';
import { DEFAULT_SCRIPT_CONTEXT as ctx, envelopeLines, textMessage } from './examples.ts';
import { PRESET_SOLUTIONS } from './preset-solutions.fixture.ts';
import { getPreset, type PresetId } from './presets.ts';
import { SessionHost } from './session-host.ts';
import { entryText } from './transcript.ts';
import { localSession } from './worker-client.ts';

/** Keeps the placeholders (the core fills them), replaces every word around them. */
const reword = (text: string) => ['Reworded', ...(text.match(/\{\w+\}/g) ?? []), 'xyzzy'].join(' ');

const original = new Map<ReplySpec, string>();
beforeAll(() => {
  for (const spec of Object.values(REPLIES) as ReplySpec[]) {
    original.set(spec, spec.text);
    spec.text = reword(spec.text);
  }
});
afterAll(() => {
  for (const [spec, text] of original) spec.text = text;
});

function make(presetId: PresetId = 'free', port?: 587 | 465) {
  return new TerminalController({
    preset: getPreset(presetId),
    ...(port ? { port } : {}),
    startSession: () => localSession(new SessionHost()),
    examplePauseMs: 0,
  });
}

const serverTexts = (c: TerminalController) => c.getView().entries.filter((e) => e.kind === 'server').map(entryText);

describe('with every reply reworded', () => {
  it('the server really speaks the new wording', async () => {
    const c = make();
    await c.connect();
    expect(serverTexts(c)[0]).toMatch(/^S: 220 Reworded .* xyzzy$/);
  });

  it('hints lead from EHLO to an accepted message with Tab and Enter alone', async () => {
    const c = make();
    await c.connect();
    // Tab on an empty line types the hint's command; the helpers put their line on the prompt.
    let prompt: string | null = null;
    c.onPrompt((line) => (prompt = line));
    for (let step = 0; step < 6 && !c.getView().session?.authenticated; step++) {
      const command = c.complete('').text;
      expect(command, `hint at step ${step}: ${c.getView().hint.text}`).toBeTruthy();
      await c.submit([command!]);
      if (prompt !== null) {
        const line: string = prompt;
        prompt = null;
        await c.submit([line]);
      }
    }
    expect(c.getView().session?.authenticated).toBe(true);
    expect(c.getView().lastReply).toBe('authOk');
    expect(c.getView().hint.text).toMatch(/^Start a message/);
    await c.submit([...envelopeLines(ctx), ...textMessage(ctx)]);
    expect(c.getView().lastReply).toBe('queued');
    expect(c.getView().hint.text).toMatch(/^Message accepted/);
  });

  it('the AUTH LOGIN hints still tell the two challenges apart', async () => {
    const c = make();
    await c.connect();
    await c.submit(['EHLO a.test', 'STARTTLS', 'EHLO a.test', 'AUTH LOGIN']);
    expect(c.getView().hint.text).toMatch(/username/);
    const offered: string[] = [];
    c.onPrompt((line) => offered.push(line));
    await c.submit(['/login']);
    await c.submit(offered.splice(0));
    expect(c.getView().hint.text).toMatch(/password/);
    await c.submit(['/login']);
    await c.submit(offered.splice(0));
    expect(c.getView().session?.authenticated).toBe(true);
  });

  for (const [id, solution] of Object.entries(PRESET_SOLUTIONS)) {
    it(`preset ${id} still reaches its goal`, async () => {
      const c = make(id as PresetId);
      await c.connect();
      await c.submit(solution);
      expect(c.getView().goal).toEqual({ text: getPreset(id).goal!.text, reached: true });
    });
  }

  for (const lesson of LESSONS) {
    it(`lesson ${lesson.id} is still completed by its solution`, async () => {
      const c = make('free', lesson.port as 587 | 465);
      await c.connect();
      await c.submit(lesson.solution);
      const observation = observationOf(c.getView());
      expect(observation).not.toBeNull();
      expect(completedSteps(lesson, observation!)).toBe(lesson.steps.length);
    });
  }

  it('the demo token is untouched (only wording changed)', () => {
    expect(DEMO_TOKEN).toMatch(/^0{8}-/);
  });
});
