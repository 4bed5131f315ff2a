/**
 * Byte-exact tests over a raw socket: what no well-behaved client sends, and the
 * TCP adapter's own duties (smtp-rules.md rows 13, 21, 24, 25, 26).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, RawClient, authPlain, buildMessage, expectCode, startTestSandbox, until, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sandbox.close());

/** Replies in a stretch of server output, one string per reply (last line of each). */
function replyLines(text: string): string[] {
  return text.split('\r\n').filter((l) => /^\d{3} /.test(l));
}

describe('SMTP smuggling (smtp-rules.md row 21)', () => {
  // Each look-alike of <CRLF>.<CRLF> must stay message content (or sink the whole
  // message): it may never end DATA, and what follows may never run as commands.
  const variants: Record<string, string> = {
    'LF . LF': '\n.\n',
    'CR . CR': '\r.\r',
    'LF . CRLF': '\n.\r\n',
    'CRLF . LF': '\r\n.\n',
    'CR . CRLF': '\r.\r\n',
    'CRLF . CR': '\r\n.\r',
    'CR . LF': '\r.\n',
    'LF . CR': '\n.\r',
    'CRLF . NUL CRLF': '\r\n.\0\r\n',
    'CRLF NUL . CRLF': '\r\n\0.\r\n',
  };
  const smuggled =
    'MAIL FROM:<smuggler@example.com>\r\nRCPT TO:<victim@example.net>\r\nDATA\r\n' +
    `From: smuggler@${DOMAIN}\r\nTo: victim@example.net\r\nSubject: smuggled\r\n\r\nsmuggled body\r\n`;

  for (const [name, marker] of Object.entries(variants)) {
    it(`does not end DATA at ${name}`, async () => {
      const before = t.messages.length;
      const c = await RawClient.connect(t.port);
      await c.login();
      expectCode(await c.command(`MAIL FROM:<app@${DOMAIN}>`), 250);
      expectCode(await c.command('RCPT TO:<reader@example.net>'), 250);
      expectCode(await c.command('DATA'), 354);
      const head = buildMessage({ subject: `smuggling ${name}`, to: 'reader@example.net', body: 'first part' }).replace(/\r\n$/, '');
      c.write(`${head}${marker}${smuggled}\r\n.\r\nQUIT\r\n`);
      const rest = await c.readUntilClose();
      const replies = replyLines(rest);
      // One final reply for the one message, then QUIT's 221: no 250 for MAIL or RCPT, no 354.
      expect(replies).toHaveLength(2);
      expect(replies[0]).toMatch(/^(250 2\.0\.0 Accepted|5\d\d )/);
      expect(replies[1]).toMatch(/^221 /);
      expect(rest).not.toContain('smuggler');
      expect(rest).not.toContain('354');

      await until(() => t.messages.length > before, 5_000, 'the record');
      const records = t.messages.slice(before).map((m) => m.record);
      expect(records).toHaveLength(1);
      const [record] = records;
      expect(record!.envelope).toEqual({ mail_from: `app@${DOMAIN}`, rcpt_to: ['reader@example.net'] });
      if (record!.status === 'accepted') {
        // Kept as content of the one message, with a warning about the odd line ends.
        expect(record!.payload.subject).toBe(`smuggling ${name}`);
        expect(record!.payload.textbody).toContain('MAIL FROM:<smuggler@example.com>');
        expect(record!.payload.textbody).toContain('smuggled body');
        expect(record!.warnings.length).toBeGreaterThan(0);
      }
      await until(() => c.closed, 5_000, 'close');
    });
  }
});

