/**
 * One inbox per token: a MailPace API token belongs to one sending domain, so the
 * sandbox files every message under the domain of the token it came with, over
 * SMTP (the token that authenticated) and the send API (the token in the header).
 *
 * The token itself is never stored or served: a message carries its domain and a
 * masked token ID (`maskToken`), enough to tell two tokens apart and useless to sign
 * in with. `GET /api/inboxes` lists the inboxes, with the site page the inbox page's
 * replay links open.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { SEND_API } from '../simulator/index.ts';
import type { InboxList, MessageInbox } from './api-types.ts';
import { sendJson, type Route } from './http-server.ts';
import type { MessageStore } from './store.ts';

/** Tokens this long or longer show their last four characters; shorter ones show none. */
const SHOWN_FROM_LENGTH = 16;

/** A token as the inbox shows it: `…` and its last four characters (for 16 or more characters). */
export function maskToken(token: string): string {
  return token.length >= SHOWN_FROM_LENGTH ? `…${token.slice(-4)}` : '…';
}

/** The send API's caller, known while its request is handled (see `withCaller`). */
const caller = new AsyncLocalStorage<MessageInbox>();

/** The inbox of the send API request being handled now, if any. */
export function currentCaller(): MessageInbox | null {
  return caller.getStore() ?? null;
}

function inboxOf(req: IncomingMessage, tokens: Readonly<Record<string, string>>): MessageInbox | null {
  const header = req.headers[SEND_API.tokenHeader.toLowerCase()];
  const token = typeof header === 'string' ? header.trim() : '';
  const domain = tokens[token];
  return domain === undefined ? null : { domain, token_id: maskToken(token) };
}

/**
 * The send API route, with its caller's inbox known to everything it calls (the
 * route delivers through the app's `deliver`, which files the message by it).
 */
export function withCaller(route: Route, tokens: Readonly<Record<string, string>>): Route {
  return { ...route, handle: (ctx) => caller.run(inboxOf(ctx.req, tokens) ?? { domain: null, token_id: null }, () => route.handle(ctx)) };
}

/** Every configured domain with its masked token IDs, and any other domain messages are filed under. */
export function listInboxes(store: MessageStore, tokens: Readonly<Record<string, string>>): InboxList['inboxes'] {
  const ids = new Map<string, string[]>();
  for (const [token, domain] of Object.entries(tokens)) ids.set(domain, [...(ids.get(domain) ?? []), maskToken(token)]);
  for (const m of store.list()) if (m.inbox?.domain && !ids.has(m.inbox.domain)) ids.set(m.inbox.domain, []);
  return [...ids].map(([domain, token_ids]) => ({ domain, token_ids, messages: store.count({ domain }) }));
}

/** `GET /api/inboxes`. `simulatorUrl`: the site page replay links open; null lets the page use its default. */
export function inboxesRoute(store: MessageStore, tokens: Readonly<Record<string, string>>, simulatorUrl: string | null): Route {
  return {
    method: 'GET',
    path: '/api/inboxes',
    handle: ({ res }) => sendJson(res, 200, { inboxes: listInboxes(store, tokens), simulator_url: simulatorUrl } satisfies InboxList),
  };
}
