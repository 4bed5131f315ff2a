/**
 * The body of one webhook: `{event, payload}` with the payload fields MailPace's
 * webhook guide lists, in its order, unset nullable ones as `null`.
 *
 * What the guide leaves to us (simulated): `id` is the message's inbox ID (MailPace's
 * is its own email ID), `domain_id` is the token's place in the sandbox's token list,
 * and `message_id` uses the queue ID the sandbox gave the message, in MailPace's
 * published `<…@mailer.mailpace.com>` form. The body is built again from the stored
 * message for a replay, so nothing here needs keeping beyond the two timestamps.
 */
import { WEBHOOKS, type MessageRecord, type WebhookEvent } from '../../simulator/index.ts';

export interface PayloadSource {
  /** The inbox ID. */
  id: number;
  record: MessageRecord;
}

export interface EventTimes {
  created_at: string;
  updated_at: string;
}

export function webhookPayload(event: WebhookEvent, message: PayloadSource, domainId: number, times: EventTimes): Record<string, unknown> {
  const p = message.record.payload;
  const queueId = message.record.id ?? `sandbox-${message.id}`;
  const values: Record<(typeof WEBHOOKS.payloadFields)[number], unknown> = {
    status: WEBHOOKS.statusOf[event],
    id: message.id,
    domain_id: domainId,
    created_at: times.created_at,
    updated_at: times.updated_at,
    from: p.from ?? '',
    to: p.to,
    htmlbody: p.htmlbody,
    textbody: p.textbody,
    cc: p.cc,
    bcc: p.bcc,
    subject: p.subject,
    replyto: p.replyto,
    message_id: `<${queueId}@${WEBHOOKS.messageIdHost}>`,
    list_unsubscribe: p.list_unsubscribe,
    tags: p.tags?.length ? p.tags : undefined,
  };
  const payload: Record<string, unknown> = {};
  for (const key of WEBHOOKS.payloadFields) payload[key] = values[key] ?? null;
  return payload;
}

/** What is posted: `{event, payload}`; its JSON is the exact bytes posted and signed. */
export interface WebhookDocument {
  event: WebhookEvent;
  payload: Record<string, unknown>;
}

export function webhookDocument(event: WebhookEvent, message: PayloadSource, domainId: number, times: EventTimes): WebhookDocument {
  return { event, payload: webhookPayload(event, message, domainId, times) };
}

/**
 * `payload.domain_id` (simulated): the place of the message's From domain among the
 * sandbox's token domains, counting from 1.
 */
export function domainIds(tokens: Readonly<Record<string, string>>): (record: MessageRecord) => number {
  const domains = [...new Set(Object.values(tokens))];
  return (record) => {
    const from = record.payload.from ?? record.envelope.mail_from;
    const domain = /@([^\s@>]+)>?\s*$/.exec(from)?.[1]?.toLowerCase() ?? '';
    return domains.indexOf(domain) + 1 || 1;
  };
}
