import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN, SMTP, counterIds } from '../../simulator/index.ts';
import { plainArgument } from './encoding.ts';
import { SessionHost, type HostEvent } from './session-host.ts';

const fixed = { now: () => Date.UTC(2026, 0, 1), nextId: counterIds('t') };
const serverLines = (events: HostEvent[]) => events.flatMap((e) => (e.kind === 'reply' ? e.lines : []));

describe('SessionHost', () => {
  it('greets, simulates the STARTTLS handshake and records a message', async () => {
    const host = new SessionHost();
    const hello = host.connect({ port: 587, session: fixed });
    expect(hello.events).toContainEqual(expect.objectContaining({ kind: 'reply', name: 'greeting', code: 220 }));
    expect(serverLines(hello.events)[0]).toContain(SMTP.greetingPhrase);
    expect(hello.snapshot.tls).toBe(false);

    await host.send('EHLO c.test\r\n');
    const tls = await host.send('STARTTLS\r\n');
    expect(tls.events).toContainEqual({ kind: 'tls', version: 'TLSv1.3', simulated: true });
    expect(tls.snapshot.tls).toBe(true);
    expect(tls.snapshot.state).toBe('connected');

    const auth = await host.send(`EHLO c.test\r\nAUTH PLAIN ${plainArgument(DEMO_TOKEN)}\r\n`);
    // Logging in is an event of its own, right after the reply that says so.
    expect(auth.events.map((e) => e.kind)).toEqual(['reply', 'reply', 'authenticated']);
    expect(auth.events.at(-1)).toEqual({ kind: 'authenticated', domain: 'example.com' });
    await host.send('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n');
    const done = await host.send('From: a@example.com\r\nTo: b@example.net\r\nSubject: Hi\r\nMessage-ID: <x@y>\r\n\r\nBody\r\n.\r\n');
    const message = done.events.find((e) => e.kind === 'message');
    expect(message?.kind === 'message' && message.record.status).toBe('accepted');
    expect(message?.kind === 'message' && message.raw).toContain('Subject: Hi');
    expect(message?.kind === 'message' && message.record.dropped_headers.map((h) => h.name)).toContain('Message-ID');
    expect(done.events.filter((e) => e.kind === 'reply').map((e) => e.kind === 'reply' && e.name)).toEqual(['queued']);
    expect(serverLines(done.events)).toEqual(['250 2.0.0 Accepted: queued as t-000001']);
  });

  it('starts in TLS on port 465 and reports the close after QUIT', async () => {
    const host = new SessionHost();
    const hello = host.connect({ port: 465, session: fixed });
    expect(hello.snapshot.tls).toBe(true);
    expect(hello.events[0]).toEqual({ kind: 'connected', port: 465, mode: 'implicit-tls', tls: { version: 'TLSv1.3', simulated: true } });
    const bye = await host.send('QUIT\r\n');
    expect(bye.events.at(-1)).toEqual({ kind: 'closed', by: 'server' });
    expect(bye.closed).toBe(true);
  });

  it('applies failure knobs: down closes with a 421 greeting', () => {
    const host = new SessionHost();
    const result = host.connect({ port: 587, failures: ['down'] });
    expect(serverLines(result.events)[0]).toMatch(/^421 /);
    expect(result.closed).toBe(true);
  });

  it('forgets the previous session on a new connect', async () => {
    const host = new SessionHost();
    host.connect({ port: 587 });
    await host.send('EHLO a\r\n');
    const again = host.connect({ port: 587 });
    expect(again.snapshot.heloName).toBeNull();
  });
});
