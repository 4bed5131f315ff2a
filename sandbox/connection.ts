/**
 * One TCP connection served by one protocol session: the I/O half of the sans-I/O core.
 *
 * How it works: bytes from the socket go to `session.receive()` one chunk at a time
 * (the socket is paused until the chunk is processed, so input stays in order and a
 * fast client cannot queue unbounded work); the returned actions are carried out in
 * order. Replies of one call are written together, in one TLS record where possible.
 *
 * STARTTLS is a real upgrade of the same socket (RFC 3207): the 220 is written and
 * the socket is handed to node:tls in the same tick, before the event loop reads
 * again. Plaintext the client pipelined after STARTTLS is never answered: what the
 * session already holds it discards itself, and bytes still in the plain socket's
 * buffer are left there, unread (CVE-2011-0411).
 *
 * Two clocks bound a client: the idle timer (no traffic at all) and a per-request
 * deadline (a command line, a handshake or a message taking too long, however
 * steadily its bytes trickle in; see request-deadline.ts).
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { MessageRecord, PortMode, SessionOutput, SmtpSession } from '../simulator/index.ts';
import { maskToken } from './inboxes.ts';
import { RequestDeadline } from './request-deadline.ts';
import type { PackedTranscript } from './packed-transcript.ts';
import { TranscriptRecorder } from './session-transcript.ts';

/** A message the session finished, accepted or rejected. */
export interface FinishedMessage {
  record: MessageRecord;
  /** The message as received (dot-unstuffed), or null when it passed the size limit. */
  raw: Uint8Array | null;
  /** The SMTP session it came in on: token (masked) and domain, transcript with its port mode. */
  smtp?: SmtpOrigin;
}

export interface SmtpOrigin {
  /** The authenticated token's domain: the message's inbox. */
  domain: string | null;
  /** The token, masked (see inboxes.ts). */
  tokenId: string | null;
  /** The session so far, packed, with the port mode it came in on. */
  transcript: PackedTranscript;
}

export interface ConnectionOptions {
  session: SmtpSession;
  mode: PortMode;
  secureContext: SecureContext;
  /** Milliseconds without traffic before 421 4.4.2; 0 disables the timer. */
  idleTimeoutMs: number;
  /** Milliseconds a command line (or a TLS handshake) may take from its first byte; 0 disables. */
  commandTimeoutMs: number;
  /** Past the connection cap: greet with 421 4.7.0 and close. */
  refuse: boolean;
  onMessage(message: FinishedMessage): void;
  onClose(connection: SmtpConnection): void;
  /** Something worth a log line (TLS handshake failures, adapter errors). */
  onProblem(text: string): void;
}

/** How long a closing connection may take to say goodbye before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/** First byte of a TLS handshake record: a TLS client on the plaintext port. */
const TLS_HANDSHAKE_RECORD = 0x16;

/** Socket errors that only mean the peer went away. */
const QUIET_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

export class SmtpConnection {
  /** The socket we read from and write to now: the plain one, then the TLS one. */
  private socket: Socket;
  private readonly session: SmtpSession;
  /** A TLS handshake is running (STARTTLS or implicit TLS). */
  private handshaking = false;
  /** The greeting (or the refusal) was sent. */
  private greeted = false;
  /** We asked the socket to end; no more input is processed. */
  private closing = false;
  private finished = false;
  /** Chunks handed to the session and not yet answered. */
  private busy = 0;
  private closeTimer: NodeJS.Timeout | null = null;
  private sawData = false;
  private readonly deadline: RequestDeadline;
  /** The last chunk left the session reading message text. */
  private inData = false;
  private readonly transcript: TranscriptRecorder;

  constructor(
    private readonly raw: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.session = options.session;
    this.transcript = new TranscriptRecorder(Object.keys(options.session.config.tokens));
    this.socket = raw;
    this.deadline = new RequestDeadline(options.commandTimeoutMs, this.onDeadline);
    raw.setNoDelay(true);
    raw.on('error', this.onSocketError);
    raw.once('close', this.onSocketClose);
    if (options.mode === 'implicit-tls') {
      // TLS from the first byte: the greeting waits for the handshake.
      this.wrapTls(() => this.greet());
    } else {
      this.watchIdle(raw);
      this.greet();
    }
  }

