/**
 * The verification table must cover every snippet target, and each target it calls
 * "sent" must really be run by a sandbox test (a runner with `target: <export>`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as targetModule from './targets/index';
import { TARGETS } from './targets/index';
import { VERIFICATION, type TargetId } from './verification';

const SANDBOX_TESTS = new URL('../../sandbox/test/', import.meta.url);
const snippetTests = readdirSync(SANDBOX_TESTS)
  .filter((name) => /^snippet.*\.test\.ts$/.test(name))
  .map((name) => ({ name, text: readFileSync(new URL(name, SANDBOX_TESTS), 'utf8') }));

/** The name a target is exported under from targets/index.ts, e.g. 'flaskMail'. */
function exportName(id: string): string | undefined {
  return Object.entries(targetModule).find(([, value]) => (value as { id?: unknown }).id === id)?.[0];
}

describe('snippet verification table', () => {
  it('has exactly one entry per snippet target', () => {
    expect(Object.keys(VERIFICATION).sort()).toEqual(TARGETS.map((t) => t.id).sort());
  });

  it('says how, for every entry', () => {
    for (const [id, v] of Object.entries(VERIFICATION)) expect(v.how.trim(), id).not.toBe('');
  });

  const sent = (Object.entries(VERIFICATION) as [TargetId, (typeof VERIFICATION)[TargetId]][])
    .filter(([, v]) => v.kind === 'sent')
    .map(([id]) => id);
  for (const id of sent) {
    it(`${id}: a sandbox snippet test runs it`, () => {
      const name = exportName(id);
      expect(name, `no export in targets/index.ts has id "${id}"`).toBeDefined();
      const runner = new RegExp(`\\btarget:\\s*${name}\\b`);
      const files = snippetTests.filter((f) => runner.test(f.text)).map((f) => f.name);
      expect(files, `no sandbox/test/snippet*.test.ts has a runner with target: ${name}`).not.toEqual([]);
    });
  }
});
