import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../simulator/config.ts';
import { runHelper } from './helpers.ts';

describe('helpers', () => {
  it('/b64 and /unb64 round-trip UTF-8 text', () => {
    expect(runHelper('/b64 Username:').lines).toEqual(['VXNlcm5hbWU6']);
    expect(runHelper('/unb64 VXNlcm5hbWU6').lines).toEqual(['Username:']);
    expect(runHelper('/unb64 not base64!').lines[0]).toMatch(/not valid base64/);
  });

  it('/plain puts the AUTH PLAIN line on the prompt, defaulting to the demo token', () => {
    const expected = Buffer.from(`\0${DEMO_TOKEN}\0${DEMO_TOKEN}`).toString('base64');
    expect(runHelper('/plain').lines[0]).toBe(`AUTH PLAIN ${expected}`);
    expect(runHelper('/plain').prompt).toBe(`AUTH PLAIN ${expected}`);
    expect(runHelper('/plain tok').prompt).toBe(`AUTH PLAIN ${Buffer.from('\0tok\0tok').toString('base64')}`);
  });

  it('/plain answering a bare AUTH PLAIN gives the argument alone', () => {
    expect(runHelper('/plain', { authAnswer: true }).prompt).toBe(Buffer.from(`\0${DEMO_TOKEN}\0${DEMO_TOKEN}`).toString('base64'));
  });

  it('/login and /b64 put their base64 on the prompt', () => {
    expect(runHelper('/login').prompt).toBe(Buffer.from(DEMO_TOKEN).toString('base64'));
    expect(runHelper('/login tok').prompt).toBe('dG9r');
    expect(runHelper('/b64 hi').prompt).toBe('aGk=');
    // Helpers that build nothing to send leave the prompt alone.
    expect(runHelper('/unb64 aGk=').prompt).toBeUndefined();
    expect(runHelper('/help').prompt).toBeUndefined();
  });

  it('/example lists examples and names one to play', () => {
    expect(runHelper('/example').lines.join('\n')).toContain('first-send');
    expect(runHelper('/example first-send').action).toEqual({ type: 'example', name: 'first-send' });
    expect(runHelper('/example nope').action).toEqual({ type: 'none' });
  });

  it('maps the action helpers, case-insensitively', () => {
    expect(runHelper('/RESET').action).toEqual({ type: 'reset' });
    expect(runHelper('/copy').action).toEqual({ type: 'copy' });
    expect(runHelper('/share').action).toEqual({ type: 'share' });
    expect(runHelper('/crash').action).toEqual({ type: 'crash', mode: 'throw' });
    expect(runHelper('/crash hang').action).toEqual({ type: 'crash', mode: 'hang' });
  });

  it('/help lists helpers but not the debugging one', () => {
    const help = runHelper('/help').lines.join('\n');
    expect(help).toContain('/b64');
    expect(help).not.toContain('/crash');
  });

  it('explains unknown helpers', () => {
    expect(runHelper('/nope').lines[0]).toMatch(/Unknown helper \/nope/);
  });
});
