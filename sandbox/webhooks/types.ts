/**
 * The webhook API's JSON shapes (sandbox/openapi.yaml), shared by the server and the
 * inbox page: types only, no Node imports.
 */
import type { WebhookEvent } from '../../simulator/mailpace-facts.ts';

export type { WebhookEvent } from '../../simulator/mailpace-facts.ts';

/**
 * How one attempt ended. `delivered`: a 2xx. `refused`: an HTTP error status or a
 * connection error, which turns the endpoint off (as MailPace does). `temporary`: no
 * whole answer in time, or a TLS error: retried (as MailPace does), then the endpoint is turned off.
 */
export type AttemptOutcome = 'delivered' | 'refused' | 'temporary';

export interface WebhookAttempt {
  /** When the request was sent (ISO 8601). */
  at: string;
  outcome: AttemptOutcome;
  /** The receiver's HTTP status, or null when none came. */
  status: number | null;
  /** The start of the receiver's answer, or the error (connection refused, timed out…). */
  answer: string;
  duration_ms: number;
  /** True for an attempt started from the replay button or route. */
  replay: boolean;
}

/**
 * Where a delivery stands. `pending`: queued or between retries; `delivered`; `failed`:
 * refused, or out of retries; `skipped`: the endpoint was off; `dropped`: the queue was full.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'skipped' | 'dropped';

/** One event for one message to one endpoint, with every attempt made to send it. */
export interface WebhookDelivery {
  id: number;
  /** The inbox ID of the message (also `payload.id`). */
  message_id: number;
  endpoint_id: number;
  url: string;
  event: WebhookEvent;
  state: DeliveryState;
  attempts: WebhookAttempt[];
  /** When the next retry is due (ISO 8601), while one is scheduled. */
  next_attempt_at: string | null;
}

export interface WebhookEndpoint {
  id: number;
  url: string;
  enabled: boolean;
  /** Why it was turned off, while it is. */
  disabled_reason: string | null;
}

export interface WebhookStatus {
  /** The raw Ed25519 public key, strict base64. */
  public_key: string;
  algorithm: 'Ed25519';
  signature_header: string;
  endpoints: WebhookEndpoint[];
  /** Deliveries waiting for a slot or a retry, the most there may be, and how many were dropped as over it. */
  queue: { pending: number; max: number; dropped: number };
  /** The retry delays in milliseconds (simulated: MailPace publishes none). */
  retry_delays_ms: number[];
  /** The per-request time limit in milliseconds (simulated). */
  timeout_ms: number;
}
