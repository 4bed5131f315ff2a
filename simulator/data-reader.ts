/**
 * DATA-mode framing: collects message text until the end-of-data marker.
 *
 * Only <CR><LF>.<CR><LF> ends the message (RFC 5321 §4.1.1.4). The look-alikes used
 * for SMTP smuggling (`\n.\n`, `\r.\r`, `\n.\r\n`, a NUL beside the dot, ...) stay
 * message content and are flagged, so they can never start a second transaction.
 * A leading dot is removed from every line (dot-unstuffing, RFC 5321 §4.5.2).
 * Past the size limit, text is counted and thrown away, so memory stays bounded.
 * The text goes into one resizable ArrayBuffer that grows in place and is handed
 * to the MIME parser without a copy: the message is held once, not twice.
 */
import { CR, DOT, EMPTY, LF, NUL } from './bytes.ts';

export interface DataFlags {
  bareLf: boolean;
  bareCr: boolean;
  nul: boolean;
  longLine: boolean;
}

export interface CollectedMessage {
  /** The unstuffed message (a view of its whole buffer), or null when it passed the size limit and was discarded. */
  bytes: Uint8Array | null;
  /** Octets of message text seen, kept or not. */
  size: number;
  flags: DataFlags;
  /** Bytes that followed the end-of-data marker (pipelined commands). */
  rest: Uint8Array;
}

/** First buffer size: a typical transactional message fits without growing. */
const SMALL_MESSAGE_BYTES = 16 * 1024;

/** Where the reader is within a line; plain numbers keep the hot loop cheap. */
const At = { MidLine: 0, AfterCr: 1, LineStart: 2, Dot: 3, DotCr: 4 } as const;
type At = (typeof At)[keyof typeof At];

/** A first buffer for `DataReader`s, to lend to one message at a time. */
export function smallBuffer(maxBytes: number): ArrayBuffer {
  return new ArrayBuffer(Math.min(maxBytes, SMALL_MESSAGE_BYTES));
}

export class DataReader {
  private state: At = At.LineStart;
  private store: ArrayBuffer;
  private view: Uint8Array;
  private kept = 0;
  private size = 0;
  private lineBytes = 0;
  private readonly flags: DataFlags = { bareLf: false, bareCr: false, nul: false, longLine: false };

  /**
   * `lent`: a first buffer the session lends each of its messages in turn (see
   * `smallBuffer`), so a connection sending many messages allocates it once; a
   * message that fits it is copied out at its exact size when it ends.
   */
  constructor(
    private readonly maxBytes: number,
    private readonly maxTextLineBytes: number,
    private readonly lent: ArrayBuffer = smallBuffer(maxBytes),
  ) {
    this.store = lent;
    this.view = new Uint8Array(this.store);
  }

  /** Bytes held in memory for the message so far. */
  get bufferedBytes(): number {
    return this.store.detached ? 0 : this.store.byteLength;
  }

  private append(chunk: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    const n = end - start;
    this.size += n;
    if (this.kept > this.maxBytes) return;
    if (this.kept + n > this.maxBytes) {
      this.store = new ArrayBuffer(0); // over the limit: drop what we had, keep counting only
      this.view = new Uint8Array(this.store);
      this.kept = this.maxBytes + 1;
      return;
    }
    if (this.kept + n > this.store.byteLength) this.grow(this.kept + n);
    this.view.set(chunk.subarray(start, end), this.kept);
    this.kept += n;
  }

  /**
   * Most messages fit the first small buffer. A bigger one moves, once, into a
   * resizable buffer that reserves address space up to the limit and then grows in
   * place (reserving costs more than a small allocation, so it waits until needed).
   */
  private grow(needed: number): void {
    if (!this.store.resizable) {
      const bigger = new ArrayBuffer(this.store.byteLength, { maxByteLength: this.maxBytes });
      new Uint8Array(bigger).set(this.view.subarray(0, this.kept));
      this.store = bigger;
    }
    this.store.resize(Math.min(this.maxBytes, Math.max(needed, this.store.byteLength * 2)));
    this.view = new Uint8Array(this.store);
  }

