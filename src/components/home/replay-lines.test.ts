import { describe, expect, it } from 'vitest';
import { compactReplay, replayTimeline } from './replay-lines.ts';

const S = (text: string) => ({ from: 'S' as const, text });
const C = (text: string) => ({ from: 'C' as const, text });

describe('compactReplay', () => {
  it('keeps the first and last line of a long reply and counts the rest', () => {
    const lines = [C('EHLO a'), S('250-host hi'), S('250-PIPELINING'), S('250-8BITMIME'), S('250 STARTTLS'), C('QUIT')];
    expect(compactReplay(lines)).toEqual([C('EHLO a'), S('250-host hi'), { gap: 2 }, S('250 STARTTLS'), C('QUIT')]);
  });

  it('leaves one-line and two-line replies alone', () => {
    const lines = [S('220 hi'), C('EHLO a'), S('250-host'), S('250 STARTTLS')];
    expect(compactReplay(lines)).toEqual(lines);
  });

  it('never treats client lines as part of a reply', () => {
    const lines = [C('250-not a reply'), C('250-still not'), C('250 nope')];
    expect(compactReplay(lines)).toEqual(lines);
  });
});

describe('replayTimeline', () => {
  it('types client lines and shows the rest in order', () => {
    const timed = replayTimeline([S('220 hi'), C('QUIT'), { gap: 2 }, S('221 Bye')]);
    const at = timed.map((t) => t.at);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(timed[1]!.typing).toBeGreaterThan(0);
    expect(timed.filter((t) => t.typing > 0)).toHaveLength(1);
    expect(timed[2]!.at).toBeGreaterThanOrEqual(timed[1]!.at + timed[1]!.typing);
  });
});
