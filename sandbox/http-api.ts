/**
 * The inbox API: list, read, download, delete and wait for messages, plus a live
 * feed (Server-Sent Events). Plain JSON over HTTP, described in `openapi.yaml`, so a
 * test can use `fetch` or `curl` and the inbox page uses the very same routes.
 *
 * Every handler reads the in-process store synchronously; nothing here can make the
 * SMTP side wait. A feed client that stops reading is dropped, not buffered for.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { MessageDetail, MessageSummary, WaitResult } from './api-types.ts';
import { findInMessage } from './message-links.ts';
import { sendError, sendJson, type Route, type RouteContext } from './http-server.ts';
import type { MessageFilter, MessageStore, StoreEvent, StoredMessage } from './store.ts';

/** Whether `/raw` can serve the message's bytes, from memory or from `--out`. */
const hasRaw = (m: StoredMessage) => m.raw !== null || m.rawFile !== null;

export function summarize(m: StoredMessage): MessageSummary {
  const { record } = m;
  const p = record.payload;
  return {
    id: m.id,
    source: m.source,
    status: record.status,
    reply: record.reply.split('\n')[0]!,
    received_at: record.received_at,
    size: record.size,
    from: p.from ?? null,
    to: p.to ?? null,
    subject: p.subject ?? null,
    tags: p.tags ?? [],
    attachments: p.attachments?.length ?? 0,
    warnings: record.warnings.length,
    has_raw: hasRaw(m),
    domain: m.inbox?.domain ?? null,
  };
}

/** The message's bytes, from memory or from `--out`; null when not kept or gone. */
async function bytesOf(m: StoredMessage): Promise<Uint8Array | null> {
  if (m.raw) return m.raw;
  return m.rawFile ? readFile(m.rawFile).catch(() => null) : null;
}

export function detail(m: StoredMessage): MessageDetail {
  return { id: m.id, source: m.source, has_raw: hasRaw(m), record: m.record, inbox: m.inbox ?? null, transcript: m.transcript ?? null };
}

/** Longest long poll, in seconds: below common proxy and client timeouts. */
export const MAX_WAIT_SECONDS = 300;
export const DEFAULT_WAIT_SECONDS = 30;
/** A feed client with more than this much unsent is too slow and is dropped. */
const FEED_BACKLOG_BYTES = 1024 * 1024;
/** A comment line now and then keeps proxies and idle timers from closing the feed. */
const FEED_HEARTBEAT_MS = 15_000;

class BadQuery extends Error {}

function whole(name: string, text: string | null, min: number): number | undefined {
  if (text === null) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new BadQuery(`${name} must be a whole number of at least ${min}, not "${text}"`);
  }
  return Number(text);
}

/** The filter fields of a query string. */
function readFilter(url: URL): MessageFilter {
  const q = url.searchParams;
  const filter: MessageFilter = {};
  for (const key of ['to', 'subject', 'tag', 'q', 'domain'] as const) {
    const value = q.get(key);
    if (value !== null && value !== '') filter[key] = value;
  }
  const status = q.get('status');
  if (status !== null && status !== '') {
    if (status !== 'accepted' && status !== 'rejected') throw new BadQuery(`status must be accepted or rejected, not "${status}"`);
    filter.status = status;
  }
  const source = q.get('source');
  if (source !== null && source !== '') {
    if (source !== 'smtp' && source !== 'api') throw new BadQuery(`source must be smtp or api, not "${source}"`);
    filter.source = source;
  }
  const since = whole('since', q.get('since'), 0);
  if (since !== undefined) filter.since = since;
  return filter;
}

/** Runs `body`, answering 400 for a bad query string. */
function withQuery(body: (ctx: RouteContext) => void | Promise<void>) {
  return async (ctx: RouteContext) => {
    try {
      await body(ctx);
    } catch (error) {
      if (!(error instanceof BadQuery)) throw error;
      sendError(ctx.res, 400, error.message);
    }
  };
}

function found(store: MessageStore, ctx: RouteContext): StoredMessage | null {
  const message = store.get(Number(ctx.params.id));
  if (!message) sendError(ctx.res, 404, `No message ${ctx.params.id} in the inbox`);
  return message ?? null;
}

function feedWrite(res: ServerResponse, text: string): void {
  if (res.writableLength > FEED_BACKLOG_BYTES) {
    res.destroy();
    return;
  }
  res.write(text);
}

