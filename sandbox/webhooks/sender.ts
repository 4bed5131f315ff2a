/**
 * Where a webhook is built, signed and posted. By default in a worker thread of its
 * own: the JSON body, the Ed25519 signature and the HTTP client's work then run on
 * another core, not on the event loop that answers SMTP, so one webhook receiver
 * attached costs the SMTP side only a message handed to the thread per run of
 * deliveries (and one back).
 *
 * The thread starts with the first delivery (none without `--webhook`). If it cannot
 * start or stops, what it had in hand counts as a temporary failure (retried as any
 * other) and later deliveries are sent from this thread instead.
 */
import { Worker } from 'node:worker_threads';
import type { WebhookDocument } from './payload.ts';
import { createAgents, postWebhook, type PostResult } from './post.ts';
import type { WebhookKey } from './signing-key.ts';

/**
 * A run of deliveries to one endpoint, posted one after another in this order. Each
 * document is built where the message is (a few fields picked from it), so what
 * crosses to the thread is only what is posted: never the whole record, whose
 * attachments are base64 made on each read. One run is one handoff each way however
 * many documents it holds: waking a thread costs far more than the message itself.
 */
export interface SendRequest {
  url: string;
  documents: readonly WebhookDocument[];
  timeoutMs: number;
}

export interface WebhookSender {
  /**
   * Posts the documents in order and stops after the first that is not delivered, so
   * nothing goes out past a failure; one result per document tried. Never rejects: a
   * failure is a result, as from `postWebhook`.
   */
  send(request: SendRequest): Promise<PostResult[]>;
  /** Open connections close; what is in flight ends as a temporary failure. */
  close(): void;
}

const notSent = (answer: string): PostResult => ({ outcome: 'temporary', status: null, answer, duration_ms: 0 });

/** Builds, signs and posts on the calling thread (the worker thread's side, and the fallback). */
export function directSender(key: WebhookKey, maxSockets: number): WebhookSender {
  const agents = createAgents(maxSockets);
  const targets = new Map<string, URL>();
  const post = async (target: URL, document: WebhookDocument, timeoutMs: number): Promise<PostResult> => {
    try {
      const body = Buffer.from(JSON.stringify(document));
      return await postWebhook(agents, target, body, key.sign(body), timeoutMs);
    } catch (error) {
      return notSent(`not sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    async send({ url, documents, timeoutMs }) {
      let target = targets.get(url);
      if (!target) targets.set(url, (target = new URL(url)));
      const results: PostResult[] = [];
      for (const document of documents) {
        const result = await post(target, document, timeoutMs);
        results.push(result);
        if (result.outcome !== 'delivered') break;
      }
      return results;
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

const THREAD_ENTRY = new URL('./sender-thread.mjs', import.meta.url);

/** The default: the same work in a worker thread (see the top of this file). `entry`: for tests. */
export function threadSender(key: WebhookKey, maxSockets: number, entry: URL = THREAD_ENTRY): WebhookSender {
  let worker: Worker | null = null;
  let fallback: WebhookSender | null = null;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, (results: PostResult[]) => void>();

  const lost = (answer: string) => {
    worker = null;
    fallback ??= directSender(key, maxSockets);
    // The run's first document counts as not sent; nothing after it was tried.
    for (const resolve of pending.values()) resolve([notSent(answer)]);
    pending.clear();
  };
  const start = (): Worker => {
    const thread = new Worker(entry, { workerData: { keyPem: key.privatePem(), maxSockets } });
    // The sandbox's servers keep the process alive; this thread alone must not.
    thread.unref();
    thread.on('message', ({ id, results }: { id: number; results: PostResult[] }) => {
      pending.get(id)?.(results);
      pending.delete(id);
    });
    thread.on('error', (error) => lost(`the webhook thread failed: ${error.message}`));
    thread.on('exit', () => {
      if (!closed) lost('the webhook thread stopped');
    });
    return thread;
  };

  return {
    send(request) {
      if (closed) return Promise.resolve([notSent('the sandbox is closing')]);
      if (fallback) return fallback.send(request);
      const thread = (worker ??= start());
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        thread.postMessage({ id, request });
      });
    },
    close() {
      closed = true;
      void worker?.terminate();
      worker = null;
      for (const resolve of pending.values()) resolve([notSent('the sandbox is closing')]);
      pending.clear();
      fallback?.close();
    },
  };
}
