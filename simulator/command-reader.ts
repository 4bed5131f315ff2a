/**
 * Command-mode framing: splits incoming bytes into command lines.
 *
 * Strict on purpose (RFC 5321 §2.3.8): only CR LF ends a line; a lone CR or LF is
 * reported, never guessed at. What it holds between calls is bounded: a partial line
 * up to the command limit, then only a count while an over-long line is skipped.
 * The outcome for any input is the same however it is split into chunks.
 */
import { CR, EMPTY, LF, NUL, concatBytes, decodeUtf8Strict } from './bytes.ts';

export type CommandLine =
  | { kind: 'line'; text: string }
  | { kind: 'invalid'; reply: 'lineTooLong' | 'nulByte' | 'badUtf8' | 'emptyCommand' }
  | { kind: 'invalid'; reply: 'bareNewline'; which: 'CR' | 'LF' }
  /** A line grew past the unterminated-input cap: the session must close. */
  | { kind: 'overflow' };

export class CommandReader {
  private buffer: Uint8Array = EMPTY;
  /** Bytes of the current line already dropped because it was over the limit. */
  private skipped = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly maxUnterminatedBytes: number,
  ) {}

  push(chunk: Uint8Array): void {
    if (chunk.length) this.buffer = this.buffer.length ? concatBytes([this.buffer, chunk]) : chunk;
  }

  /** Bytes held (a partial line); bounded by the line limit plus the last chunk. */
  get bufferedBytes(): number {
    return this.buffer.length;
  }

  /**
   * Octets of the line in progress, skipped ones included: 0 when every line received
   * has ended. The adapter's per-line deadline reads this rather than looking for line
   * ends itself, so both agree on what ends a line (CR LF, and a bare CR or LF).
   */
  get partialLineBytes(): number {
    return this.skipped + this.buffer.length;
  }

  /** Hands back everything unread (for DATA) and forgets it. */
  takeRest(): Uint8Array {
    const rest = this.buffer;
    this.buffer = EMPTY;
    this.skipped = 0;
    return rest;
  }

  /** Drops everything unread (plaintext pipelined after STARTTLS, or after close). */
  discard(): void {
    this.takeRest();
  }

  /** The next complete line, or null when more bytes are needed. */
  next(): CommandLine | null {
    const buf = this.buffer;
    let end = -1;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === CR || b === LF) {
        end = i;
        break;
      }
    }
    // A line that cannot fit is skipped as it arrives, so memory stays bounded.
    const length = this.skipped + (end === -1 ? buf.length : end);
    if (length > this.maxUnterminatedBytes) {
      this.buffer = EMPTY;
      this.skipped = 0;
      return { kind: 'overflow' };
    }
    if (end === -1) {
      if (length + 2 > this.maxLineBytes) {
        this.skipped = length;
        this.buffer = EMPTY;
      }
      return null;
    }
    let consumed: number;
    let bare: 'CR' | 'LF' | null = null;
    if (buf[end] === LF) {
      consumed = end + 1;
      bare = 'LF';
    } else if (end + 1 === buf.length) {
      return null; // a CR at the very end: wait for the next byte
    } else if (buf[end + 1] === LF) {
      consumed = end + 2;
    } else {
      consumed = end + 1;
      bare = 'CR';
    }
    const line = buf.subarray(0, end);
    this.buffer = consumed === buf.length ? EMPTY : buf.subarray(consumed);
    const wasSkipped = this.skipped > 0;
    this.skipped = 0;

    if (wasSkipped || length + 2 > this.maxLineBytes) return { kind: 'invalid', reply: 'lineTooLong' };
    if (bare) return { kind: 'invalid', reply: 'bareNewline', which: bare };
    if (line.includes(NUL)) return { kind: 'invalid', reply: 'nulByte' };
    if (line.length === 0) return { kind: 'invalid', reply: 'emptyCommand' };
    const text = decodeUtf8Strict(line);
    if (text === null) return { kind: 'invalid', reply: 'badUtf8' };
    return { kind: 'line', text };
  }
}