function event(name: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The inbox routes over `store`. */
export function inboxRoutes(store: MessageStore): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/messages',
      handle: withQuery(({ url, res }) => {
        const filter = readFilter(url);
        const limit = whole('limit', url.searchParams.get('limit'), 1);
        const messages = store.list(filter, limit).map(summarize);
        sendJson(res, 200, { ...store.stats, matched: store.count(filter), messages });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/messages',
      handle: ({ res }) => sendJson(res, 200, { deleted: store.clear() }),
    },
    {
      method: 'GET',
      path: '/api/messages/wait',
      handle: withQuery(async ({ url, res }) => {
        const filter = readFilter(url);
        const timeoutText = url.searchParams.get('timeout');
        const seconds = timeoutText === null ? DEFAULT_WAIT_SECONDS : Number(timeoutText);
        if (!/^\d+(\.\d+)?$/.test(timeoutText ?? '0') || !(seconds > 0) || seconds > MAX_WAIT_SECONDS) {
          throw new BadQuery(`timeout must be a number of seconds above 0 and at most ${MAX_WAIT_SECONDS}, not "${timeoutText}"`);
        }
        const waiting = store.wait(filter, Math.round(seconds * 1000));
        // The client gave up: stop waiting for it.
        res.on('close', waiting.cancel);
        const message = await waiting.result;
        res.off('close', waiting.cancel);
        if (res.destroyed) return;
        if (message) sendJson(res, 200, { ...detail(message), ...(await findInMessage(await bytesOf(message))) } satisfies WaitResult);
        else sendError(res, 408, `No matching message arrived within ${seconds} s`);
      }),
    },
    {
      method: 'GET',
      path: '/api/messages/{id}',
      handle: (ctx) => {
        const message = found(store, ctx);
        if (message) sendJson(ctx.res, 200, detail(message));
      },
    },
    {
      method: 'DELETE',
      path: '/api/messages/{id}',
      handle: (ctx) => {
        if (store.delete(Number(ctx.params.id))) ctx.res.writeHead(204).end();
        else sendError(ctx.res, 404, `No message ${ctx.params.id} in the inbox`);
      },
    },
    {
      method: 'GET',
      path: '/api/messages/{id}/raw',
      handle: (ctx) => {
        const message = found(store, ctx);
        if (!message) return;
        const headers = {
          'Content-Type': 'message/rfc822',
          'Content-Disposition': `attachment; filename="message-${message.id}.eml"`,
          'Cache-Control': 'no-store',
        };
        if (message.raw) {
          ctx.res.writeHead(200, { ...headers, 'Content-Length': message.raw.byteLength }).end(message.raw);
        } else if (message.rawFile) {
          const file = createReadStream(message.rawFile);
          file.once('open', () => {
            ctx.res.writeHead(200, headers);
            file.pipe(ctx.res);
          });
          file.once('error', () => {
            if (ctx.res.headersSent) ctx.res.destroy();
            else sendError(ctx.res, 404, `The file of message ${message.id} is gone from the --out folder`);
          });
        } else {
          sendError(ctx.res, 404, `Message ${message.id} was over the size limit; its bytes were not kept`);
        }
      },
    },
    {
      method: 'GET',
      path: '/api/events',
      handle: ({ req, res, url }) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
        res.write(`retry: 2000\n\n`);
        res.write(event('hello', store.stats));
        // A client that reconnects says what it last saw; it gets what it missed.
        const last = req.headers['last-event-id'] ?? url.searchParams.get('since');
        if (typeof last === 'string' && /^\d+$/.test(last)) {
          for (const m of store.list({ since: Number(last) }).reverse()) res.write(event('message', { message: summarize(m), ...store.stats }, m.id));
        }
        const unsubscribe = store.subscribe((e: StoreEvent) => {
          if (e.type === 'message') feedWrite(res, event('message', { message: summarize(e.message), ...store.stats }, e.message.id));
          else if (e.type === 'delete') feedWrite(res, event('delete', { ids: e.ids, reason: e.reason, ...store.stats }));
          else feedWrite(res, event('clear', { ids: e.ids, ...store.stats }));
        });
        const heartbeat = setInterval(() => feedWrite(res, ': still here\n\n'), FEED_HEARTBEAT_MS);
        res.on('close', () => {
          unsubscribe();
          clearInterval(heartbeat);
        });
      },
    },
  ];
}