  /** The peer's address, for log lines. */
  get peer(): string {
    return `${this.raw.remoteAddress ?? '?'}:${this.raw.remotePort ?? '?'}`;
  }

  /** Server shutdown: 421 to a session that can hear it, then close. */
  shutdown(): void {
    if (this.finished || this.closing) return;
    if (this.handshaking || !this.greeted) {
      this.socket.destroy();
      return;
    }
    this.apply(this.session.refuse('shuttingDown'));
  }

  /** Drops the connection at once (used when a graceful close takes too long). */
  destroy(): void {
    this.socket.destroy();
    this.raw.destroy();
  }

  private greet(): void {
    this.greeted = true;
    this.apply(this.options.refuse ? this.session.refuse('tooManyConnections') : this.session.start());
    this.listen();
  }

  private listen(): void {
    if (!this.closing) this.socket.on('data', this.onData);
  }

  private readonly onData = (chunk: Buffer): void => {
    const source = this.socket;
    if (!this.sawData && source === this.raw && chunk[0] === TLS_HANDSHAKE_RECORD && chunk[1] === 3) {
      this.options.onProblem(
        `${this.peer} started a TLS handshake on the STARTTLS port; clients that use TLS from the first byte belong on the TLS port`,
      );
    }
    this.sawData = true;
    this.transcript.client(chunk);
    const arrivedAt = Date.now();
    source.pause();
    this.busy++;
    this.session.receive(chunk).then(
      (out) => {
        this.busy--;
        // Before apply(): a STARTTLS upgrade there starts the handshake's own deadline.
        this.trackRequest(chunk, arrivedAt);
        this.apply(out);
        // Time ran out while this chunk was being processed.
        if (this.deadline.expired) this.onDeadline();
        if (this.socket === source && !this.closing && !this.finished && !this.handshaking) source.resume();
      },
      (error: unknown) => {
        this.busy--;
        this.fail(error);
      },
    );
  };

  /** Moves the per-request deadline along after the session has read `chunk`. */
  private trackRequest(chunk: Buffer, arrivedAt: number): void {
    const state = this.session.snapshot().state;
    if (state === 'data') {
      if (!this.inData) {
        // DATA was just accepted: the silence before the text is the idle timer's business.
        this.inData = true;
        return this.deadline.stop();
      }
      // Message text: its first byte starts the budget, every byte tops it up.
      this.deadline.ensure(arrivedAt);
      this.deadline.credit(chunk.length);
      return;
    }
    this.inData = false;
    if (state === 'closed' || state === 'tls-handshake') return this.deadline.stop();
    // Command lines: the core says how much of an unended line it holds, so a line
    // ends here exactly where the core ends it (CR LF, a bare CR, a bare LF).
    const partial = this.session.partialLineBytes;
    if (partial === 0) this.deadline.stop(); // every line in it is complete
    else if (partial < chunk.length) this.deadline.start(arrivedAt); // a new line began in this chunk
    else this.deadline.ensure(arrivedAt); // the line in progress goes on
  }

  /**
   * Carries out the session's actions in order, except that finished messages are
   * handed on after the replies are written: the client reads its 250 while the
   * record is stored, printed and its webhooks queued. All of it runs before this
   * returns, so the inbox and its API have the message before any other event.
   */
  private apply(out: SessionOutput): void {
    let text = '';
    const finished: FinishedMessage[] = [];
    for (const action of out.actions) {
      switch (action.type) {
        case 'send':
          text += action.text;
          this.transcript.server(action.reply.lines);
          break;
        case 'message':
          finished.push({ record: action.record, raw: action.raw, smtp: this.origin() });
          break;
        case 'start-tls':
          this.write(text);
          text = '';
          this.transcript.tls();
          this.upgrade();
          break;
        case 'close':
          this.write(text);
          text = '';
          this.end();
          break;
      }
    }
    this.write(text);
    for (const message of finished) this.options.onMessage(message);
  }

  private origin(): SmtpOrigin {
    const token = this.transcript.authenticatedToken;
    return { domain: this.session.snapshot().domain, tokenId: token === null ? null : maskToken(token), transcript: this.transcript.take(this.options.mode) };
  }

  private write(text: string): void {
    if (text && this.socket.writable) this.socket.write(text);
  }

