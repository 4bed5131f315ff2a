import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRIPT_CONTEXT } from './examples.ts';
import { SessionOpening } from './session-opening.ts';

const opening = () => ['EHLO one.example'];

describe('SessionOpening', () => {
  it("runs the preset's opening after every greeting", () => {
    const o = new SessionOpening(opening);
    for (let i = 0; i < 2; i++) {
      expect(o.take(DEFAULT_SCRIPT_CONTEXT)).toEqual({ jobs: [{ kind: 'line', text: 'EHLO one.example', origin: 'opening' }], replayed: null });
    }
  });

  it("puts a lesson's setup in place of the opening", () => {
    const o = new SessionOpening(opening);
    o.useSetup(['EHLO lesson.example']);
    expect(o.take(DEFAULT_SCRIPT_CONTEXT).jobs.map((j) => j.text)).toEqual(['EHLO lesson.example']);
  });

  it("replays a share link's lines once, after the opening", () => {
    const o = new SessionOpening(opening, { port: 587, lines: ['NOOP', 'QUIT'] });
    const first = o.take(DEFAULT_SCRIPT_CONTEXT);
    expect(first.jobs.map((j) => `${j.origin}:${j.text}`)).toEqual(['opening:EHLO one.example', 'replay:NOOP', 'replay:QUIT']);
    expect(first.replayed).toBe(2);
    expect(o.take(DEFAULT_SCRIPT_CONTEXT).replayed).toBeNull();
    o.replayNext({ port: 2525, lines: ['RSET'] });
    expect(o.take(DEFAULT_SCRIPT_CONTEXT).jobs.at(-1)).toEqual({ kind: 'line', text: 'RSET', origin: 'replay' });
  });
});
