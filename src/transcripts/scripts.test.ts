/** The docs' example sessions must show what their headings promise. */
import { describe, expect, it } from 'vitest';
import { playScript } from '../../simulator/index.ts';
import { SCRIPTS, type ScriptName } from './scripts.ts';

/** The reply each script exists to show, as "code enhanced". */
const SHOWS: Record<ScriptName, string> = {
  'first-send': '250 2.0.0',
  'starttls-to-auth': '235 2.7.0',
  'implicit-tls': '235 2.7.0',
  'auth-plain': '235 2.7.0',
  'auth-plain-challenge': '235 2.7.0',
  'auth-login': '235 2.7.0',
  'wrong-token': '535 5.7.8',
  'mail-before-auth': '530 5.7.0',
  'auth-before-tls': '530 5.7.0',
  'domain-mismatch': '550 5.7.1',
  'tags-and-unsubscribe': '250 2.0.0',
  'blocked-attachment': '550 5.6.1',
  'too-many-to': '550 5.5.3',
  'blocked-recipient': '550 5.1.1',
  dkim: '550 5.7.1',
  plan: '550 5.7.1',
  disabled: '550 5.7.1',
  rate: '451 4.7.0',
};

describe.each(Object.keys(SCRIPTS) as ScriptName[])('docs script %s', (name) => {
  it(`shows ${SHOWS[name]}`, async () => {
    const script = SCRIPTS[name];
    const { lines } = await playScript(script.lines, { port: script.port, failures: new Set(script.failures ?? []) });
    const server = lines.filter((l) => l.from === 'S').map((l) => l.text);
    expect(server.some((t) => t.startsWith(SHOWS[name]))).toBe(true);
    // Nothing in an example should be an accidental syntax or sequence error.
    expect(server.filter((t) => /^50[0-4] /.test(t) && !t.startsWith('502 5.5.1 This connection is already TLS'))).toEqual([]);
  });
});

it('the tags example carries its tags and unsubscribe into the record', async () => {
  const { records } = await playScript(SCRIPTS['tags-and-unsubscribe'].lines, { port: 587 });
  expect(records[0]!.payload.tags).toEqual(['welcome', 'onboarding']);
  expect(records[0]!.payload.list_unsubscribe).toBe('<https://example.com/unsubscribe?u=42>, <mailto:unsubscribe@example.com>');
});
