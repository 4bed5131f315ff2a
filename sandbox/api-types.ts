/**
 * The inbox API's JSON shapes (sandbox/openapi.yaml), shared by the server and the
 * inbox page. Types only and no Node imports, so the page's browser build can use them.
 */
import type { MessageRecord, MessageSource } from '../simulator/index.ts';

export type { MessageSource } from '../simulator/index.ts';

/** One line of the list: enough to show and filter, without bodies or attachments. */
export interface MessageSummary {
  id: number;
  source: MessageSource;
  status: MessageRecord['status'];
  /** The reply sent (first line): an SMTP reply, or the send API's status and body. */
  reply: string;
  received_at: string;
  size: number;
  from: string | null;
  to: string | null;
  subject: string | null;
  tags: string[];
  attachments: number;
  warnings: number;
  /** Whether `/raw` can serve the message's bytes. */
  has_raw: boolean;
}

/** A whole message: the summary's ID and source, and the record as the CLI prints it. */
export interface MessageDetail {
  id: number;
  source: MessageSource;
  has_raw: boolean;
  record: MessageRecord;
}

/** The inbox's counts, sent with every list and every feed event. */
export interface StoreStats {
  /** Messages held now. */
  total: number;
  /** Messages dropped because the inbox was full (since start or the last clear). */
  dropped: number;
  keep: number;
}
