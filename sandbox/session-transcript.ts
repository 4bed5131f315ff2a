/**
 * The SMTP transcript of each message: what the client sent (`C`) and what the
 * sandbox answered (`S`), in the order they crossed the wire, kept with the message's
 * record, accepted or rejected.
 *
 * How it works: the connection hands every chunk it read and every reply it wrote to
 * one `TranscriptRecorder`, which splits the client's bytes into lines and follows
 * the exchange far enough to know what each line is (a command, an AUTH answer,
 * message text). When a message finishes, `take()` returns its transcript: the
 * session's opening (greeting, EHLO, STARTTLS, AUTH) and this message's transaction,
 * from the end of the previous one to its final reply. Lines are kept packed as they
 * are recorded (packed-transcript.ts): a code character and the text, no objects.
 *
 * Nothing here grows without bound, whatever the client sends: each part keeps a
 * budget of characters, long lines are cut, message text keeps its first lines and
 * its final dot; `#` lines say what was left out. Credentials never reach a line:
 * AUTH arguments and answers, and any accepted token anywhere, are masked.
 */
import { StringDecoder } from 'node:string_decoder';
import { TLS_MARKER, type PortMode } from '../simulator/index.ts';
import type { TranscriptEntry } from './api-types.ts';
import { LINE_CODE, PackedTranscript, type LineCode } from './packed-transcript.ts';

export type { TranscriptEntry } from './api-types.ts';

/** Stands in for a credential in a line. One word, so a line keeps its shape. */
export const MASK = '<masked>';

/** Characters the session's opening may take (EHLO replies, STARTTLS, AUTH). */
export const OPENING_BUDGET = 8 * 1024;
/** Characters one message's transaction may take, its final reply aside. */
export const TRANSACTION_BUDGET = 16 * 1024;
/** Longest line kept; the rest of a longer one is cut and counted. */
export const MAX_LINE_CHARS = 300;
/** Lines of message text kept (headers first, so these are mostly headers). */
export const MAX_TEXT_LINES = 40;

/** Lines waiting for replies that are remembered: far more than any client pipelines. */
const MAX_UNANSWERED = 1000;
const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const LF_DOT = Buffer.from('\n.');

/** Packed lines within a budget of characters. Texts never hold LF: client bytes are split on it, and replies are single lines. */
class Part {
  lines: string[] = [];
  private chars = 0;
  private cutLines = 0;

  constructor(private readonly budget: number) {}

  add(code: LineCode, text: string, always = false): void {
    if (!always && this.chars + text.length > this.budget) {
      this.cutLines++;
      return;
    }
    this.flushCut();
    this.chars += text.length;
    this.lines.push(code + text);
  }

  /** The lines, with a note where lines were left out past the budget. */
  closed(): string[] {
    this.flushCut();
    return this.lines;
  }

  private flushCut(): void {
    if (this.cutLines === 0) return;
    this.lines.push(`${LINE_CODE.note}${this.cutLines} more line${this.cutLines === 1 ? '' : 's'} not kept (the transcript keeps about ${this.budget / 1024} KB here)`);
    this.cutLines = 0;
  }
}

/** The offset just past the `lines`-th LF in `bytes`, or -1 when it holds fewer. */
function afterLines(bytes: Buffer, lines: number): number {
  let at = -1;
  for (let n = 0; n < lines; n++) {
    at = bytes.indexOf(LF, at + 1);
    if (at === -1) return -1;
  }
  return at + 1;
}

/**
 * Where the first line that may be the final dot starts in `bytes` (after an LF): a dot
 * followed by CR LF, LF, a lone CR at the end, or nothing yet. -1 when there is none;
 * a dot-stuffed line ("..x") is text and is passed over.
 */
function finalDotCandidate(bytes: Buffer): number {
  for (let at = bytes.indexOf(LF_DOT); at !== -1; at = bytes.indexOf(LF_DOT, at + 1)) {
    const next = bytes[at + 2];
    if (next === undefined || next === LF || (next === CR && (bytes[at + 3] === undefined || bytes[at + 3] === LF))) return at + 1;
  }
  return -1;
}

