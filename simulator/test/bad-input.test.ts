/**
 * One test per row of the bad-input table in shared/reference/smtp-rules.md.
 * Rows 24-26 need a socket too; the sandbox's tests cover them over real TCP,
 * and the core's half of each is checked here.
 */
import { describe, expect, it } from 'vitest';
import {
  DEMO_TOKEN,
  authenticatedSession,
  feed,
  lastReply,
  newSession,
  plainArg,
  replyLines,
  simpleMessage,
  transaction,
  wireReply,
} from './harness.ts';

const greeted = (options = {}) => {
  const s = newSession(options);
  s.start();
  return s;
};
const closed = (fed: { actions: { type: string }[] }) => fed.actions.some((a) => a.type === 'close');
const messages = (fed: { actions: { type: string }[] }) => fed.actions.filter((a) => a.type === 'message');

describe('bad input table', () => {
  it('row 1: a command line over 512 octets gets 500 5.5.2 and the session continues', async () => {
    const s = greeted();
    const fed = await feed(s, [`NOOP ${'x'.repeat(600)}\r\nNOOP\r\n`]);
    expect(fed.text).toBe(wireReply('lineTooLong', { max: 512 }) + wireReply('ok'));
    expect(s.closed).toBe(false);
  });

  it('row 1: the figure in the reply is the configured limit, not a fixed 512', async () => {
    const s = greeted({ limits: { maxCommandLineBytes: 1000 } });
    const fed = await feed(s, [`NOOP ${'x'.repeat(1100)}\r\n`]);
    expect(fed.text).toBe(wireReply('lineTooLong', { max: 1000 }));
    expect(fed.text).toContain('1000 bytes');
  });

  it('row 1: exactly 512 octets including CRLF is still a command', async () => {
    const s = greeted();
    const fed = await feed(s, [`NOOP ${'x'.repeat(512 - 'NOOP '.length - 2)}\r\n`]);
    expect(fed.text).toBe(wireReply('ok'));
  });

  it('row 2: unterminated input past the 4 KiB cap gets 421 and closes, holding little memory', async () => {
    const s = greeted();
    let fed = { text: '', actions: [] as { type: string }[] };
    for (let i = 0; i < 10 && !s.closed; i++) {
      fed = await feed(s, ['A'.repeat(1000)]);
      expect(s.bufferedBytes).toBeLessThanOrEqual(1000);
    }
    expect(fed.text).toBe(wireReply('inputTooLong', { bytes: 4096 }));
    expect(closed(fed)).toBe(true);
  });

  it('row 3: a DATA text line over 1000 octets is accepted and flagged', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, [transaction(simpleMessage('', 'y'.repeat(1500)))]);
    const [message] = messages(fed) as { type: 'message'; record: { status: string; warnings: string[] } }[];
    expect(message!.record.status).toBe('accepted');
    expect(message!.record.warnings.join(' ')).toMatch(/longer than 1000 octets/);
  });

  it('row 4: a bare LF ends nothing and gets 500 5.5.2 saying why', async () => {
    const s = greeted();
    const fed = await feed(s, ['NOOP\nNOOP\r\n']);
    expect(fed.text).toBe(wireReply('bareNewline', { which: 'LF' }) + wireReply('ok'));
  });

  it('row 4: a bare CR gets 500 5.5.2 saying why', async () => {
    const s = greeted();
    const fed = await feed(s, ['NOOP\rNOOP\r\n']);
    expect(fed.text).toBe(wireReply('bareNewline', { which: 'CR' }) + wireReply('ok'));
  });

  it('row 5: a NUL byte gets 500 5.5.2 and nothing after the NUL is acted on', async () => {
    const s = greeted();
    const fed = await feed(s, ['NOOP\0QUIT\r\n']);
    expect(fed.text).toBe(wireReply('nulByte'));
    expect(s.closed).toBe(false);
  });

  it('row 5: an empty command gets 500 5.5.2', async () => {
    const s = greeted();
    expect((await feed(s, ['\r\n'])).text).toBe(wireReply('emptyCommand'));
  });

  it('row 6: 8-bit bytes in an address without SMTPUTF8 get 553 5.6.7', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, ['MAIL FROM:<josé@example.com>\r\n']);
    expect(fed.text).toBe(wireReply('needsSmtpUtf8', { address: 'josé@example.com' }));
  });

  it('row 6: the same address with SMTPUTF8 is accepted', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, ['MAIL FROM:<josé@example.com> SMTPUTF8\r\nRCPT TO:<zoë@example.net>\r\n']);
    expect(fed.text).toBe(wireReply('senderOk', { address: 'josé@example.com' }) + wireReply('recipientOk', { address: 'zoë@example.net' }));
  });

  it('row 7: an unknown MAIL or RCPT parameter gets 555 5.5.4', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, ['MAIL FROM:<a@example.com> FOO=1\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net> NOTIFY=NEVER\r\n']);
    expect(fed.text).toBe(
      wireReply('unknownParameter', { param: 'FOO' }) +
        wireReply('senderOk', { address: 'a@example.com' }) +
        wireReply('unknownParameter', { param: 'NOTIFY' }),
    );
  });

  it('row 8: an unknown command gets 500 5.5.1; the tenth error ends in 421 and close', async () => {
    const s = greeted();
    const fed = await feed(s, [Array.from({ length: 12 }, (_, i) => `BOGUS${i}\r\n`).join('')]);
    const lines = replyLines(fed.text);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(wireReply('unknownCommand', { verb: 'BOGUS0' }).trimEnd());
    expect(lastReply(fed.text)).toBe(wireReply('tooManyErrors').trimEnd());
    expect(closed(fed)).toBe(true);
  });

  it('row 8: a known but unoffered command gets 502 5.5.1', async () => {
    const s = greeted();
    expect((await feed(s, ['EXPN staff\r\n'])).text).toBe(wireReply('notImplemented', { verb: 'EXPN' }));
  });

  it('row 9: out-of-sequence commands get 503 5.5.1', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, ['RCPT TO:<b@example.net>\r\nDATA\r\n']);
    expect(replyLines(fed.text).map((l) => l.slice(0, 9))).toEqual(['503 5.5.1', '503 5.5.1']);
  });

  it.each(['GET / HTTP/1.1', 'POST /send HTTP/1.0', 'Host: smtp.mailpace.com'])('row 10: an HTTP request line (%s) closes at once', async (line) => {
    const s = greeted();
    const fed = await feed(s, [`${line}\r\nNOOP\r\n`]);
    expect(fed.text).toBe(wireReply('httpRequest'));
    expect(closed(fed)).toBe(true);
  });

  it('row 11: a client that talks before the greeting gets 554 and close', async () => {
    const s = newSession();
    const fed = await feed(s, ['EHLO eager.test\r\n']);
    expect(fed.text).toBe(wireReply('spokeTooEarly'));
    expect(closed(fed)).toBe(true);
  });

  it('row 12: pipelined commands are answered in order', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, ['MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net>\r\nRCPT TO:<c@example.net>\r\nNOOP\r\nRSET\r\n']);
    expect(fed.text).toBe(
      wireReply('senderOk', { address: 'a@example.com' }) +
        wireReply('recipientOk', { address: 'b@example.net' }) +
        wireReply('recipientOk', { address: 'c@example.net' }) +
        wireReply('ok') +
        wireReply('resetOk'),
    );
  });

  it('row 13: STARTTLS then NOOP in one packet: 220, and the NOOP is discarded unanswered', async () => {
    const s = greeted();
    await feed(s, ['EHLO c.test\r\n']);
    const out = await s.receive('STARTTLS\r\nNOOP\r\n');
    expect(out.text).toBe(wireReply('startTls'));
    expect(out.actions.map((a) => a.type)).toEqual(['send', 'start-tls']);
    s.tlsEstablished();
    // Nothing of the plaintext survives the upgrade: the next reply answers the next command.
    expect((await s.receive('NOOP\r\n')).text).toBe(wireReply('ok'));
  });

  it('row 14: STARTTLS with an argument gets 501', async () => {
    const s = greeted();
    expect((await feed(s, ['EHLO c.test\r\nSTARTTLS now\r\n'])).text).toMatch(/501 5\.5\.4 .*\r\n$/);
  });

  it('row 14: a second STARTTLS gets 503', async () => {
    const s = greeted();
    const fed = await feed(s, ['EHLO c.test\r\nSTARTTLS\r\n', 'EHLO c.test\r\nSTARTTLS\r\n']);
    expect(lastReply(fed.text)).toBe(wireReply('badSequence', { why: 'TLS is already active' }).trimEnd());
  });

  it('row 14: STARTTLS on the implicit-TLS port gets 502', async () => {
    const s = greeted({ port: 465 });
    const fed = await feed(s, ['EHLO c.test\r\nSTARTTLS\r\n']);
    expect(lastReply(fed.text)).toBe(wireReply('startTlsOnTlsPort', { port: 465 }).trimEnd());
  });

  it('row 14: MAIL after TLS without a new EHLO gets 503', async () => {
    const s = greeted();
    const fed = await feed(s, ['EHLO c.test\r\nSTARTTLS\r\n', 'MAIL FROM:<a@example.com>\r\n']);
    expect(lastReply(fed.text)).toBe(wireReply('badSequence', { why: 'Send EHLO first' }).trimEnd());
  });

  it('row 15: AUTH and MAIL before TLS on a STARTTLS port get 530 5.7.0', async () => {
    const s = greeted({ port: 2525 });
    const fed = await feed(s, [`EHLO c.test\r\nAUTH PLAIN ${plainArg(DEMO_TOKEN)}\r\nMAIL FROM:<a@example.com>\r\n`]);
    expect(replyLines(fed.text).slice(-2)).toEqual([wireReply('tlsRequired').trimEnd(), wireReply('tlsRequired').trimEnd()]);
  });

  it('row 16: AUTH with invalid base64 gets 501; cancelling with * gets 501', async () => {
    const s = greeted();
    const fed = await feed(s, ['EHLO c.test\r\nSTARTTLS\r\n', 'EHLO c.test\r\nAUTH PLAIN not*base64\r\nAUTH LOGIN\r\n*\r\n']);
    const lines = replyLines(fed.text);
    expect(lines.slice(-3)).toEqual([wireReply('badBase64').trimEnd(), wireReply('authChallengeUser').trimEnd(), wireReply('authCancelled').trimEnd()]);
    expect(s.snapshot().state).toBe('ready');
  });

  it('row 17: wrong token 535, unknown mechanism 504, AUTH twice 503', async () => {
    const s = greeted();
    const fed = await feed(s, [
      'EHLO c.test\r\nSTARTTLS\r\n',
      `EHLO c.test\r\nAUTH PLAIN ${plainArg('nope')}\r\nAUTH CRAM-MD5\r\nAUTH PLAIN ${plainArg(DEMO_TOKEN)}\r\nAUTH PLAIN ${plainArg(DEMO_TOKEN)}\r\n`,
    ]);
    expect(replyLines(fed.text).slice(-4)).toEqual([
      wireReply('authFailed').trimEnd(),
      wireReply('unknownMechanism', { mechanism: 'CRAM-MD5' }).trimEnd(),
      wireReply('authOk', { domain: 'example.com' }).trimEnd(),
      wireReply('badSequence', { why: 'Already authenticated' }).trimEnd(),
    ]);
  });

  it('row 17: username and password must be the same known token', async () => {
    const s = greeted({ tokens: { tokA: 'a.example', tokB: 'b.example' } });
    const fed = await feed(s, ['EHLO c.test\r\nSTARTTLS\r\n', `EHLO c.test\r\nAUTH PLAIN ${plainArg('tokA', 'tokB')}\r\n`]);
    expect(lastReply(fed.text)).toBe(wireReply('authFailed').trimEnd());
  });

  it('row 17: repeated AUTH failures end in 421 and close', async () => {
    const s = greeted();
    const bad = `AUTH PLAIN ${plainArg('wrong')}\r\n`;
    const fed = await feed(s, ['EHLO c.test\r\nSTARTTLS\r\n', `EHLO c.test\r\n${bad}${bad}${bad}NOOP\r\n`]);
    expect(lastReply(fed.text)).toBe(wireReply('tooManyAuthFailures').trimEnd());
    expect(closed(fed)).toBe(true);
  });

  it('row 18: recipients past the limit get 452 4.5.3 and the accepted ones still get the message', async () => {
    const s = await authenticatedSession();
    const rcpts = Array.from({ length: 101 }, (_, i) => `r${i}@example.net`);
    const fed = await feed(s, [transaction(simpleMessage(), 'sender@example.com', rcpts)]);
    const lines = replyLines(fed.text);
    expect(lines.filter((l) => l.startsWith('250 2.1.5'))).toHaveLength(100);
    expect(lines).toContain(wireReply('tooManyRecipients', { max: 100 }).trimEnd());
    const [message] = messages(fed) as { type: 'message'; record: { status: string; envelope: { rcpt_to: string[] } } }[];
    expect(message!.record.status).toBe('accepted');
    expect(message!.record.envelope.rcpt_to).toHaveLength(100);
  });

  it('row 19: MAIL with SIZE over the limit gets 552 5.3.4', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, ['MAIL FROM:<a@example.com> SIZE=40000000\r\n']);
    expect(fed.text).toBe(wireReply('sizeDeclaredTooBig', { size: 40000000, max: 31457280 }));
  });

  it('row 20: DATA over the limit is read to the final dot, then 552 5.3.4, with bounded memory', async () => {
    const s = await authenticatedSession({ limits: { maxMessageBytes: 10_000 } });
    await feed(s, ['MAIL FROM:<sender@example.com>\r\nRCPT TO:<reader@example.net>\r\nDATA\r\n']);
    const line = `${'z'.repeat(98)}\r\n`;
    for (let i = 0; i < 500; i++) {
      const out = await s.receive(line);
      expect(out.text).toBe('');
      expect(s.bufferedBytes).toBeLessThanOrEqual(10_001);
    }
    const fed = await feed(s, ['.\r\nNOOP\r\n']);
    expect(fed.text).toBe(wireReply('messageTooBig', { max: 10_000 }) + wireReply('ok'));
    expect((messages(fed)[0] as { record: { status: string } }).record.status).toBe('rejected');
  });

  const smuggling = ['\n.\n', '\r.\r', '\n.\r\n', '\r\n.\n', '\r.\r\n', '\r\n.\r', '\r\n.\0\r\n', '\r\n\0.\r\n'];
  it.each(smuggling.map((s) => [JSON.stringify(s), s]))('row 21: %s neither ends DATA nor starts a second transaction', async (_name, marker) => {
    const s = await authenticatedSession();
    const smuggled = `MAIL FROM:<sender@example.com>\r\nRCPT TO:<victim@example.net>\r\nDATA\r\nFrom: sender@example.com\r\nTo: victim@example.net\r\n\r\nsmuggled\r\n`;
    const message = `${simpleMessage('', 'first part')}${marker}${smuggled}`;
    const fed = await feed(s, [transaction(message)]);
    const lines = replyLines(fed.text);
    // One MAIL, one RCPT, one DATA, one final reply: the fake commands stayed message text.
    expect(lines.filter((l) => l.startsWith('250 2.1.0'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('354'))).toHaveLength(1);
    expect(messages(fed)).toHaveLength(1);
    const record = (messages(fed)[0] as { record: { envelope: { rcpt_to: string[] }; payload: { textbody?: string } } }).record;
    expect(record.envelope.rcpt_to).toEqual(['reader@example.net']);
    expect(record.payload.textbody).toContain('RCPT TO:<victim@example.net>');
  });

  it('row 22: dot-stuffed lines are unstuffed', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, [transaction(simpleMessage('', '..leading dot\r\n...two dots'))]);
    const record = (messages(fed)[0] as { record: { payload: { textbody?: string } } }).record;
    expect(record.payload.textbody).toBe('.leading dot\n..two dots\n');
  });

  it('row 23: CR, LF or control characters inside MAIL/RCPT arguments get 501', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, ['MAIL FROM:<a@example.com> SIZE=1\tX=1\r\nMAIL FROM:<a\x01b@example.com>\r\n']);
    expect(replyLines(fed.text)).toEqual([
      wireReply('controlCharacters', { what: 'MAIL arguments' }).trimEnd(),
      wireReply('controlCharacters', { what: 'MAIL arguments' }).trimEnd(),
    ]);
  });

  it('row 24 (core half): the idle timeout sends 421 4.4.2 and closes', () => {
    const s = greeted();
    const out = s.idleTimeout();
    expect(out.text).toBe(wireReply('idleTimeout'));
    expect(out.actions.at(-1)).toEqual({ type: 'close' });
  });

  it('row 25 (core half): a refused connection gets 421 4.7.0 and closes', () => {
    const s = newSession();
    const out = s.refuse('tooManyConnections');
    expect(out.text).toBe(wireReply('tooManyConnections'));
    expect(out.actions.at(-1)).toEqual({ type: 'close' });
  });

  it('row 26 (core half): a disconnect during DATA records nothing and later input is ignored', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, ['MAIL FROM:<sender@example.com>\r\nRCPT TO:<reader@example.net>\r\nDATA\r\nFrom: x\r\n']);
    s.connectionLost();
    const after = await feed(s, ['.\r\n']);
    expect(messages(fed)).toHaveLength(0);
    expect(after.actions).toEqual([]);
  });
});

