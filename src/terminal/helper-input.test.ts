/**
 * Bad input to the views: every helper, typed into a live terminal with an empty,
 * an over-long (100 KB) and a non-ASCII argument, answers on the screen (a note,
 * a line on the prompt, a cleared screen or a new session) and never throws.
 */
import { describe, expect, it } from 'vitest';
import { TerminalController, type TerminalDisplay } from './controller.ts';
import { HELPERS } from './helpers.ts';
import { getPreset } from './presets.ts';
import { SessionHost } from './session-host.ts';
import { localSession } from './worker-client.ts';

const ARGUMENTS = {
  empty: '',
  'over-long (100 KB)': 'x'.repeat(100_000),
  'non-ASCII': 'ünïcødé ✉ 日本語 \u{1F4E7} \u202E',
};

describe('helpers given bad input', () => {
  for (const helper of HELPERS) {
    for (const [kind, arg] of Object.entries(ARGUMENTS)) {
      it(`${helper.name} with an ${kind} argument answers`, async () => {
        let cleared = 0;
        const offered: string[] = [];
        const display: TerminalDisplay = { print: () => undefined, clear: () => void cleared++, type: async () => undefined };
        const c = new TerminalController({
          preset: getPreset('free'),
          startSession: () => localSession(new SessionHost()),
          clipboard: async () => undefined,
          examplePauseMs: 0,
        });
        c.attachDisplay(display);
        c.onPrompt((line) => void offered.push(line));
        await c.connect();
        const line = arg ? `${helper.name} ${arg}` : helper.name;
        await expect(c.submit([line])).resolves.toBeUndefined();
        const entries = c.getView().entries;
        const echo = entries.findIndex((e) => e.kind === 'local' && e.text === line);
        expect(echo, 'the line is echoed').toBeGreaterThanOrEqual(0);
        const answered = entries.length > echo + 1 || cleared > 0 || offered.length > 0;
        expect(answered, `${helper.name} answers`).toBe(true);
        c.dispose();
      });
    }
  }
});
