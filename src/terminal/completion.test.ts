import { describe, expect, it } from 'vitest';
import { HEADERS } from '../../simulator/index.ts';
import { complete } from './completion.ts';

describe('completion', () => {
  it('completes a unique command in its canonical spelling', () => {
    expect(complete('sta', 'command')).toEqual({ text: 'STARTTLS' });
    expect(complete('ma', 'command')).toEqual({ text: 'MAIL FROM:<' });
  });

  it('extends to the common prefix and lists the candidates', () => {
    expect(complete('AU', 'command')).toEqual({ text: 'AUTH ', options: ['AUTH PLAIN', 'AUTH LOGIN'] });
    expect(complete('AUTH P', 'command')).toEqual({ text: 'AUTH PLAIN ' });
  });

  it('completes helpers and example names', () => {
    expect(complete('/pl', 'command')).toEqual({ text: '/plain ' });
    expect(complete('/example first', 'command')).toEqual({ text: '/example first-send' });
  });

  it('completes header names inside DATA and nothing during AUTH', () => {
    expect(complete('x-m', 'data')).toEqual({ text: `${HEADERS.tags}: ` });
    expect(complete('Subject: hi', 'data')).toEqual({});
    expect(complete('AU', 'auth')).toEqual({});
  });
});
