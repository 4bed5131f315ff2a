/**
 * The page's side of the inbox API (sandbox/openapi.yaml). Relative URLs only: the
 * page is served by the same server as the API, so it never names a host.
 */

/** One line of `GET api/messages`, the counts, and one message: the server's own types. */
export type { MessageSummary as Summary, StoreStats as Counts, MessageDetail as Detail, InboxList } from '../api-types.ts';
import type { MessageSummary as Summary, StoreStats as Counts, MessageDetail as Detail, InboxList } from '../api-types.ts';

export interface Query {
  /** Which field the search box reads. */
  field: 'to' | 'subject' | 'tag';
  text: string;
  status: '' | 'accepted' | 'rejected';
  /** The inbox (a token's domain); empty: all of them. */
  domain: string;
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `The sandbox answered ${response.status}`);
  }
  return (await response.json()) as T;
}

export function listUrl(query: Query): string {
  const params = new URLSearchParams();
  if (query.text.trim()) params.set(query.field, query.text.trim());
  if (query.status) params.set('status', query.status);
  if (query.domain) params.set('domain', query.domain);
  const search = params.toString();
  return `api/messages${search ? `?${search}` : ''}`;
}

export async function listMessages(query: Query): Promise<Counts & { matched: number; messages: Summary[] }> {
  return json(await fetch(listUrl(query), { cache: 'no-store' }));
}

export async function listInboxes(): Promise<InboxList> {
  return json(await fetch('api/inboxes', { cache: 'no-store' }));
}

export async function getMessage(id: number): Promise<Detail> {
  return json(await fetch(`api/messages/${id}`, { cache: 'no-store' }));
}

/** The raw message as text, or null when the sandbox did not keep its bytes. */
export async function getRaw(id: number): Promise<Uint8Array | null> {
  const response = await fetch(rawUrl(id), { cache: 'no-store' });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`The sandbox answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export function rawUrl(id: number): string {
  return `api/messages/${id}/raw`;
}

export async function deleteMessage(id: number): Promise<void> {
  const response = await fetch(`api/messages/${id}`, { method: 'DELETE' });
  // 404: someone else deleted it first, which is what was asked.
  if (!response.ok && response.status !== 404) throw new Error(`The sandbox answered ${response.status}`);
}

export async function deleteAll(): Promise<number> {
  return (await json<{ deleted: number }>(await fetch('api/messages', { method: 'DELETE' }))).deleted;
}
