/**
 * The webhook API: the public key to verify with, the endpoints and the queue, each
 * delivery with its attempts, and a replay. Plain JSON (sandbox/openapi.yaml); the
 * inbox page uses the same routes.
 */
import { sendError, sendJson, type Route } from '../http-server.ts';
import { ReplayError, type WebhookDispatcher } from './dispatcher.ts';

export function webhookRoutes(dispatcher: WebhookDispatcher): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/webhooks',
      handle: ({ res }) => sendJson(res, 200, dispatcher.status()),
    },
    {
      method: 'GET',
      path: '/api/webhooks/public-key',
      handle: ({ res }) => {
        const { public_key, algorithm, signature_header } = dispatcher.status();
        sendJson(res, 200, { public_key, algorithm, signature_header });
      },
    },
    {
      method: 'GET',
      path: '/api/webhooks/deliveries',
      handle: ({ url, res }) => {
        const text = url.searchParams.get('message');
        if (text !== null && !/^\d+$/.test(text)) return sendError(res, 400, `message must be an inbox ID (a whole number), not "${text}"`);
        sendJson(res, 200, { deliveries: dispatcher.deliveries(text === null ? undefined : Number(text)) });
      },
    },
    {
      method: 'POST',
      path: '/api/webhooks/deliveries/{id}/replay',
      handle: async ({ params, res }) => {
        try {
          sendJson(res, 200, await dispatcher.replay(Number(params.id)));
        } catch (error) {
          if (!(error instanceof ReplayError)) throw error;
          sendError(res, 404, error.message);
        }
      },
    },
    {
      method: 'POST',
      path: '/api/webhooks/endpoints/{id}/enable',
      handle: ({ params, res }) => {
        if (!dispatcher.enable(Number(params.id))) return sendError(res, 404, `No webhook endpoint ${params.id}`);
        sendJson(res, 200, dispatcher.status().endpoints.find((e) => e.id === Number(params.id)));
      },
    },
  ];
}