  /** STARTTLS accepted and its 220 written: hand this socket to node:tls right now. */
  private upgrade(): void {
    if (this.finished) return;
    const plain = this.socket;
    plain.removeListener('data', this.onData);
    plain.removeListener('timeout', this.onIdle);
    plain.setTimeout(0);
    this.wrapTls(() => {
      this.session.tlsEstablished();
      this.listen();
    });
  }

  private wrapTls(onSecure: () => void): void {
    this.handshaking = true;
    const secure = new TLSSocket(this.socket, { isServer: true, secureContext: this.options.secureContext });
    this.socket = secure;
    secure.on('error', this.onSocketError);
    secure.once('close', this.onSocketClose);
    this.watchIdle(secure);
    // A handshake whose bytes trickle in would hold its slot past the idle timer.
    this.deadline.start();
    // once(): a TLS 1.2 renegotiation must not run the upgrade a second time.
    secure.once('secure', () => {
      this.handshaking = false;
      this.deadline.stop();
      if (this.finished || this.closing) return;
      onSecure();
    });
  }

  private watchIdle(socket: Socket): void {
    if (this.options.idleTimeoutMs <= 0) return;
    socket.setTimeout(this.options.idleTimeoutMs);
    socket.on('timeout', this.onIdle);
  }

  private readonly onIdle = (): void => {
    if (this.finished) return;
    // A handshake that never finished, or a peer that never read our goodbye.
    if (this.handshaking || this.closing || !this.greeted) return this.destroy();
    // Still working on the peer's last input (a large message): not idle.
    if (this.busy > 0) return;
    this.apply(this.session.idleTimeout());
  };

  private readonly onDeadline = (): void => {
    if (this.finished || this.closing) return;
    const seconds = this.options.commandTimeoutMs / 1000;
    if (this.handshaking) {
      // Nothing can be said in the middle of a handshake.
      this.options.onProblem(`TLS handshake with ${this.peer} did not finish within ${seconds} s; closing (--command-timeout)`);
      return this.destroy();
    }
    // Checked again once the chunk being processed is answered.
    if (this.busy > 0) return;
    const what = this.inData ? 'the message text came slower than the minimum rate' : `no complete command line within ${seconds} s`;
    this.options.onProblem(`connection ${this.peer}: ${what}; closing (--command-timeout)`);
    this.apply(this.session.refuse('tooSlow'));
  };

  /** Ends our side after the replies already written; the peer gets a grace period. */
  private end(): void {
    if (this.closing) return;
    this.closing = true;
    const socket = this.socket;
    socket.removeListener('data', this.onData);
    socket.end();
    // Keep reading (and discarding) so the peer's FIN is seen and the socket closes.
    socket.resume();
    this.closeTimer = setTimeout(() => this.destroy(), CLOSE_GRACE_MS);
    this.closeTimer.unref();
  }

  private fail(error: unknown): void {
    // After the peer left or we closed, a call still in flight may fail: nothing to say.
    if (this.finished || this.closing) return;
    this.options.onProblem(`connection ${this.peer}: internal error, closing: ${error instanceof Error ? error.message : String(error)}`);
    this.destroy();
  }

  private readonly onSocketError = (error: NodeJS.ErrnoException): void => {
    if (this.finished || (error.code && QUIET_ERRORS.has(error.code))) return;
    if (this.handshaking) {
      // OpenSSL's `reason` is the readable part of its message.
      const reason = (error as { reason?: string }).reason ?? error.message;
      const plaintext = this.options.mode === 'implicit-tls' && /wrong version number|http request/i.test(reason);
      const hint = plaintext ? ' (the client spoke plaintext on the TLS-from-the-first-byte port; clients that start in plaintext belong on the STARTTLS port)' : '';
      this.options.onProblem(`TLS handshake with ${this.peer} failed: ${reason}${hint}`);
    } else if (!this.closing) {
      this.options.onProblem(`connection ${this.peer}: ${error.message}`);
    }
  };

  private readonly onSocketClose = (): void => {
    if (this.finished) return;
    this.finished = true;
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.deadline.stop();
    // Whatever was in flight (DATA, AUTH) is dropped unrecorded.
    if (!this.session.closed) this.session.connectionLost();
    this.destroy();
    this.options.onClose(this);
  };
}