function clip(text: string): string {
  return text.length <= MAX_LINE_CHARS ? text : `${text.slice(0, MAX_LINE_CHARS)}… [${text.length - MAX_LINE_CHARS} more characters not kept]`;
}

const replyCode = (line: string) => Number(line.slice(0, 3));

export class TranscriptRecorder {
  private opening = new Part(OPENING_BUDGET);
  private transaction: Part | null = null;
  private partial = '';
  private partialCut = 0;
  /** What each client line still waiting for its reply was: AUTH and DATA change what comes next. */
  private unanswered: ('AUTH' | 'DATA' | 'other')[] = [];
  /** A 334 asked for an AUTH answer. */
  private inAuth = false;
  private inData = false;
  private textLines = 0;
  /** Characters of message text left out (bytes, where they were skipped unread). */
  private textCutChars = 0;
  /** The message text ended: its final reply is always kept. */
  private ended = false;
  private readonly tokens: string[];
  private decoder = new StringDecoder('utf8');
  /** The accepted token the current AUTH exchange named, once it is known. */
  private offered: string | null = null;
  /** The token of the last AUTH that succeeded (235). */
  authenticatedToken: string | null = null;

  /** `tokens`: the accepted API tokens, masked wherever they appear. */
  constructor(tokens: Iterable<string>) {
    this.tokens = [...tokens].filter((t) => t.length > 0);
  }

  /** Bytes the client sent, as read (any chunking). */
  client(chunk: Uint8Array): void {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Message text is read line by line only as far as the lines kept; the rest can be skimmed.
    if (this.inData && this.textLines < MAX_TEXT_LINES) {
      const cut = afterLines(bytes, MAX_TEXT_LINES - this.textLines);
      if (cut > 0 && cut < bytes.length) {
        this.read(bytes.subarray(0, cut));
        bytes = bytes.subarray(cut);
      }
    }
    if (this.skims(bytes)) return;
    this.read(bytes);
  }

  /** Splits the client's bytes into lines and follows each. */
  private read(bytes: Buffer): void {
    const text = this.partial + this.decoder.write(bytes);
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.clientLine(line.charCodeAt(line.length - 1) === CR ? line.slice(0, -1) : line);
    // A line with no end yet is held, but only its start.
    if (this.partial.length > MAX_LINE_CHARS * 2) {
      this.partialCut += this.partial.length - MAX_LINE_CHARS;
      this.partial = this.partial.slice(0, MAX_LINE_CHARS);
    }
  }

  /**
   * Message text past the kept lines is only counted: no decoding, no splitting, so a
   * 25 MB message costs the SMTP side next to nothing. A chunk that may hold the final
   * dot is counted up to the first line that could be it, and read from there.
   */
  private skims(bytes: Buffer): boolean {
    if (!this.inData || this.textLines < MAX_TEXT_LINES) return false;
    const dotMayStart = this.partial === '' ? bytes[0] === DOT : this.partial === '.' || this.partial === '.\r';
    if (dotMayStart) return false;
    const dotLine = finalDotCandidate(bytes);
    if (dotLine !== -1) {
      // Up to and including the LF before that line: text, counted only.
      this.textCutChars += dotLine;
      this.decoder.end();
      this.partial = '';
      this.partialCut = 0;
      this.read(bytes.subarray(dotLine));
      return true;
    }
    this.textCutChars += bytes.length;
    this.decoder.end();
    this.partial = bytes[bytes.length - 1] === LF ? '' : 'x';
    this.partialCut = 0;
    return true;
  }

  /** Lines of one reply the sandbox sent. */
  server(lines: readonly string[]): void {
    for (const line of lines) this.add(LINE_CODE.server, clip(line), this.ended);
    // Only the one reply after the final dot is kept past the budget.
    this.ended = false;
    const last = lines[lines.length - 1];
    // Replies come in the order of the lines they answer (pipelining included).
    const answers = this.unanswered.shift();
    if (last === undefined || answers === undefined) return;
    const code = replyCode(last);
    if (answers === 'AUTH') {
      this.inAuth = code === 334;
      if (code === 235) this.authenticatedToken = this.offered;
    }
    if (answers === 'DATA') {
      this.inData = code === 354;
      this.textLines = 0;
      this.textCutChars = 0;
    }
  }

