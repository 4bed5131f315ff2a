/**
 * Clients that trickle bytes (smtp-rules.md row 24's slow cousin): the idle timer
 * restarts on every byte, so only the per-request deadline (--command-timeout) stops
 * them. Over real loopback TCP, with a 1 s deadline and a 2-3 s idle timeout; the
 * only time bounds are generous upper limits on waiting for an event.
 */
import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReply, makeReply } from '../../simulator/index.ts';
import { RawClient, buildMessage, expectCode, startTestSandbox, until, type TestSandbox } from './helpers.ts';

/** Far above the 1 s deadline: only a client that is never dropped hits it. */
const DROPPED_WITHIN_MS = 10_000;
const BYTE_EVERY_MS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sandboxes: TestSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.map((s) => s.sandbox.close()));
  sandboxes = [];
});

async function start(options: { commandTimeoutMs: number; idleTimeoutMs: number; maxConnections?: number }): Promise<TestSandbox> {
  const s = await startTestSandbox(options);
  sandboxes.push(s);
  return s;
}

/** Sends `text` one byte every BYTE_EVERY_MS, cycling, until the server closes the connection. */
async function trickle(write: (byte: string) => void, closed: () => boolean, text: string): Promise<number> {
  let sent = 0;
  while (!closed()) {
    write(text[sent % text.length]!);
    sent++;
    await sleep(BYTE_EVERY_MS);
  }
  return sent;
}

/** Greeting, then one command line trickled byte by byte that never ends. */
async function trickleCommand(port: number): Promise<{ client: RawClient; done: Promise<number> }> {
  const client = await RawClient.connect(port);
  expectCode(await client.reply(), 220);
  return { client, done: trickle((b) => client.write(b), () => client.closed, 'EHLO slow.test ') };
}

/** The catalogue's reply for a client that trickles (421 4.4.2), as the wire carries it. */
const TOO_SLOW = formatReply(makeReply('tooSlow')).trimEnd();

describe('a client that trickles bytes', () => {
  it('gets 421 4.4.2 and is closed when a command line does not arrive within the command timeout', async () => {
    const s = await start({ commandTimeoutMs: 1_000, idleTimeoutMs: 2_000 });
    const { client, done } = await trickleCommand(s.port);
    expect(await client.reply(DROPPED_WITHIN_MS)).toBe(TOO_SLOW);
    await client.readUntilClose(DROPPED_WITHIN_MS);
    // It kept sending well inside the idle timeout: the command deadline dropped it.
    expect(await done).toBeGreaterThan(1);
    expect(s.logs.join('\n')).toMatch(/no complete command line within 1 s; closing/);
    await s.waitForNoConnections();
  });

  it('frees its slot: with --max-connections 2, a third client is served once two tricklers are dropped', async () => {
    const s = await start({ commandTimeoutMs: 1_000, idleTimeoutMs: 2_000, maxConnections: 2 });
    const slow = await Promise.all([trickleCommand(s.port), trickleCommand(s.port)]);

    // While they trickle, every slot is taken.
    const turnedAway = await RawClient.connect(s.port);
    expect(await turnedAway.reply()).toMatch(/^421 4\.7\.0 /);
    await turnedAway.readUntilClose();

    for (const { client } of slow) {
      expect(await client.reply(DROPPED_WITHIN_MS)).toBe(TOO_SLOW);
      await client.readUntilClose(DROPPED_WITHIN_MS);
    }
    await Promise.all(slow.map((c) => c.done));
    await until(() => s.sandbox.servedCount === 0, DROPPED_WITHIN_MS, 'the slots to be freed');

    const next = await RawClient.connect(s.port);
    expectCode(await next.reply(), 220);
    expectCode(await next.command('EHLO next.test'), 250);
    expectCode(await next.command('QUIT'), 221);
  });

  it('is dropped when the message text after DATA trickles, and nothing is recorded', async () => {
    const s = await start({ commandTimeoutMs: 1_000, idleTimeoutMs: 2_000 });
    const client = await RawClient.connect(s.port);
    await client.login();
    expectCode(await client.command('MAIL FROM:<app@example.com>'), 250);
    expectCode(await client.command('RCPT TO:<reader@example.net>'), 250);
    expectCode(await client.command('DATA'), 354);
    const done = trickle((b) => client.write(b), () => client.closed, buildMessage({ subject: 'slow' }));
    expect(await client.reply(DROPPED_WITHIN_MS)).toBe(TOO_SLOW);
    await client.readUntilClose(DROPPED_WITHIN_MS);
    await done;
    expect(s.logs.join('\n')).toMatch(/message text came slower than the minimum rate/);
    await s.waitForNoConnections();
    expect(s.messages).toHaveLength(0);
  });

  it('is dropped when its TLS handshake trickles in (nothing to say mid-handshake: just closed)', async () => {
    const s = await start({ commandTimeoutMs: 1_000, idleTimeoutMs: 2_000 });
    const socket = netConnect({ host: '127.0.0.1', port: s.tlsPort });
    let closed = false;
    let received = 0;
    socket.on('data', (d: Buffer) => (received += d.length));
    socket.on('error', () => undefined);
    socket.on('close', () => (closed = true));
    await new Promise((r) => socket.once('connect', r));
    // A handshake record header that announces 512 bytes, then its body a byte at a time.
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
    const sent = await trickle((b) => socket.write(b), () => closed, '\0');
    expect(sent).toBeGreaterThan(1);
    expect(received).toBe(0);
    expect(s.logs.join('\n')).toMatch(/TLS handshake with \S+ did not finish within 1 s/);
    await s.waitForNoConnections();
  });
});

