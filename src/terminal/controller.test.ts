import { describe, expect, it, vi } from 'vitest';
import { DEMO_TOKEN, SEND_API, SMTP } from '../../simulator/index.ts';
import { TerminalController, type TerminalDisplay } from './controller.ts';
import { plainArgument } from './encoding.ts';
import { DEFAULT_SCRIPT_CONTEXT, envelopeLines, helloLines, textMessage } from './examples.ts';
import { NOTES } from './notes.ts';
import { getPreset, type PresetId } from './presets.ts';
import { PRESET_SOLUTIONS } from './preset-solutions.fixture.ts';
import { decodeShare } from './share.ts';
import { SessionHost } from './session-host.ts';
import { entryText, type TranscriptEntry } from './transcript.ts';
import { localSession, WorkerGoneError, type SessionApi } from './worker-client.ts';

function make(presetId: PresetId = 'free', extra: Partial<ConstructorParameters<typeof TerminalController>[0]> = {}) {
  return new TerminalController({
    preset: getPreset(presetId),
    startSession: () => localSession(new SessionHost()),
    examplePauseMs: 0,
    ...extra,
  });
}

const texts = (c: TerminalController) => c.getView().entries.map(entryText);
const ctx = DEFAULT_SCRIPT_CONTEXT;
const login = [...helloLines(ctx), `AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`];

