/**
 * The inbox API's JSON shapes (sandbox/openapi.yaml), shared by the server and the
 * inbox page. Types only and no Node imports, so the page's browser build can use them.
 */
import type { MessageRecord, MessageSource, PortMode } from '../simulator/index.ts';

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
  /** The inbox: the domain of the token the message came with (null when unknown, as for files an older sandbox wrote). */
  domain: string | null;
}

/** Which inbox a message is in: its token's domain and the token, masked. */
export interface MessageInbox {
  domain: string | null;
  /** The token's last four characters after `…` (16 characters or more), else `…`. */
  token_id: string | null;
}

/** A line of an SMTP transcript: the client's (`C`), the sandbox's (`S`), or a note (`#`). */
export type TranscriptEntry =
  /** `command`, `auth` (an answer to 334, masked) or `data` (message text); `tls`: TLS started here. */
  | { from: 'C'; text: string; phase: 'command' | 'auth' | 'data' | 'tls' }
  | { from: 'S'; text: string }
  | { from: '#'; text: string };

/** The SMTP session a message came in on. */
export interface SessionTranscript {
  port_mode: PortMode;
  lines: TranscriptEntry[];
}

/** `GET /api/inboxes`. */
export interface InboxList {
  inboxes: { domain: string; token_ids: string[]; messages: number }[];
  /** The site's simulator page that replay links open; null: the page's default. */
  simulator_url: string | null;
}

/** A whole message: the summary's ID and source, and the record as the CLI prints it. */
export interface MessageDetail {
  id: number;
  source: MessageSource;
  has_raw: boolean;
  record: MessageRecord;
  inbox: MessageInbox | null;
  /** Null for messages from the send API (no SMTP session), and for files an older sandbox wrote. */
  transcript: SessionTranscript | null;
}

/** What `GET /api/messages/wait` answers: the message, and what a test clicks or types from it. */
export interface WaitResult extends MessageDetail {
  /** http(s) links in the text and HTML bodies, in order, each once. */
  links: string[];
  /** One-time codes: 4 to 8 letters and digits, at least one digit, near a word such as "code". */
  codes: string[];
}

/** The inbox's counts, sent with every list and every feed event. */
export interface StoreStats {
  /** Messages held now. */
  total: number;
  /** Messages dropped because the inbox was full (since start or the last clear). */
  dropped: number;
  keep: number;
}
