/**
 * A time limit per request, so a client that trickles bytes cannot hold a slot forever.
 *
 * Why: the idle timer restarts on every byte, so on its own it lets a peer that sends
 * one byte just inside the idle timeout keep its connection for ever (and a hundred
 * such peers take every slot). Like Postfix's per-request deadlines, the connection
 * bounds each request instead:
 * - a command line (AUTH continuation lines included) must be complete within the
 *   limit of its first byte, and a TLS handshake must finish within the limit;
 * - the message text after DATA runs on a budget: one limit from its first byte, and
 *   each byte received adds 1/MIN_DATA_RATE of a second, never more than one limit ahead.
 * Silence between requests (or after DATA's 354) is left to the idle timer.
 *
 * Why a minimum rate for DATA rather than a deadline set from the message size: the
 * size is not known when DATA starts (the SIZE parameter is optional and may be
 * wrong), and a budget that grows with the bytes actually received is that
 * size-proportional deadline, computed as they arrive. A large message at any sane
 * pace finishes; a trickle runs out about one limit after it starts. Postfix 3.7
 * does the same with smtpd_min_data_rate (500 bytes/s by default), which we copy.
 */

/** Lowest average pace, in bytes per second, that keeps a DATA transfer alive. */
export const MIN_DATA_RATE = 500;

export class RequestDeadline {
  private timer: NodeJS.Timeout | null = null;
  /** When the running request runs out (ms since the epoch); null when none runs. */
  private expiresAt: number | null = null;

  /**
   * @param limitMs time allowed per request; 0 disables every deadline.
   * @param onExpire called when the running request's time is up.
   */
  constructor(
    private readonly limitMs: number,
    private readonly onExpire: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** True once the running request is past its deadline (the timer may have fired while the connection was busy). */
  get expired(): boolean {
    return this.expiresAt !== null && this.now() >= this.expiresAt;
  }

  /** A new request began at `startedAt`: it has one limit from then. */
  start(startedAt = this.now()): void {
    this.set(startedAt + this.limitMs);
  }

  /** The current request goes on; starts one at `startedAt` if none runs. */
  ensure(startedAt = this.now()): void {
    if (this.expiresAt === null) this.start(startedAt);
  }

  /** `bytes` of message text arrived: each buys 1/MIN_DATA_RATE s, up to one limit from now. */
  credit(bytes: number): void {
    if (this.expiresAt === null) return this.start();
    this.set(Math.min(this.now() + this.limitMs, this.expiresAt + (bytes * 1000) / MIN_DATA_RATE));
  }

  /** No request is in progress. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.expiresAt = null;
  }

  private set(at: number): void {
    this.stop();
    if (this.limitMs <= 0) return;
    this.expiresAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onExpire();
    }, Math.max(0, at - this.now()));
    // The sockets keep the process alive; a pending deadline alone should not.
    this.timer.unref();
  }
}
