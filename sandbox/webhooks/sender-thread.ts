/**
 * The webhook thread: takes runs of deliveries from the sandbox's main thread, builds,
 * signs and posts each run in order (a replay's run may overlap the queue's), and
 * answers each run with how it went. It holds no state beyond its open connections.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { directSender, type SendRequest } from './sender.ts';
import { parseWebhookKey } from './signing-key.ts';

/**
 * The lowest CPU priority for this thread alone (on Linux each thread has its own
 * nice value, and /proc/thread-self names it), so when the cores are busy the kernel
 * runs the SMTP side first and webhooks wait. Elsewhere the thread keeps the normal
 * priority, and the dispatcher's own giving way still applies.
 */
function yieldCpuToSmtp(): void {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19);
  } catch {
    // Not Linux: nothing to do.
  }
}

yieldCpuToSmtp();

const { keyPem, maxSockets } = workerData as { keyPem: string; maxSockets: number };
const sender = directSender(parseWebhookKey(keyPem), maxSockets);

parentPort!.on('message', ({ id, request }: { id: number; request: SendRequest }) => {
  void sender.send(request).then((results) => parentPort!.postMessage({ id, results }));
});
