/**
 * bench:core — the protocol core in process, no sockets.
 * 1. Sessions per second for a typical session: EHLO, STARTTLS, EHLO, AUTH, MAIL,
 *    RCPT, DATA with a 5 KB message, QUIT; one receive() per client line, as a
 *    client that waits for each reply would send them.
 * 2. A 25 MB message (an attachment, base64) fed in 64 KB chunks: MB/s through
 *    framing and MIME parsing, and peak RSS above the baseline, with and without
 *    the MIME parse (postal-mime), so the core's own share is visible.
 * Prints figures; asserts nothing (timing on shared machines is for reading, not gating).
 */
import { randomBytes } from 'node:crypto';
import PostalMime from 'postal-mime';
import { DataReader } from '../simulator/data-reader.ts';
import { DEMO_TOKEN, SmtpSession } from '../simulator/index.ts';
import { plainArgument } from '../src/terminal/encoding.ts';

const plain = plainArgument(DEMO_TOKEN);
const body5k = `${'The quick brown fox jumps over the lazy dog. '.repeat(22)}\r\n`.repeat(5);
const message5k = `From: Bench <bench@example.com>\r\nTo: reader@example.net\r\nSubject: bench\r\nX-MailPace-Tags: bench\r\n\r\n${body5k}.\r\n`;
const script = ['EHLO bench.local\r\n', 'STARTTLS\r\n', 'EHLO bench.local\r\n', `AUTH PLAIN ${plain}\r\n`, 'MAIL FROM:<bench@example.com>\r\n', 'RCPT TO:<reader@example.net>\r\n', 'DATA\r\n', message5k, 'QUIT\r\n'].map((l) => Buffer.from(l));

async function oneSession(lines = script): Promise<void> {
  const s = new SmtpSession();
  s.start();
  for (const chunk of lines) {
    const out = await s.receive(chunk);
    if (out.actions.some((a) => a.type === 'start-tls')) s.tlsEstablished();
  }
  if (lines === script && !s.closed) throw new Error('bench session did not finish');
}

/**
 * Runs `task` for about `seconds` after a warm-up, in `lanes` concurrent loops;
 * returns runs per second. postal-mime finishes each parse through an async Blob
 * read, so a single loop mostly waits: lanes overlap that wait, as concurrent
 * connections do in the sandbox.
 */
async function perSecond(task: () => Promise<unknown>, seconds: number, lanes = 1): Promise<number> {
  for (let i = 0; i < 500; i++) await task(); // warm up the JIT
  let n = 0;
  const start = performance.now();
  const lane = async () => {
    while (performance.now() - start < seconds * 1000) {
      for (let i = 0; i < 50; i++) await task();
      n += 50;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return n / ((performance.now() - start) / 1000);
}

function bigMessage(attachmentBytes: number): Buffer {
  const b64 = randomBytes(attachmentBytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    'From: Bench <bench@example.com>\r\nTo: reader@example.net\r\nSubject: big\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n' +
      '--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="report.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${b64}\r\n--b1--\r\n.\r\n`,
  );
}

// Resident set size: resizable ArrayBuffers are not counted in memoryUsage().arrayBuffers.
const usedMemory = () => process.memoryUsage.rss();

async function largeMessage(): Promise<{ mbPerSecond: number; messageMb: number; peakMb: number }> {
  const message = bigMessage(Math.floor((25 * 1024 * 1024 * 3) / 4) - 200_000);
  const s = new SmtpSession();
  s.start();
  for (const l of script.slice(0, 7)) {
    const out = await s.receive(l);
    if (out.actions.some((a) => a.type === 'start-tls')) s.tlsEstablished();
  }
  globalThis.gc?.();
  const baseline = usedMemory();
  let peak = 0;
  const sample = () => (peak = Math.max(peak, usedMemory() - baseline));
  const timer = setInterval(sample, 5);
  const start = performance.now();
  let accepted = false;
  for (let at = 0; at < message.length; at += 64 * 1024) {
    const out = await s.receive(message.subarray(at, at + 64 * 1024));
    sample();
    accepted ||= out.actions.some((a) => a.type === 'message' && a.record.status === 'accepted');
  }
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  sample();
  if (!accepted) throw new Error('25 MB message was not accepted');
  // The input message itself is not counted: it existed before the session saw it.
  return { mbPerSecond: message.length / 1e6 / seconds, messageMb: message.length / 1e6, peakMb: peak / 1e6 };
}

/**
 * Framing alone (no MIME parse): the most the DATA reader holds while a big message
 * arrives, read from its own buffer (RSS cannot show it once the allocator has
 * memory to reuse from the run before).
 */
function framingOnly(message: Buffer): number {
  let peak = 0;
  const reader = new DataReader(30 * 1024 * 1024, 1000);
  for (let at = 0; at < message.length; at += 64 * 1024) {
    reader.push(message.subarray(at, at + 64 * 1024));
    peak = Math.max(peak, reader.bufferedBytes);
  }
  return peak / 1e6;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const message5kBytes = Buffer.from(message5k.slice(0, -3));
const LANES = 16;
const sequential = await perSecond(() => oneSession(), 2);
const rate = await perSecond(() => oneSession(), 3, LANES);
const noData = await perSecond(() => oneSession(script.filter((_, i) => i < 6 || i === 8)), 2, LANES);
const parseOnly = await perSecond(() => PostalMime.parse(message5kBytes), 2, LANES);
console.log(`typical session (EHLO, STARTTLS, AUTH, MAIL, RCPT, 5 KB DATA, QUIT), ${LANES} sessions at a time: ${fmt(rate)} sessions/s`);
console.log(`  target 20,000 sessions/s -> ${(rate / 20_000).toFixed(2)}x target`);
console.log(`  one session at a time: ${fmt(sequential)} sessions/s`);
console.log(`  same session without DATA: ${fmt(noData)} sessions/s`);
console.log(`  peer: postal-mime parsing the same 5 KB message alone: ${fmt(parseOnly)} messages/s`);
console.log(`  full session / parse-only = ${(rate / parseOnly).toFixed(2)}x (the MIME parse bounds the whole session)`);
const big = await largeMessage();
console.log(`25 MB DATA in 64 KB chunks: ${big.mbPerSecond.toFixed(1)} MB/s, message ${big.messageMb.toFixed(1)} MB`);
console.log(`  peak RSS above baseline, framing + MIME parse + record: ${big.peakMb.toFixed(1)} MB = ${(big.peakMb / big.messageMb).toFixed(2)}x the message (target under 2.00)`);
const framing = framingOnly(bigMessage(Math.floor((25 * 1024 * 1024 * 3) / 4) - 200_000));
console.log(`  most the DATA reader holds (its buffer), framing alone: ${framing.toFixed(1)} MB = ${(framing / big.messageMb).toFixed(2)}x the message`);
