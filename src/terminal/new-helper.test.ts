/**
 * A row of the helper table is all a new helper needs: added to the table, it is
 * listed by /help, completed by Tab, runs (reaching the worker through its
 * context) and appears in the simulator page's list, with no other file touched.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helperListRows } from '../components/docs/helper-list.ts';
import { TerminalController } from './controller.ts';
import { HELPERS, type Helper } from './helpers.ts';
import { getPreset } from './presets.ts';
import { SessionHost } from './session-host.ts';
import { entryText } from './transcript.ts';
import { localSession } from './worker-client.ts';

const cram: Helper = {
  name: '/cram',
  usage: '/cram SECRET',
  summary: 'a made-up helper that asks the worker something',
  run: async (arg, ctx) => {
    const result = await ctx.worker((api) => api.send('NOOP\r\n'));
    ctx.note(`cram ${arg}: the worker answered ${result?.events.length ?? 0} event(s)`);
  },
};
const table = [...HELPERS, cram];

function make() {
  return new TerminalController({ preset: getPreset('free'), startSession: () => localSession(new SessionHost()), helpers: table });
}

describe('a new helper from one table row', () => {
  it('is listed by /help', async () => {
    const c = make();
    await c.submit(['/help']);
    expect(c.getView().entries.map(entryText)).toContain(`  ${'/cram SECRET'.padEnd(16)} a made-up helper that asks the worker something`);
  });

  it('is completed by Tab, with room for its argument', () => {
    expect(make().complete('/cr')).toEqual({ text: '/cram ' });
  });

  it('runs with its argument and reaches the worker', async () => {
    const c = make();
    await c.connect();
    await c.submit(['/cram s3cret']);
    expect(c.getView().entries.map(entryText)).toContain('cram s3cret: the worker answered 1 event(s)');
  });

  it('appears in the simulator page list, which the page renders', () => {
    expect(helperListRows(table)).toContainEqual({ usage: '/cram SECRET', summary: cram.summary, debugging: false });
    expect(helperListRows().map((r) => r.usage)).toEqual(HELPERS.map((h) => h.usage));
    const page = readFileSync(new URL('../content/docs/simulator.mdx', import.meta.url), 'utf8');
    expect(page).toMatch(/^<HelperList \/>$/m);
  });
});
