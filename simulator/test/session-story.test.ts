/**
 * The core's state story, whole: `new` is a state of the table, the second TLS and the
 * second login are refused by guards, a login is an event of its own, and the partial
 * line the adapter's deadline reads is the one the core itself holds. Plus the message
 * policy's one order and what it leaves out for a message that came through the API.
 */
import { describe, expect, it } from 'vitest';
import { checkGuards, type GuardView } from '../guards.ts';
import { evaluateMessage } from '../message-policy.ts';
import { resolveConfig } from '../config.ts';
import { TRANSITIONS } from '../states.ts';
import { DEMO_TOKEN, authenticatedSession, feed, newSession, plainArg, wireReply } from './harness.ts';

const view = (over: Partial<GuardView> = {}): GuardView => ({
  state: 'ready', tls: false, tlsRequired: true, implicitTls: false, port: 587, authenticated: false, ...over,
});

describe('the state table', () => {
  it('starts in new, and the greeting is the one way out of it', () => {
    const session = newSession();
    expect(session.snapshot().state).toBe('new');
    expect(TRANSITIONS.filter((t) => t.from === 'new')).toEqual([{ from: 'new', on: 'greeting', to: 'connected', label: '220 greeting' }]);
    session.start();
    expect(session.snapshot().state).toBe('connected');
  });
});

describe('guards', () => {
  it('refuse a second STARTTLS, STARTTLS on the TLS port, and a second AUTH', () => {
    expect(checkGuards(view({ tls: true }), 'STARTTLS')).toEqual({ reply: 'badSequence', params: { why: 'TLS is already active' } });
    expect(checkGuards(view({ tls: true, implicitTls: true, tlsRequired: false, port: 465 }), 'STARTTLS')).toEqual({ reply: 'startTlsOnTlsPort', params: { port: 465 } });
    expect(checkGuards(view({ tls: true, authenticated: true }), 'AUTH')).toEqual({ reply: 'badSequence', params: { why: 'Already authenticated' } });
    expect(checkGuards(view(), 'STARTTLS')).toBeNull();
    expect(checkGuards(view({ tls: true }), 'AUTH')).toBeNull();
  });

  it('answer the session before any handler runs, arguments or not', async () => {
    const session = await authenticatedSession();
    const fed = await feed(session, ['STARTTLS now\r\n', `AUTH PLAIN ${plainArg(DEMO_TOKEN)}\r\n`]);
    expect(fed.text).toBe(wireReply('badSequence', { why: 'TLS is already active' }) + wireReply('badSequence', { why: 'Already authenticated' }));
  });
});

describe('the authenticated event', () => {
  it('follows the 235, with the domain, and only then', async () => {
    const session = newSession();
    session.start();
    const wrong = await feed(session, ['EHLO c.test\r\nSTARTTLS\r\n', `EHLO c.test\r\nAUTH PLAIN ${plainArg('not-a-token')}\r\n`]);
    expect(wrong.actions.some((a) => a.type === 'authenticated')).toBe(false);
    const right = await feed(session, [`AUTH PLAIN ${plainArg(DEMO_TOKEN)}\r\n`]);
    expect(right.actions.map((a) => (a.type === 'send' ? a.reply.name : a.type))).toEqual(['authOk', 'authenticated']);
    expect(right.actions[1]).toEqual({ type: 'authenticated', domain: 'example.com' });
  });
});

describe('the partial line the adapter reads', () => {
  it('ends a line where the core ends it: CR LF, a bare CR, a bare LF', async () => {
    const session = newSession();
    session.start();
    await session.receive('NOOP\r');
    expect(session.partialLineBytes).toBe(5); // a CR at the end waits for the next byte
    await session.receive('\n');
    expect(session.partialLineBytes).toBe(0);
    await session.receive('NOOP\rNOO');
    expect(session.partialLineBytes).toBe(3);
    await session.receive('P\nHE');
    expect(session.partialLineBytes).toBe(2);
  });
});

