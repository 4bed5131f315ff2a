import { describe, expect, it } from 'vitest';
import type { ReplyName, SessionSnapshot } from '../../simulator/index.ts';
import { nextHint } from './hints.ts';

const snap = (over: Partial<SessionSnapshot>): SessionSnapshot => ({
  state: 'connected', tls: false, authenticated: false, domain: null, heloName: null, envelope: null, dataBytes: 0, ...over,
});

describe('hints', () => {
  const open = (snapshot: SessionSnapshot, portMode: 'starttls' | 'implicit-tls' = 'starttls', lastReply: ReplyName | null = null) =>
    nextHint({ status: 'open', portMode, snapshot, lastReply });

  it('walks a STARTTLS session step by step', () => {
    expect(open(snap({})).command).toMatch(/^EHLO /);
    expect(open(snap({ state: 'ready' })).command).toBe('STARTTLS');
    expect(open(snap({ state: 'connected', tls: true })).text).toMatch(/again/);
    expect(open(snap({ state: 'ready', tls: true })).text).toMatch(/AUTH PLAIN/);
    expect(open(snap({ state: 'ready', tls: true })).command).toBe('/plain');
    expect(open(snap({ state: 'ready', tls: true, authenticated: true, domain: 'example.com' })).command).toBe('MAIL FROM:<hello@example.com>');
    expect(open(snap({ state: 'mail', tls: true, authenticated: true })).command).toMatch(/^RCPT TO:/);
    expect(open(snap({ state: 'rcpt', tls: true, authenticated: true })).command).toBe('DATA');
    expect(open(snap({ state: 'data', tls: true, authenticated: true })).text).toMatch(/only a dot/);
  });

  it('skips STARTTLS on port 465', () => {
    expect(open(snap({ state: 'ready', tls: true }), 'implicit-tls').text).toMatch(/AUTH/);
  });

  it('reads the AUTH LOGIN challenge', () => {
    expect(open(snap({ state: 'auth', tls: true }), 'starttls', 'authChallengeUser').text).toMatch(/username/);
    expect(open(snap({ state: 'auth', tls: true }), 'starttls', 'authChallengePass').text).toMatch(/password/);
    // Tab on the empty line types the helper that puts the answer on the prompt.
    expect(open(snap({ state: 'auth', tls: true }), 'starttls', 'authChallengeUser').command).toBe('/login');
    expect(open(snap({ state: 'auth', tls: true }), 'starttls', 'authChallengePlain').command).toBe('/plain');
  });

  it('tells an accepted message apart by the reply name, not its wording', () => {
    const loggedIn = snap({ state: 'ready', tls: true, authenticated: true, domain: 'example.com' });
    expect(open(loggedIn, 'starttls', 'queued').text).toMatch(/^Message accepted/);
    expect(open(loggedIn, 'starttls', 'authOk').text).toMatch(/^Start a message/);
  });

  it('covers the states with no session', () => {
    expect(nextHint({ status: 'idle', portMode: 'starttls', snapshot: null, lastReply: null }).text).toMatch(/Connect/);
    expect(nextHint({ status: 'dead', portMode: 'starttls', snapshot: null, lastReply: null }).text).toMatch(/Reconnect/);
    expect(nextHint({ status: 'closed', portMode: 'starttls', snapshot: snap({ state: 'closed' }), lastReply: null }).command).toBe('/reset');
  });
});
