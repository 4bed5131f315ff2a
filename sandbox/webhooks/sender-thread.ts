/**
 * The webhook thread: takes delivery requests from the sandbox's main thread, builds,
 * signs and posts each (several at once when the dispatcher asks), and answers with
 * how it went. It holds no state of its own beyond its open connections.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { directSender, type SendRequest } from './sender.ts';
import { parseWebhookKey } from './signing-key.ts';

const { keyPem, maxSockets } = workerData as { keyPem: string; maxSockets: number };
const sender = directSender(parseWebhookKey(keyPem), maxSockets);

parentPort!.on('message', ({ id, request }: { id: number; request: SendRequest }) => {
  void sender.send(request).then((result) => parentPort!.postMessage({ id, result }));
});