describe('TerminalController', () => {
  it('runs a whole session and shows client lines right before their replies', async () => {
    const c = make();
    await c.connect();
    expect(c.getView().status).toBe('open');
    await c.submit([...login, ...envelopeLines(ctx), ...textMessage(ctx), 'QUIT']);
    const lines = texts(c);
    expect(lines[0]).toMatch(/^\[Connected to port 587/);
    expect(lines[1]).toMatch(/^S: 220 /);
    expect(lines[2]).toBe('C: EHLO client.example.org');
    expect(lines[3]!.startsWith(`S: 250-${SMTP.host}`)).toBe(true);
    expect(lines).toContain('[TLS handshake simulated: TLSv1.3]');
    expect(lines).toContain('S: 235 2.7.0 Authenticated: sending as example.com');
    // The message text went as one chunk: all its lines, then the one reply.
    const dot = lines.indexOf('C: .');
    expect(lines[dot + 1]).toMatch(/^S: 250 2\.0\.0 Accepted: queued as /);
    expect(lines.at(-2)).toBe('S: 221 2.0.0 Bye');
    expect(lines.at(-1)).toBe('[Connection closed by the server]');
    expect(c.getView().status).toBe('closed');
    expect(c.getView().messages).toHaveLength(1);
    expect(c.getView().messages[0]!.curl).toContain(`${SEND_API.tokenHeader}: ${DEMO_TOKEN}`);
  });

  for (const [id, solution] of Object.entries(PRESET_SOLUTIONS)) {
    it(`preset ${id}: the opening lines and a solution reach the goal`, async () => {
      const c = make(id as PresetId);
      await c.connect();
      expect(c.getView().goal?.reached).toBe(id === 'service-down');
      await c.submit(solution);
      expect(c.getView().goal).toEqual({ text: getPreset(id).goal!.text, reached: true });
      expect(texts(c)).toContain(`✓ Goal reached: ${getPreset(id).goal!.text}`);
    });
  }

  it('runs helpers locally and never sends them', async () => {
    const c = make();
    await c.connect();
    const send = vi.spyOn(SessionHost.prototype, 'send');
    await c.submit(['/b64 hi']);
    expect(send).not.toHaveBeenCalled();
    expect(texts(c).slice(-3, -1)).toEqual(['» /b64 hi', 'aGk=']);
    send.mockRestore();
  });

  it('sends a line starting with / as message text inside DATA', async () => {
    const c = make();
    await c.connect();
    await c.submit([...login, ...envelopeLines(ctx), 'From: hello@example.com', 'To: a@example.net', '', '/help is not a helper here', '.']);
    expect(texts(c)).toContain('C: /help is not a helper here');
    expect(c.getView().messages[0]!.record.payload.textbody).toContain('/help is not a helper here');
  });

  it('explains how to leave DATA on Ctrl+C', async () => {
    const c = make();
    await c.connect();
    await c.submit([...login, ...envelopeLines(ctx)]);
    c.interrupt('Subj');
    expect(texts(c).slice(-3)[0]).toBe('» Subj^C');
    expect(texts(c).at(-1)).toMatch(/type \. to finish/);
  });

  it('plays an example in a new session through the display', async () => {
    const typed: string[] = [];
    const display: TerminalDisplay = { print: () => undefined, clear: () => undefined, type: async (line) => void typed.push(line) };
    const c = make();
    c.attachDisplay(display);
    await c.connect();
    await c.submit(['/example auth-login']);
    expect(typed[0]).toBe('EHLO client.example.org');
    expect(texts(c)).toContain('S: 334 VXNlcm5hbWU6');
    expect(c.getView().messages[0]!.record.status).toBe('accepted');
    expect(c.getView().playing).toBe(false);
  });

  it('mirrors every entry to the display, in order', async () => {
    const printed: TranscriptEntry[] = [];
    const c = make();
    await c.connect();
    c.attachDisplay({ print: (e) => void printed.push(...e), clear: () => undefined, type: async () => undefined });
    await c.submit(['EHLO a', 'NOOP', '/b64 x']);
    expect(printed).toEqual(c.getView().entries);
  });

  it('reports a dead worker once and reconnects with a new one', async () => {
    let gone: (reason: string) => void = () => undefined;
    const starts: number[] = [];
    const c = make('free', {
      startSession: (onGone) => {
        starts.push(starts.length);
        gone = onGone;
        const host = new SessionHost();
        const api: SessionApi = {
          ...localSession(host),
          send: async (text) => {
            if (text.startsWith('NOOP')) {
              onGone('the simulator crashed');
              throw new WorkerGoneError('the simulator crashed');
            }
            return host.send(text);
          },
        };
        return api;
      },
    });
    await c.connect();
    await c.submit(['NOOP', 'EHLO a']);
    expect(c.getView().status).toBe('dead');
    expect(texts(c).filter((t) => t.startsWith('[Stopped'))).toHaveLength(1);
    // The queued EHLO was dropped with the dead worker.
    expect(texts(c)).not.toContain('C: EHLO a');
    gone('again');
    expect(texts(c)).not.toContain(NOTES.reconnecting);
    await c.connect();
    expect(starts).toEqual([0, 1]);
    expect(c.getView().status).toBe('open');
    // Connecting after the worker stopped says a new one took its place; a later connect does not.
    expect(texts(c).filter((t) => t === NOTES.reconnecting)).toHaveLength(1);
    await c.connect();
    expect(texts(c).filter((t) => t === NOTES.reconnecting)).toHaveLength(1);
  });

  it('treats an exception from the session as a crash', async () => {
    const c = make('free', {
      startSession: () => ({ ...localSession(new SessionHost()), send: async () => Promise.reject(new Error('boom')) }),
    });
    await c.connect();
    await c.submit(['NOOP']);
    expect(c.getView().status).toBe('dead');
    expect(c.getView().goneReason).toMatch(/boom/);
  });

  it('warns before sharing credentials that are not the demo token', async () => {
    const clipboard = vi.fn(async () => undefined);
    const c = make('free', { clipboard, pageUrl: () => 'https://docs.example/simulator/' });
    await c.connect();
    await c.submit([...helloLines(ctx), `AUTH PLAIN ${plainArgument('my-real-token')}`]);
    c.requestShare();
    const view = c.getView();
    expect(view.share.status).toBe('confirm');
    c.confirmShare(true);
    const share = c.getView().share;
    expect(share.status).toBe('ready');
    const decoded = decodeShare(new URL(share.status === 'ready' ? share.url : '').hash);
    expect(decoded?.lines.at(-1)).toBe(`AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`);
    await vi.waitFor(() => expect(clipboard).toHaveBeenCalled());
  });

  it('replays a shared session after the preset opening', async () => {
    const c = make('wrong-token', { replay: { port: 587, lines: ['AUTH PLAIN ' + plainArgument('x')] } });
    await c.connect();
    expect(texts(c)).toContain('[Replaying 1 client line from a shared link]');
    expect(c.getView().goal?.reached).toBe(true);
  });

  it('never runs helpers from a shared link', async () => {
    const c = make('free', { replay: { port: 587, lines: ['/crash', 'EHLO a.test'] } });
    await c.connect();
    expect(texts(c)).toContain('Skipped "/crash" from the shared link: helpers are not replayed.');
    expect(texts(c)).toContain('C: EHLO a.test');
    expect(c.getView().status).toBe('open');
  });

  it('refuses to send while not connected, and says why', async () => {
    const c = make();
    await c.submit(['EHLO a']);
    expect(texts(c)).toEqual(['» EHLO a', 'Not sent: not connected. Press Connect, or type /reset.']);
  });

  it('reconnects on a port change', async () => {
    const c = make();
    await c.connect();
    await c.setPort(465);
    expect(c.getView().session?.tls).toBe(true);
    expect(texts(c)).toContain('[Switching to port 465: new session]');
  });

  it('offers the hint command on Tab at an empty line', async () => {
    const c = make();
    await c.connect();
    expect(c.complete('')).toEqual({ text: 'EHLO client.example.org' });
    expect(c.complete('sta')).toEqual({ text: 'STARTTLS' });
  });
});

describe('TerminalController: no retyping', () => {
  it('offers the line a helper built for the prompt, and keeps the history rule in one place', async () => {
    const c = make();
    await c.connect();
    const offered: string[] = [];
    c.onPrompt((line) => offered.push(line));
    await c.submit(['EHLO a.test', 'STARTTLS', 'EHLO a.test', '/plain']);
    expect(offered).toEqual([`AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`]);
    await c.submit(['AUTH LOGIN']);
    await c.submit(['/login']);
    expect(offered.at(-1)).toBe(Buffer.from(DEMO_TOKEN).toString('base64'));
    await c.submit([offered.at(-1)!, offered.at(-1)!]);
    expect(c.getView().session?.authenticated).toBe(true);
    await c.submit([...envelopeLines(ctx), 'Subject: not a command', '.']);
    // Commands typed at the command prompt only: not AUTH answers, not message text.
    expect(c.history.entries).toEqual(['EHLO a.test', 'STARTTLS', 'EHLO a.test', '/plain', 'AUTH LOGIN', ...envelopeLines(ctx)]);
  });
});
