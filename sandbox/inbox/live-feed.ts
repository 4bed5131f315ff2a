/**
 * The live feed (`GET api/events`, Server-Sent Events). The page only needs to know
 * that something changed and the new counts; it then asks for the list again with
 * its own filters, so the server stays the one place that filters.
 */
import type { Counts } from './inbox-api.ts';

export interface FeedChange {
  type: 'hello' | 'message' | 'delete' | 'clear';
  counts: Counts;
  /** IDs that left the inbox (delete, clear). */
  removed: number[];
}

/** Opens the feed; returns a function that closes it. EventSource reconnects by itself. */
export function openFeed(onChange: (change: FeedChange) => void, onState: (connected: boolean) => void): () => void {
  const source = new EventSource('api/events');
  for (const type of ['hello', 'message', 'delete', 'clear'] as const) {
    source.addEventListener(type, (event) => {
      const data = JSON.parse((event as Event & { data: string }).data) as Counts & { ids?: number[] };
      onChange({ type, counts: { total: data.total, dropped: data.dropped, keep: data.keep }, removed: data.ids ?? [] });
    });
  }
  source.addEventListener('open', () => onState(true));
  source.addEventListener('error', () => onState(false));
  return () => source.close();
}
