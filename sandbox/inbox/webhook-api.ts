/**
 * The page's side of the webhook API (sandbox/openapi.yaml): one message's deliveries,
 * a replay, and the endpoints, which can be turned on again. Relative URLs only, like
 * inbox-api.ts.
 */
import type { WebhookDelivery, WebhookEndpoint, WebhookStatus } from '../webhooks/types.ts';

export type { WebhookDelivery, WebhookAttempt, WebhookEndpoint } from '../webhooks/types.ts';

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `The sandbox answered ${response.status}`);
  }
  return (await response.json()) as T;
}

export async function messageDeliveries(messageId: number): Promise<WebhookDelivery[]> {
  return (await json<{ deliveries: WebhookDelivery[] }>(await fetch(`api/webhooks/deliveries?message=${messageId}`, { cache: 'no-store' }))).deliveries;
}

/** Sends one delivery again; resolves with it once the attempt has ended. */
export async function replayDelivery(deliveryId: number): Promise<WebhookDelivery> {
  return json(await fetch(`api/webhooks/deliveries/${deliveryId}/replay`, { method: 'POST' }));
}

/** Every endpoint, on or off (with why it was turned off). */
export async function webhookEndpoints(): Promise<WebhookEndpoint[]> {
  return (await json<WebhookStatus>(await fetch('api/webhooks', { cache: 'no-store' }))).endpoints;
}

/** Turns an endpoint that was turned off on again (MailPace's toggle). */
export async function enableEndpoint(endpointId: number): Promise<WebhookEndpoint> {
  return json(await fetch(`api/webhooks/endpoints/${endpointId}/enable`, { method: 'POST' }));
}
