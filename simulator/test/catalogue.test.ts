/**
 * The reply catalogue holds exactly what the server can say: every entry is produced by
 * some input (typed commands or adapter events), and texts that list commands or
 * mechanisms come from the tables they describe.
 */
import { describe, expect, it } from 'vitest';
import { SMTP } from '../mailpace-facts.ts';
import type { SessionOptions } from '../config.ts';
import type { SessionOutput } from '../output.ts';
import { REPLIES, makeReply, type ReplyName } from '../replies.ts';
import type { SmtpSession } from '../session.ts';
import { VERBS } from '../states.ts';
import { DEMO_TOKEN, b64, newSession, plainArg, replyLines, simpleMessage, transaction } from './harness.ts';

const seen = new Set<ReplyName>();

function collect(out: SessionOutput): void {
  for (const a of out.actions) if (a.type === 'send') seen.add(a.reply.name);
}

/** Starts a session (unless told not to), feeds each chunk, completes STARTTLS handshakes. */
async function drive(chunks: (string | Uint8Array)[], options: SessionOptions = {}, greet = true): Promise<SmtpSession> {
  const s = newSession(options);
  if (greet) collect(s.start());
  for (const chunk of chunks) {
    const out = await s.receive(chunk);
    collect(out);
    if (out.actions.some((a) => a.type === 'start-tls')) s.tlsEstablished();
  }
  return s;
}

const OPEN = ['EHLO c.test\r\nSTARTTLS\r\n', 'EHLO c.test\r\n'];
const LOGGED_IN = [...OPEN, `AUTH PLAIN ${plainArg(DEMO_TOKEN)}\r\n`];
const message = (text: string, to = ['reader@example.net']) => [...LOGGED_IN, transaction(text, 'sender@example.com', to)];

describe('the reply catalogue', () => {
  it('every entry is produced by some input, and nothing outside it is sent', async () => {
    // The conversation that works, with both mechanisms and HELO.
    await drive([...OPEN, 'AUTH PLAIN\r\n', `${plainArg(DEMO_TOKEN)}\r\n`, 'NOOP\r\nHELP\r\nVRFY someone\r\n', transaction(simpleMessage()), 'RSET\r\nQUIT\r\n']);
    await drive([...OPEN, 'AUTH LOGIN\r\n', `${b64(DEMO_TOKEN)}\r\n`, `${b64(DEMO_TOKEN)}\r\n`, 'HELO c.test\r\n']);
    // Framing and syntax.
    await drive([`NOOP ${'x'.repeat(600)}\r\nNOOP\nX\r\nNOOP\0\r\n\r\n`, Uint8Array.of(0x4e, 0xff, 13, 10), 'EHLO\r\nEXPN x\r\nRCPT TO:<a@b.test>\r\n']);
    await drive(['A'.repeat(5000)]);
    await drive([Array.from({ length: 10 }, (_, i) => `BOGUS${i}\r\n`).join('')]);
    await drive(['GET / HTTP/1.1\r\n']);
    await drive(['EHLO early.test\r\n'], {}, false);
    // TLS and AUTH guards and failures.
    await drive(['EHLO c.test\r\nAUTH LOGIN\r\n']);
    await drive(['EHLO c.test\r\nSTARTTLS\r\n'], { port: 465 });
    await drive(['EHLO c.test\r\nSTARTTLS\r\n'], { tlsAvailable: false });
    await drive([...OPEN, 'MAIL FROM:<a@example.com>\r\nAUTH CRAM-MD5\r\nAUTH PLAIN ***\r\n', `AUTH PLAIN ${b64('no-separators')}\r\nAUTH LOGIN\r\n*\r\n`]);
    const bad = `AUTH PLAIN ${plainArg('wrong')}\r\n`;
    await drive([...OPEN, bad + bad + bad]);
    // Envelope arguments.
    await drive([
      ...LOGGED_IN,
      'MAIL FROM:<a@@x>\r\nMAIL FROM:<a@example.com> SIZE=abc\r\nMAIL FROM:<a@example.com> FOO=1\r\nMAIL FROM:<a@example.com>\tX\r\n',
      'MAIL FROM:<josé@example.com>\r\nMAIL FROM:<a@example.com> SIZE=99999999999\r\n',
      'MAIL FROM:<a@example.com>\r\nRCPT TO:<nope>\r\nRCPT TO:<blocked@example.net>\r\nRCPT TO:<r1@example.net>\r\nRCPT TO:<r2@example.net>\r\n',
    ], { limits: { maxRecipients: 1 } });
    // The message policy and MailPace's documented failures.
    await drive(message(simpleMessage()), { limits: { maxMessageBytes: 20 } });
    await drive(message('To: reader@example.net\r\n\r\nno From\r\n'));
    await drive(message(`From: sender@example.com\r\nTo: ${Array.from({ length: 51 }, (_, i) => `r${i}@example.net`).join(', ')}\r\n\r\nHi\r\n`));
    await drive(message('From: sender@other.example\r\nTo: reader@example.net\r\n\r\nHi\r\n'));
    await drive(message('From: sender@example.com\r\nTo: reader@example.net\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=run.exe\r\nContent-Transfer-Encoding: base64\r\n\r\nTVo=\r\n--b--\r\n'));
    for (const knob of ['dkim', 'plan', 'disabled', 'rate'] as const) await drive(message(simpleMessage()), { failures: new Set([knob]) });
    await drive([], { failures: new Set(['down']) });
    // Adapter events: the idle timer, the connection limit, shutdown.
    const idle = await drive([]);
    collect(idle.idleTimeout());
    collect(newSession().refuse('tooManyConnections'));
    collect((await drive(['EHLO c.test\r\n'])).refuse('tooSlow'));
    collect((await drive(['EHLO c.test\r\n'])).refuse('shuttingDown'));

    expect([...seen].sort()).toEqual(Object.keys(REPLIES).sort());
  });
});