describe('one order for every message', () => {
  const attachment = [
    'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'Hi.',
    '--b', 'Content-Type: application/octet-stream; name=setup.exe', 'Content-Disposition: attachment; filename=setup.exe', '', 'TVo=', '--b--', '',
  ].join('\r\n');

  it('a From on another domain is answered before a refused attachment', async () => {
    const session = await authenticatedSession();
    const message = `From: app@other.test\r\nTo: reader@example.net\r\nSubject: x\r\nMIME-Version: 1.0\r\n${attachment}`;
    const fed = await feed(session, [`MAIL FROM:<app@example.com>\r\nRCPT TO:<reader@example.net>\r\nDATA\r\n${message}.\r\n`]);
    expect(fed.text.endsWith(wireReply('domainMismatch', { fromDomain: 'other.test', domain: 'example.com' }))).toBe(true);
  });

  it('lists every problem in order, the answer first', async () => {
    const message = `From: app@other.test\r\nTo: not-an-address\r\nMIME-Version: 1.0\r\n${attachment}`;
    const { problems } = await evaluateMessage(new TextEncoder().encode(message), {
      config: resolveConfig(), source: 'smtp', token: 't', domain: 'example.com', mailFrom: 'app@example.com', rcptTo: ['reader@example.net'], size: 1,
      flags: { bareLf: false, bareCr: false, nul: false, longLine: false },
    });
    expect(problems.map((p) => p.rule)).toEqual(['domainMismatch', 'toInvalid', 'blockedAttachment']);
  });

  it('an API message keeps its threading fields and gets no envelope hint', async () => {
    const message = 'From: app@example.com\r\nTo: reader@example.net\r\nIn-Reply-To: <a@x>\r\nReferences: <a@x>\r\n\r\nHi.\r\n';
    const context = {
      config: resolveConfig(), token: 't', domain: 'example.com', mailFrom: 'bounce@elsewhere.test', rcptTo: ['reader@example.net'], size: 1,
      flags: { bareLf: false, bareCr: false, nul: false, longLine: false },
    };
    const api = await evaluateMessage(new TextEncoder().encode(message), { ...context, source: 'api' });
    expect(api.record.payload).toMatchObject({ inreplyto: '<a@x>', references: '<a@x>' });
    expect(api.record.dropped_headers).toEqual([]);
    expect(api.record.warnings).toEqual([]);
    const smtp = await evaluateMessage(new TextEncoder().encode(message), { ...context, source: 'smtp' });
    expect(smtp.record.payload.inreplyto).toBeUndefined();
    expect(smtp.record.dropped_headers.map((h) => h.name)).toEqual(['In-Reply-To', 'References']);
    expect(smtp.record.warnings.some((w) => w.includes('bounce@elsewhere.test'))).toBe(true);
  });
});

describe('message text', () => {
  it('is each message’s own bytes when one session sends several, a big one among them', async () => {
    const session = await authenticatedSession();
    const text = (subject: string, body: string) => `From: app@example.com\r\nTo: reader@example.net\r\nSubject: ${subject}\r\n\r\n${body}\r\n`;
    const sent = [text('long', 'a'.repeat(70) + '\r\n'.repeat(100)), text('short', 'b'), text('big', 'c'.repeat(76).concat('\r\n').repeat(400)), text('after', '.dot-stuffed')];
    const raws: string[] = [];
    for (const message of sent) {
      const stuffed = message.replace(/^\./gm, '..');
      const fed = await feed(session, ['MAIL FROM:<app@example.com>\r\nRCPT TO:<reader@example.net>\r\nDATA\r\n', stuffed, '.\r\n']);
      const finished = fed.actions.find((a) => a.type === 'message');
      if (finished?.type !== 'message' || !finished.raw) throw new Error('no message');
      raws.push(Buffer.from(finished.raw).toString('latin1'));
    }
    expect(raws).toEqual(sent);
  });
});
