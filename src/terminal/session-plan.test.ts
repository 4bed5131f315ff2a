import { describe, expect, it } from 'vitest';
import { copyText } from './clipboard.ts';
import { PORTS, portMode } from './ports.ts';
import { PRESETS } from './presets.ts';
import { SessionPlan } from './session-plan.ts';

const TLS_PORT = PORTS.find((p) => portMode(p) === 'implicit-tls')!;
const STARTTLS_PORT = PORTS.find((p) => portMode(p) === 'starttls' && p !== PRESETS.dkim.port)!;

const texts = (plan: SessionPlan) => {
  const { jobs, replayed } = plan.followUp();
  return { lines: jobs.map((j) => `${j.origin}: ${j.text}`), replayed };
};

describe('SessionPlan', () => {
  it("starts from the preset's port and knobs, unless told otherwise", () => {
    expect(new SessionPlan(PRESETS['implicit-tls']).port).toBe(PRESETS['implicit-tls'].port);
    const plan = new SessionPlan(PRESETS.dkim, { port: STARTTLS_PORT, failures: [] });
    expect(plan.port).toBe(STARTTLS_PORT);
    expect(plan.failures).toEqual([]);
  });

  it("plays the preset's opening after every greeting, and a share link's lines once, after it", () => {
    const plan = new SessionPlan(PRESETS['starttls-first'], { replay: { port: STARTTLS_PORT, lines: ['NOOP', 'QUIT'] } });
    const opening = PRESETS['starttls-first'].opening(plan.scriptContext()).map((l) => `opening: ${l}`);
    expect(opening.length).toBeGreaterThan(0);
    expect(texts(plan)).toEqual({ lines: [...opening, 'replay: NOOP', 'replay: QUIT'], replayed: 2 });
    expect(texts(plan)).toEqual({ lines: opening, replayed: 0 });
  });

  it("a lesson's set-up replaces the opening from then on; a share link brings its own port", () => {
    const plan = new SessionPlan(PRESETS['starttls-first']);
    plan.setSetup(['EHLO lesson.test']);
    plan.replayOnConnect({ port: TLS_PORT, lines: ['NOOP'] });
    expect(plan.port).toBe(TLS_PORT);
    expect(plan.scriptContext().portMode).toBe('implicit-tls');
    expect(texts(plan)).toEqual({ lines: ['opening: EHLO lesson.test', 'replay: NOOP'], replayed: 1 });
    expect(texts(plan)).toEqual({ lines: ['opening: EHLO lesson.test'], replayed: 0 });
  });
});

describe('copyText', () => {
  it('is false without a writer or when the browser refuses, true once written', async () => {
    const written: string[] = [];
    expect(await copyText(undefined, 'x')).toBe(false);
    expect(await copyText(() => Promise.reject(new Error('denied')), 'x')).toBe(false);
    expect(await copyText(async (t) => void written.push(t), 'hello')).toBe(true);
    expect(written).toEqual(['hello']);
  });
});