describe('TLS that cannot start', () => {
  it('EHLO does not offer STARTTLS, STARTTLS gets 454 4.7.0, and the session goes on in plaintext', async () => {
    const s = newSession({ tlsAvailable: false });
    s.start();
    const out = await s.receive('EHLO c.test\r\nSTARTTLS\r\nMAIL FROM:<a@example.com>\r\n');
    const lines = replyLines(out.text);
    expect(lines.some((l) => l.endsWith('STARTTLS'))).toBe(false);
    expect(lines.slice(-2)).toEqual([makeReply('tlsUnavailable').lines[0], makeReply('tlsRequired').lines[0]]);
    expect(out.actions.some((a) => a.type === 'start-tls')).toBe(false);
    expect(s.snapshot()).toMatchObject({ state: 'ready', tls: false });
  });

  it('does not change the implicit-TLS port, where TLS is already up', async () => {
    const s = newSession({ port: 465, tlsAvailable: false });
    s.start();
    const out = await s.receive('EHLO c.test\r\n');
    expect(replyLines(out.text).at(-1)).toBe(`250 AUTH ${SMTP.authMechanisms.join(' ')}`);
  });
});

describe('texts built from the tables they describe', () => {
  it('HELP lists exactly the verbs of the command table', () => {
    const text = makeReply('help').lines[0]!;
    expect(text).toContain(`Commands: ${VERBS.join(' ')}.`);
  });

  it('the EHLO AUTH line is the published mechanism list', async () => {
    const s = newSession();
    s.start();
    await s.receive('EHLO c.test\r\nSTARTTLS\r\n');
    s.tlsEstablished();
    const lines = replyLines((await s.receive('EHLO c.test\r\n')).text);
    expect(lines.filter((l) => /^250[ -]AUTH /.test(l))).toEqual([`250 AUTH ${SMTP.authMechanisms.join(' ')}`]);
  });

  it('the 504 reply names every published mechanism', () => {
    const text = makeReply('unknownMechanism', { mechanism: 'X' }).lines[0]!;
    for (const m of SMTP.authMechanisms) expect(text).toContain(m);
    expect(REPLIES.unknownMechanism.when).toContain(SMTP.authMechanisms.join(' or '));
  });

  it('no catalogue text restates the 512-octet command limit or a mechanism list by hand', () => {
    expect(REPLIES.lineTooLong.text).toContain('{max}');
    expect(REPLIES.lineTooLong.text).not.toContain('512');
  });
});
