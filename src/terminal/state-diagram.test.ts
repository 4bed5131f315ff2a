import { describe, expect, it } from 'vitest';
import { STATES, TRANSITIONS } from '../../simulator/index.ts';
import { describeDiagram, layoutDiagram } from './state-diagram.ts';

describe('state diagram', () => {
  const diagram = layoutDiagram();

  it('has a box for every state of the core', () => {
    expect(diagram.nodes.map((n) => n.state)).toEqual([...STATES]);
  });

  it('draws one arrow per pair of states the table joins, and lists loops', () => {
    const pairs = new Set(TRANSITIONS.filter((t) => t.from !== t.to).map((t) => `${t.from}>${t.to}`));
    expect(new Set(diagram.edges.map((e) => `${e.from}>${e.to}`))).toEqual(pairs);
    expect(diagram.loops.ready).toEqual(expect.arrayContaining(['NOOP', 'HELP', 'VRFY']));
    expect(diagram.edges.find((e) => e.from === 'connected' && e.to === 'ready')?.label).toBe('EHLO / HELO');
  });

  it('keeps every label inside the drawing', () => {
    for (const e of diagram.edges) {
      expect(e.labelX).toBeGreaterThan(0);
      expect(e.labelX).toBeLessThan(diagram.width);
      expect(e.labelY).toBeGreaterThan(0);
      expect(e.labelY).toBeLessThan(diagram.height);
    }
  });

  it('describes every state in words', () => {
    const text = describeDiagram(diagram);
    expect(text).toHaveLength(STATES.length);
    expect(text.find((t) => t.startsWith('rcpt:'))).toContain('DATA → data');
  });
});