  private static readonly CR_ONLY = new Uint8Array([CR]);

  /**
   * Feeds bytes; returns the finished message once the end marker is seen.
   *
   * Message text is the chunk's own bytes less each stuffed dot and the end marker,
   * so it is copied in long runs (`copyFrom` up to a dot), not line by line, and lines
   * are found with indexOf rather than byte by byte: a typical 5 KB message is one
   * copy. A CR is text whatever follows it, except after a dot at the start of a line,
   * where it may be the end marker's: that one is held back until the next byte says.
   */
  push(chunk: Uint8Array): CollectedMessage | null {
    let i = 0;
    let copyFrom = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case At.MidLine: {
          const cr = chunk.indexOf(CR, i);
          const lineEnd = cr === -1 ? n : cr;
          if (!this.flags.bareLf) {
            const lf = chunk.indexOf(LF, i);
            if (lf !== -1 && lf < lineEnd) this.flags.bareLf = true;
          }
          this.lineBytes += lineEnd - i;
          i = lineEnd;
          if (cr !== -1) {
            this.state = At.AfterCr;
            i++;
          }
          break;
        }
        case At.AfterCr:
          if (chunk[i] === LF) {
            this.endLine();
            this.state = At.LineStart;
            i++;
          } else {
            this.flags.bareCr = true;
            this.lineBytes++;
            this.state = At.MidLine;
          }
          break;
        case At.LineStart:
          if (chunk[i] === DOT) {
            // The dot is never text: a stuffed dot, or the end marker's.
            this.append(chunk, copyFrom, i);
            copyFrom = ++i;
            this.state = At.Dot;
          } else {
            this.state = At.MidLine;
          }
          break;
        case At.Dot:
          if (chunk[i] === CR) {
            this.state = At.DotCr;
            copyFrom = ++i; // held back: the end marker's CR, or text (see DotCr)
          } else {
            // The stuffed dot is dropped; the line goes on from the next byte.
            this.lineBytes++;
            this.state = At.MidLine;
          }
          break;
        case At.DotCr:
          if (chunk[i] === LF) {
            this.checkNul(chunk, i);
            return this.finish(chunk.subarray(i + 1));
          }
          // ".\r" followed by anything else is content: dot dropped, CR kept and flagged.
          this.flags.bareCr = true;
          this.lineBytes += 2;
          this.appendConst(DataReader.CR_ONLY);
          this.state = At.MidLine;
          break;
      }
    }
    this.append(chunk, copyFrom, n);
    this.checkNul(chunk, n);
    return null;
  }

  /** A NUL anywhere in the chunk's text so far (dots and CRs are not NULs, so the whole span will do). */
  private checkNul(chunk: Uint8Array, end: number): void {
    if (this.flags.nul) return;
    const at = chunk.indexOf(NUL);
    if (at !== -1 && at < end) this.flags.nul = true;
  }

  private appendConst(bytes: Uint8Array): void {
    this.append(bytes, 0, bytes.length);
  }

  private endLine(): void {
    // lineBytes excludes the CRLF; the limit includes it.
    if (this.lineBytes + 2 > this.maxTextLineBytes) this.flags.longLine = true;
    this.lineBytes = 0;
  }

  private finish(rest: Uint8Array): CollectedMessage {
    const tooBig = this.kept > this.maxBytes;
    // The lent buffer stays with the session: the text is copied out at its size. A
    // grown one is the message's own, and transferToFixedLength trims it, usually without copying.
    const bytes = tooBig ? null : new Uint8Array(this.store === this.lent ? this.store.slice(0, this.kept) : this.store.transferToFixedLength(this.kept));
    this.kept = 0;
    return { bytes, size: this.size, flags: { ...this.flags }, rest: rest.length ? rest : EMPTY };
  }
}