describe('adapter events during message evaluation', () => {
  it.each(['refuse', 'idleTimeout', 'connectionLost'] as const)('%s while the final dot is being evaluated answers nothing more and records nothing', async (event) => {
    const s = await authenticatedSession();
    const pending = s.receive(transaction(simpleMessage()));
    // Let the evaluation start, then end the session from the adapter's side.
    await Promise.resolve();
    await Promise.resolve();
    if (event === 'refuse') s.refuse('shuttingDown');
    else if (event === 'idleTimeout') s.idleTimeout();
    else s.connectionLost();
    const out = await pending;
    expect(out.actions.filter((a) => a.type === 'message')).toEqual([]);
    expect(s.closed).toBe(true);
  });
});

describe('MailPace headers', () => {
  it('decodes RFC 2047 encoded words in X-MailPace-Tags and X-List-Unsubscribe', async () => {
    const s = await authenticatedSession();
    const fed = await feed(s, [transaction(simpleMessage('X-MailPace-Tags: =?UTF-8?Q?caf=C3=A9=2C_news?=\r\nX-List-Unsubscribe: =?UTF-8?B?PGh0dHBzOi8vZXhhbXBsZS5jb20vdT4=?=\r\n'))]);
    const record = (fed.actions.find((a) => a.type === 'message') as { record: { payload: { tags?: string[]; list_unsubscribe?: string } } }).record;
    expect(record.payload.tags).toEqual(['café', 'news']);
    expect(record.payload.list_unsubscribe).toBe('<https://example.com/u>');
  });
});
