/** The way back from where a reader wandered, worked out from state and reply names alone. */
import { describe, expect, it } from 'vitest';
import { detourFor, type DetourInput } from './detour.ts';
import { keystrokeText } from './keystrokes.ts';

const snapshot = (over: Partial<NonNullable<DetourInput['snapshot']>> = {}): NonNullable<DetourInput['snapshot']> => ({
  state: 'ready',
  tls: true,
  authenticated: true,
  heloName: 'laptop.example.com',
  envelope: null,
  ...over,
});
const at = (over: Partial<DetourInput> = {}): DetourInput => ({ status: 'open', portMode: 'starttls', snapshot: snapshot(), lastReply: null, withinMessage: false, ...over });

describe('detourFor', () => {
  it('says nothing while the session connects, upgrades, or is where the step needs it', () => {
    expect(detourFor('message', at({ status: 'connecting', snapshot: null }))).toBeNull();
    expect(detourFor('logged-in', at({ snapshot: snapshot({ state: 'tls-handshake', tls: false }) }))).toBeNull();
    expect(detourFor('logged-in', at())).toBeNull();
    expect(detourFor('greeted', at({ snapshot: snapshot({ state: 'connected', tls: false, heloName: null, authenticated: false }) }))).toBeNull();
  });

  it('MAIL before AUTH: not logged in, and /plain then Enter again', () => {
    const d = detourFor('logged-in', at({ snapshot: snapshot({ authenticated: false }), lastReply: 'authRequired' }))!;
    expect(d.missed).toBe('You are not logged in yet.');
    expect(keystrokeText(d.back)).toMatch(/^Type \/plain and press Enter: .*appears on the prompt, selected\. Press Enter to send it\.$/);
  });

  it('on the TLS-first port the way to a login skips STARTTLS', () => {
    const fresh = snapshot({ state: 'connected', heloName: null, authenticated: false });
    expect(keystrokeText(detourFor('logged-in', at({ portMode: 'implicit-tls', snapshot: fresh }))!.back)).not.toMatch(/STARTTLS/);
    expect(keystrokeText(detourFor('logged-in', at({ snapshot: { ...fresh, tls: false } }))!.back)).toMatch(/STARTTLS/);
  });

  it('half way through AUTH LOGIN, the answer comes first; inside DATA, the dot', () => {
    const login = detourFor('sender', at({ snapshot: snapshot({ state: 'auth', authenticated: false }), lastReply: 'authChallengeUser' }))!;
    expect(login.back[0]).toMatchObject({ kind: 'line', text: '/login' });
    const plain = detourFor('sender', at({ snapshot: snapshot({ state: 'auth', authenticated: false }), lastReply: 'authChallengePlain' }))!;
    expect(plain.back[0]).toMatchObject({ kind: 'line', text: '/plain' });
    const data = snapshot({ state: 'data', envelope: { mailFrom: 'a@example.com', rcptTo: ['b@example.net'], smtputf8: false, declaredSize: null } });
    expect(detourFor('greeted', at({ snapshot: data }))!.back).toEqual([expect.objectContaining({ kind: 'line', text: '.' })]);
    // A step that types a message itself is not off the way inside one.
    expect(detourFor('recipient', at({ snapshot: data, withinMessage: true }))).toBeNull();
  });

  it('a closed session, or a plaintext step on an encrypted one: /reset; a stopped simulator: Reconnect', () => {
    expect(detourFor('hello', at({ status: 'closed' }))!.back).toEqual([expect.objectContaining({ text: '/reset' })]);
    expect(detourFor('plaintext', at())!.back).toEqual([expect.objectContaining({ text: '/reset' })]);
    expect(detourFor('hello', at({ status: 'dead' }))).toEqual({ missed: 'The simulator stopped.', back: [] });
  });
});