describe('a client at a normal pace', () => {
  it('keeps its session through pauses between commands longer than the command timeout', async () => {
    const s = await start({ commandTimeoutMs: 1_000, idleTimeoutMs: 3_000 });
    const client = await RawClient.connect(s.port);
    await client.login();
    const pause = () => sleep(1_500);
    await pause();
    // One command in two pieces, well inside its deadline.
    client.write('MAIL FROM:<app@');
    await sleep(BYTE_EVERY_MS);
    client.write('example.com>\r\n');
    expectCode(await client.reply(), 250);
    await pause();
    expectCode(await client.command('RCPT TO:<reader@example.net>'), 250);
    await pause();
    expectCode(await client.command('DATA'), 354);
    await pause();
    expectCode(await client.command(`${buildMessage({ subject: 'paused' })}.`), 250);
    await pause();
    expectCode(await client.command('QUIT'), 221);
    const [message] = await s.waitForMessages(1);
    expect(message!.record.status).toBe('accepted');
    expect(s.logs.join('\n')).not.toMatch(/--command-timeout/);
  });

  it('delivers a large message sent in pieces over longer than the command timeout', async () => {
    const s = await start({ commandTimeoutMs: 1_000, idleTimeoutMs: 3_000 });
    const client = await RawClient.connect(s.port);
    await client.login();
    expectCode(await client.command('MAIL FROM:<app@example.com>'), 250);
    expectCode(await client.command('RCPT TO:<reader@example.net>'), 250);
    expectCode(await client.command('DATA'), 354);

    const line = `${'a steady line of message text '.repeat(3)}\r\n`;
    const text = buildMessage({ subject: 'large', body: line.repeat(Math.ceil(320_000 / line.length)) });
    const piece = 8_192;
    // About 40 pieces, 50 ms apart: some 2 s in all, twice the command timeout,
    // at a pace (160 KB/s) far above the minimum rate.
    for (let at = 0; at < text.length; at += piece) {
      client.write(text.slice(at, at + piece));
      await sleep(50);
    }
    expect(await client.command('.', DROPPED_WITHIN_MS)).toMatch(/^250 /);
    expectCode(await client.command('QUIT'), 221);
    const [message] = await s.waitForMessages(1);
    expect(message!.record).toMatchObject({ status: 'accepted', size: expect.any(Number) });
    expect(message!.raw!.length).toBeGreaterThan(300_000);
  });
});