describe('the TCP adapter', () => {
  it('never answers plaintext pipelined after STARTTLS (row 13)', async () => {
    const c = await RawClient.connect(t.port);
    expectCode(await c.reply(), 220);
    expectCode(await c.command('EHLO client.test'), 250);
    c.write('STARTTLS\r\nNOOP\r\nEHLO injected.test\r\n');
    expect(await c.reply()).toMatch(/^220 2\.0\.0 /);
    await c.startTls();
    // Inside TLS the session starts over: EHLO works, MAIL needs EHLO and AUTH first.
    const ehlo = expectCode(await c.command('EHLO client.test'), 250);
    expect(ehlo).toContain('AUTH PLAIN LOGIN');
    expect(ehlo).not.toContain('STARTTLS');
    expectCode(await c.command('NOOP'), 250);
    expectCode(await c.command('QUIT'), 221);
    await c.readUntilClose();
    // Exactly one reply per command we sent in TLS, none for the plaintext ones.
    expect(c.received.match(/^250 2\.0\.0 OK/gm)).toHaveLength(1);
    expect(c.received).not.toContain('injected.test');
  });

  it('greets with 421 4.7.0 past --max-connections and serves again once a slot frees (row 25)', async () => {
    const capped = await startTestSandbox({ maxConnections: 2 });
    try {
      const a = await RawClient.connect(capped.port);
      const b = await RawClient.connect(capped.tlsPort, { tls: true });
      expectCode(await a.reply(), 220);
      expectCode(await b.reply(), 220);
      const c = await RawClient.connect(capped.port);
      expect(await c.reply()).toMatch(/^421 4\.7\.0 /);
      await c.readUntilClose();
      const d = await RawClient.connect(capped.tlsPort, { tls: true });
      expect(await d.reply()).toMatch(/^421 4\.7\.0 /);
      await d.readUntilClose();
      expectCode(await a.command('QUIT'), 221);
      await a.readUntilClose();
      await until(() => capped.sandbox.connectionCount === 1, 5_000, 'the slot to free');
      const e = await RawClient.connect(capped.port);
      expectCode(await e.reply(), 220);
      e.destroy();
      b.destroy();
    } finally {
      await capped.sandbox.close();
    }
  });

  it('sends 421 4.4.2 and closes an idle connection, before and after TLS (row 24)', async () => {
    const quick = await startTestSandbox({ idleTimeoutMs: 300 });
    try {
      const plain = await RawClient.connect(quick.port);
      expectCode(await plain.reply(), 220);
      const started = Date.now();
      expect(await plain.reply(3_000)).toMatch(/^421 4\.4\.2 /);
      await plain.readUntilClose();
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);

      const secure = await RawClient.connect(quick.port);
      await secure.login();
      expectCode(await secure.command(`MAIL FROM:<app@${DOMAIN}>`), 250);
      expect(await secure.reply(3_000)).toMatch(/^421 4\.4\.2 /);
      await secure.readUntilClose();

      // Traffic keeps a connection alive past the timeout.
      const busy = await RawClient.connect(quick.port);
      expectCode(await busy.reply(), 220);
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 150));
        expectCode(await busy.command('NOOP'), 250);
      }
      busy.destroy();
      await quick.waitForNoConnections();
    } finally {
      await quick.sandbox.close();
    }
  });

  it('records nothing when the client drops mid-DATA or mid-AUTH (row 26)', async () => {
    const before = t.messages.length;
    const c = await RawClient.connect(t.port);
    await c.login();
    expectCode(await c.command(`MAIL FROM:<app@${DOMAIN}>`), 250);
    expectCode(await c.command('RCPT TO:<reader@example.net>'), 250);
    expectCode(await c.command('DATA'), 354);
    c.write(buildMessage({ subject: 'dropped' }) + 'more text\r\n'.repeat(5000));
    await new Promise((r) => setTimeout(r, 50));
    c.destroy();

    const auth = await RawClient.connect(t.tlsPort, { tls: true });
    expectCode(await auth.reply(), 220);
    expectCode(await auth.command('EHLO client.test'), 250);
    expectCode(await auth.command('AUTH LOGIN'), 334);
    auth.destroy();

    await t.waitForNoConnections();
    // The sandbox still works, and the next message is the only one recorded.
    const d = await RawClient.connect(t.port);
    await d.login();
    expectCode(await d.command(`MAIL FROM:<app@${DOMAIN}>`), 250);
    expectCode(await d.command('RCPT TO:<reader@example.net>'), 250);
    expectCode(await d.command('DATA'), 354);
    expectCode(await d.command(`${buildMessage({ subject: 'after the drop' })}.`), 250);
    d.destroy();
    const after = t.messages.slice(before).map((m) => m.record.payload.subject);
    expect(after).toEqual(['after the drop']);
  });

  it('drops a client on the wrong port, logging why, and one that never finishes a handshake', async () => {
    const quick = await startTestSandbox({ idleTimeoutMs: 300 });
    try {
      const plain = await RawClient.connect(quick.tlsPort);
      plain.write('EHLO client.test\r\n');
      const rest = await plain.readUntilClose();
      expect(rest).not.toMatch(/^\d{3}/m); // no SMTP reply in plaintext
      await until(() => quick.logs.some((l) => l.startsWith('TLS handshake with 127.0.0.1')), 5_000, 'a log line');

      // The other way round: a TLS client on the STARTTLS port gets plaintext errors and a hint in the log.
      await expect(RawClient.connect(quick.port, { tls: true })).rejects.toThrow();
      await until(() => quick.logs.some((l) => l.includes('started a TLS handshake on the STARTTLS port')), 5_000, 'a log line');

      const silent = await RawClient.connect(quick.port);
      expectCode(await silent.reply(), 220);
      expectCode(await silent.command('EHLO client.test'), 250);
      expectCode(await silent.command('STARTTLS'), 220);
      // ...and never starts the handshake: the idle timer drops it.
      await silent.readUntilClose(3_000);
      await quick.waitForNoConnections();
    } finally {
      await quick.sandbox.close();
    }
  });

  it('answers every command of a pipelined transaction in order', async () => {
    const c = await RawClient.connect(t.port);
    await c.login();
    const message = buildMessage({ subject: 'pipelined' });
    c.write(`MAIL FROM:<app@${DOMAIN}>\r\nRCPT TO:<a@example.net>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n${message}.\r\nNOOP\r\nQUIT\r\n`);
    const replies = replyLines(await c.readUntilClose());
    expect(replies.map((r) => r.slice(0, 3))).toEqual(['250', '250', '250', '354', '250', '250', '221']);
  });

  it('says 421 4.3.0 to open sessions on shutdown, mid-transaction included', async () => {
    const own = await startTestSandbox();
    const idle = await RawClient.connect(own.port);
    expectCode(await idle.reply(), 220);
    const inData = await RawClient.connect(own.port);
    await inData.login();
    expectCode(await inData.command(`MAIL FROM:<app@${DOMAIN}>`), 250);
    expectCode(await inData.command('RCPT TO:<reader@example.net>'), 250);
    expectCode(await inData.command('DATA'), 354);
    inData.write('Subject: unfinished\r\n');
    const closing = own.sandbox.close();
    expect(await idle.reply()).toMatch(/^421 4\.3\.0 /);
    expect(await inData.reply()).toMatch(/^421 4\.3\.0 /);
    await Promise.all([idle.readUntilClose(), inData.readUntilClose()]);
    await closing;
    expect(own.messages).toEqual([]);
    await expect(RawClient.connect(own.port)).rejects.toThrow();
  });

  it('closes at once on an HTTP request, and never takes credentials in plaintext', async () => {
    const http = await RawClient.connect(t.port);
    expectCode(await http.reply(), 220);
    http.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(await http.reply()).toMatch(/^554 /);
    await http.readUntilClose();

    const auth = await RawClient.connect(t.port);
    expectCode(await auth.reply(), 220);
    expectCode(await auth.command('EHLO client.test'), 250);
    // Credentials are never taken in plaintext.
    expect(await auth.command(`AUTH PLAIN ${authPlain()}`)).toMatch(/^5(30|38) /);
    auth.destroy();
  });
});
