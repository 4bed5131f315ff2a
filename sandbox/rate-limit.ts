/**
 * `--rate N/WINDOW`: at most N messages per token in any WINDOW (a sliding window).
 * Past it, the core answers as MailPace's rate limit does: 451 over SMTP, 429 over the
 * send API. How MailPace counts is not published: the window, counting every message
 * that reaches the policy (refused or not) and the Retry-After are simulated.
 *
 * Memory is bounded: per token at most N times are kept, and only the configured
 * tokens reach the limiter (an unknown token is refused before any message).
 */
import type { MessageLimiter } from '../simulator/index.ts';

export interface RateLimit {
  messages: number;
  windowMs: number;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

/** `10/1m`, `100/h`, `5/30s`: N messages per window; the window's number defaults to 1. */
export function parseRate(text: string): RateLimit {
  const match = /^(\d+)\/(\d*)([smh])$/.exec(text.trim());
  const messages = match ? Number(match[1]) : NaN;
  const count = match && match[2] !== '' ? Number(match[2]) : 1;
  if (!match || !(messages >= 1) || !(count >= 1) || !Number.isSafeInteger(messages)) {
    throw new Error(`expects N/WINDOW with N at least 1 and a window in s, m or h, for example 10/1m or 100/h; got "${text}"`);
  }
  return { messages, windowMs: count * UNITS[match[3]!]! };
}

export class WindowLimiter implements MessageLimiter {
  /** Per token, the times of the messages counted in the current window, oldest first. */
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {}

  take(token: string): { retryAfterSeconds: number } | null {
    const now = this.now();
    const times = this.sent.get(token) ?? [];
    while (times.length && times[0]! <= now - this.limit.windowMs) times.shift();
    if (times.length >= this.limit.messages) {
      this.sent.set(token, times);
      // Whole seconds, rounded up: waiting that long always frees a slot.
      return { retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + this.limit.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.sent.set(token, times);
    return null;
  }
}