  /** TLS started: what the client sent in plaintext and was not read is gone. */
  tls(): void {
    this.partial = '';
    this.partialCut = 0;
    this.decoder = new StringDecoder('utf8');
    this.unanswered = [];
    this.add(LINE_CODE.tls, TLS_MARKER);
  }

  /** The transcript of the message that just finished; the next transaction starts empty. */
  take(portMode: PortMode): PackedTranscript {
    const packed = new PackedTranscript(portMode, this.transaction ? [...this.opening.lines, ...this.transaction.closed()] : this.opening.lines);
    this.transaction = new Part(TRANSACTION_BUDGET);
    this.ended = false;
    return packed;
  }

  private clientLine(raw: string): void {
    let line = raw;
    if (this.partialCut > 0) {
      line += `… [${this.partialCut} more characters not kept]`;
      this.partialCut = 0;
    }
    if (this.inData) return this.textLine(line);
    if (this.inAuth) {
      this.notice(line);
      this.inAuth = false;
      this.expect('AUTH');
      return this.add(LINE_CODE.auth, line === '*' ? '*' : MASK);
    }
    const verb = /^\s*(\S+)/.exec(line)?.[1]?.toUpperCase();
    if (verb === 'AUTH') {
      this.inAuth = true;
      // AUTH <mechanism> [initial answer]: the answer is a credential.
      const [, mechanism, initial] = line.trim().split(/\s+/);
      this.offered = null;
      if (initial !== undefined) this.notice(initial);
      this.expect('AUTH');
      return this.add(LINE_CODE.command, ['AUTH', mechanism, initial === undefined ? undefined : initial === '=' ? '=' : MASK].filter(Boolean).join(' '));
    }
    // The opening ends where the first transaction starts.
    if (verb === 'MAIL' && !this.transaction) this.transaction = new Part(TRANSACTION_BUDGET);
    this.expect(verb === 'DATA' ? 'DATA' : 'other');
    // A credential sent where a command belongs (an AUTH answer pipelined too early) is masked too.
    this.add(LINE_CODE.command, this.namesToken(line) ? MASK : clip(this.maskTokens(line)));
  }

  private textLine(line: string): void {
    if (line === '.') {
      this.inData = false;
      if (this.textCutChars > 0) this.add(LINE_CODE.note, `about ${Math.max(1, Math.round(this.textCutChars / 1024)).toLocaleString('en')} KB more of message text not kept`, true);
      this.ended = true;
      this.expect('other');
      return this.add(LINE_CODE.data, '.', true);
    }
    if (this.textLines >= MAX_TEXT_LINES) {
      this.textCutChars += line.length + 2;
      return;
    }
    this.textLines++;
    this.add(LINE_CODE.data, clip(this.maskTokens(line)));
  }

  /** A line that waits for its reply. Lines the session never answers (it closed) are forgotten past a bound. */
  private expect(kind: 'AUTH' | 'DATA' | 'other'): void {
    if (this.unanswered.length >= MAX_UNANSWERED) this.unanswered.shift();
    this.unanswered.push(kind);
  }

  /** The accepted token a base64 AUTH answer names (PLAIN and LOGIN both send it so). */
  private named(answer: string): string | undefined {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(answer)) return undefined;
    const decoded = Buffer.from(answer, 'base64').toString('utf8');
    return this.tokens.find((t) => decoded.split('\0').includes(t));
  }

  private namesToken(line: string): boolean {
    return this.named(line.trim()) !== undefined;
  }

  private notice(answer: string): void {
    this.offered = this.named(answer) ?? this.offered;
  }

  private maskTokens(line: string): string {
    let out = line;
    for (const token of this.tokens) if (out.includes(token)) out = out.split(token).join(MASK);
    return out;
  }

  private add(code: LineCode, text: string, always = false): void {
    (this.transaction ?? this.opening).add(code, text, always);
  }
}

/** The transcript as `C:`/`S:` lines, notes as `#` lines: the site's fixture format. */
export function formatEntries(entries: readonly TranscriptEntry[]): string {
  return entries.map((e) => (e.from === '#' ? `# ${e.text}` : `${e.from}: ${e.text}`)).join('\n');
}
