/**
 * `Idempotency-Key` on the send API, as MailPace's idempotency guide describes it,
 * wrapped around the route so the route itself stays as it is.
 *
 * - A successful (queued) request's answer is kept for 24 hours under its key and API
 *   token; a later request with the same key and token gets that answer back, whatever
 *   its body, and nothing is sent again (one message in the inbox, one set of webhooks).
 * - Nothing is kept for a failed request, so it can be retried with the same key.
 * - A key is one token's: the same key with another token sends.
 * - At most 255 characters. MailPace publishes no error for a longer key, nor a status
 *   for a request that arrives while one with its key is still running: the sandbox's
 *   answers to both are its own (simulated), in the `{"error": …}` shape of the API's.
 *
 * Memory is bounded: past `maxKeys` stored answers, the oldest goes first (simulated).
 */
import type { ServerResponse } from 'node:http';
import { IDEMPOTENCY, SEND_API } from '../simulator/index.ts';
import type { Route } from './http-server.ts';

export const IDEMPOTENCY_ERRORS = {
  tooLong: { status: 400, body: JSON.stringify({ error: `Simulated: the ${IDEMPOTENCY.header} header is longer than ${IDEMPOTENCY.maxKeyLength} characters` }) },
  inProgress: { status: 409, body: JSON.stringify({ error: `Simulated: a request with this ${IDEMPOTENCY.header} is still being handled; retry it once that one has finished` }) },
} as const;

export interface IdempotencyOptions {
  now?: () => number;
  /** Stored answers held at most (simulated bound). */
  maxKeys?: number;
}

interface Stored {
  status: number;
  body: string | Buffer;
  expires: number;
}

const TTL_MS = IDEMPOTENCY.hours * 60 * 60 * 1000;

function answer(res: ServerResponse, status: number, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

/** The send route with idempotency keys honoured. */
export function withIdempotency(route: Route, options: IdempotencyOptions = {}): Route {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const stored = new Map<string, Stored>();
  const running = new Set<string>();

  /** Drops expired answers; they are in expiry order, since every key lives equally long. */
  const prune = () => {
    for (const [key, entry] of stored) {
      if (entry.expires > now() && stored.size <= maxKeys) break;
      stored.delete(key);
    }
  };

  return {
    ...route,
    async handle(ctx) {
      const { req, res } = ctx;
      const keyHeader = req.headers[IDEMPOTENCY.header.toLowerCase()];
      const key = typeof keyHeader === 'string' ? keyHeader : undefined;
      if (!key) return route.handle(ctx);
      if (key.length > IDEMPOTENCY.maxKeyLength) {
        req.resume();
        return answer(res, IDEMPOTENCY_ERRORS.tooLong.status, IDEMPOTENCY_ERRORS.tooLong.body, { Connection: 'close' });
      }
      const token = req.headers[SEND_API.tokenHeader.toLowerCase()];
      // Without a token the route refuses the request, and nothing is kept.
      if (typeof token !== 'string' || !token.trim()) return route.handle(ctx);
      const slot = `${token.trim()}\n${key}`;

      prune();
      const hit = stored.get(slot);
      if (hit) {
        req.resume();
        return answer(res, hit.status, hit.body);
      }
      if (running.has(slot)) {
        req.resume();
        return answer(res, IDEMPOTENCY_ERRORS.inProgress.status, IDEMPOTENCY_ERRORS.inProgress.body, { Connection: 'close' });
      }

      // Note the answer as the route writes it.
      let body: string | Buffer | undefined;
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        if (typeof args[0] === 'string' || Buffer.isBuffer(args[0])) body = args[0];
        return end(...args);
      }) as ServerResponse['end'];
      running.add(slot);
      try {
        await route.handle(ctx);
      } finally {
        running.delete(slot);
      }
      // Only a queued message's answer is kept (MailPace: "successful requests").
      if (res.statusCode === 200 && body !== undefined) {
        stored.set(slot, { status: 200, body, expires: now() + TTL_MS });
        prune();
      }
    },
  };
}
