import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../simulator/config.ts';
import { HELPERS, runHelper, type Helper, type HelperContext } from './helpers.ts';
import { SessionHost } from './session-host.ts';
import { localSession } from './worker-client.ts';

/** A terminal that records what a helper asked of it. */
function fakeTerminal(options: { authAnswer?: boolean; sessionOpen?: boolean; helpers?: readonly Helper[] } = {}) {
  const said = { notes: [] as string[], offered: [] as string[], asked: [] as string[] };
  const ask = (what: string) => async () => void said.asked.push(what);
  const context: HelperContext = {
    authAnswer: options.authAnswer ?? false,
    helpers: options.helpers ?? HELPERS,
    sessionOpen: options.sessionOpen ?? false,
    note: (...lines) => void said.notes.push(...lines),
    offer: (line) => void said.offered.push(line),
    newSession: ask('reset'),
    copyTranscript: ask('copy'),
    clearScreen: () => void said.asked.push('clear'),
    share: () => void said.asked.push('share'),
    playExample: async (name) => void said.asked.push(`example ${name}`),
    worker: async (request) => {
      said.asked.push('worker');
      return request({ ...localSession(new SessionHost()), crash: async (mode) => void said.asked.push(`crash ${mode}`) });
    },
  };
  return { context, said };
}

async function run(line: string, options: Parameters<typeof fakeTerminal>[0] = {}) {
  const { context, said } = fakeTerminal(options);
  await runHelper(line, context);
  return said;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('helpers', () => {
  it('/b64 and /unb64 round-trip UTF-8 text', async () => {
    expect((await run('/b64 Username:')).notes).toEqual(['VXNlcm5hbWU6']);
    expect((await run('/unb64 VXNlcm5hbWU6')).notes).toEqual(['Username:']);
    expect((await run('/unb64 not base64!')).notes[0]).toMatch(/not valid base64/);
  });

  it('/plain puts the AUTH PLAIN line on the prompt, defaulting to the demo token', async () => {
    const expected = base64(`\0${DEMO_TOKEN}\0${DEMO_TOKEN}`);
    expect((await run('/plain')).notes[0]).toBe(`AUTH PLAIN ${expected}`);
    expect((await run('/plain')).offered).toEqual([`AUTH PLAIN ${expected}`]);
    expect((await run('/plain tok')).offered).toEqual([`AUTH PLAIN ${base64('\0tok\0tok')}`]);
  });

  it('/plain answering a bare AUTH PLAIN gives the argument alone', async () => {
    expect((await run('/plain', { authAnswer: true })).offered).toEqual([base64(`\0${DEMO_TOKEN}\0${DEMO_TOKEN}`)]);
  });

  it('/login and /b64 put their base64 on the prompt', async () => {
    expect((await run('/login')).offered).toEqual([base64(DEMO_TOKEN)]);
    expect((await run('/login tok')).offered).toEqual(['dG9r']);
    expect((await run('/b64 hi')).offered).toEqual(['aGk=']);
    // Helpers that build nothing to send leave the prompt alone.
    expect((await run('/unb64 aGk=')).offered).toEqual([]);
    expect((await run('/help')).offered).toEqual([]);
  });

  it('/example lists examples and names one to play', async () => {
    expect((await run('/example')).notes.join('\n')).toContain('first-send');
    expect((await run('/example first-send')).asked).toEqual(['example first-send']);
    const nope = await run('/example nope');
    expect(nope.asked).toEqual([]);
    expect(nope.notes[0]).toMatch(/No example called "nope"/);
    // A pasted wall of text is not quoted back whole.
    expect((await run(`/example ${'x'.repeat(100_000)}`)).notes[0]).toBe(`No example called "${'x'.repeat(40)}…". Type /example to list them.`);
  });

  it('maps the action helpers, case-insensitively', async () => {
    expect((await run('/RESET')).asked).toEqual(['reset']);
    expect((await run('/copy')).asked).toEqual(['copy']);
    expect((await run('/share')).asked).toEqual(['share']);
    expect((await run('/clear')).asked).toEqual(['clear']);
  });

  it('/crash reaches the worker only when a session is open', async () => {
    expect((await run('/crash', { sessionOpen: true })).asked).toEqual(['worker', 'crash throw']);
    expect((await run('/crash hang', { sessionOpen: true })).asked).toEqual(['worker', 'crash hang']);
    const closed = await run('/crash');
    expect(closed.asked).toEqual([]);
    expect(closed.notes[0]).toMatch(/Connect first/);
  });

  it('/help lists helpers but not the debugging one', async () => {
    const help = (await run('/help')).notes.join('\n');
    expect(help).toContain('/b64');
    expect(help).not.toContain('/crash');
  });

  it('explains unknown helpers', async () => {
    expect((await run('/nope')).notes[0]).toMatch(/Unknown helper \/nope/);
  });

  it('gives every row a lower-case name of its own that starts its usage', () => {
    const names = HELPERS.map((h) => h.name);
    expect(new Set(names).size).toBe(names.length);
    for (const h of HELPERS) {
      expect(h.name).toMatch(/^\/[a-z0-9]+$/);
      expect(h.usage === h.name || h.usage.startsWith(`${h.name} `), h.name).toBe(true);
    }
  });
});
