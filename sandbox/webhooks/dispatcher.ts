/**
 * Sends each accepted message's webhooks to every `--webhook` endpoint, the way
 * MailPace's guide describes, without ever making the SMTP side wait.
 *
 * How it works: `messageFinished` only records the deliveries and queues them (a few
 * array operations); the HTTP work runs later, one request at a time per endpoint, and
 * the body, its signature and the request itself are made in a thread of their own
 * (sender.ts). What waits for an endpoint goes to that thread as one run (up to
 * `runLength` deliveries), posted in order and stopped at the first failure: waking
 * the thread costs far more than a request's bookkeeping, so a busy queue pays it once
 * per run, not once per request. Every event reaches an endpoint in the order its
 * message finished, each message's `email.queued` first.
 *
 * Like MailPace, a refusal (an HTTP error status, a connection error) turns the
 * endpoint off at once, and a temporary error (a timeout, a TLS error) is retried up
 * to ten times, then turns it off; while off, its events are skipped until it is
 * turned on again. The retry delays and the time limit are the sandbox's (simulated:
 * MailPace publishes neither), much shorter than a real service's so a test sees the
 * whole course in seconds.
 *
 * Bounds: at most `maxPending` deliveries wait at once (past it new ones are recorded
 * as dropped), and the log keeps the last `keepDeliveries`. Webhooks give way to SMTP:
 * while the event loop has been nearly always busy (a flood of messages), the next run
 * waits a moment, so the flood's webhooks queue (or are dropped past the bound), and
 * the thread that sends them runs at the lowest CPU priority. At an everyday pace they
 * go out at once.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { WEBHOOKS, chosenOutcome, type MessageRecord, type OutcomeRule, type WebhookEvent } from '../../simulator/index.ts';
import { DeliveryLog } from './delivery-log.ts';
import { webhookDocument, type EventTimes, type PayloadSource } from './payload.ts';
import type { PostResult } from './post.ts';
import { threadSender, type WebhookSender } from './sender.ts';
import type { WebhookKey } from './signing-key.ts';
import type { WebhookDelivery, WebhookEndpoint, WebhookStatus } from './types.ts';

/** The event after `email.queued`: what became of the message. */
export type OutcomeEvent = Exclude<WebhookEvent, 'email.queued'>;

/**
 * The outcome event for a message, or null for no webhooks at all. The plain input
 * failure rules can drive; by default an accepted message is delivered and a
 * rejected one (which MailPace never queues) has none.
 */
export type OutcomeFor = (message: PayloadSource) => OutcomeEvent | null;

export const defaultOutcome: OutcomeFor = (m) => (m.record.status === 'accepted' ? 'email.delivered' : null);

/**
 * `after:` rules (`--rule after:bounce@*=bounced`): an accepted message whose envelope
 * names a matching recipient ends in the rule's event, any other in `email.delivered`.
 * Simulated: MailPace publishes the events, not when they fire. `email.deferred` ends
 * the sandbox's events for the message: MailPace calls it a soft bounce marked for a
 * later attempt but publishes neither when that attempt comes nor what it reports, so
 * the sandbox makes no later attempt and sends no `email.delivered` after it.
 */
export function outcomeFromRules(rules: readonly OutcomeRule[]): OutcomeFor {
  return (m) => (m.record.status === 'accepted' ? (chosenOutcome(rules, m.record.envelope.rcpt_to) ?? 'email.delivered') : null);
}

/** Simulated: MailPace publishes neither its intervals nor its time limit. Doubling from 100 ms, ten in all. */
export const WEBHOOK_DEFAULTS = {
  retryDelaysMs: Array.from({ length: WEBHOOKS.maxRetries }, (_, i) => Math.min(100 * 2 ** i, 10_000)),
  timeoutMs: 5_000,
  maxPending: 1_000,
  keepDeliveries: 5_000,
  /** Event loop busier than this over the last `yieldMs` or more: the next request waits `yieldMs`. */
  busyLoop: 0.9,
  yieldMs: 20,
  /**
   * Deliveries handed to the sender thread at once, posted one after another. One run
   * per endpoint at a time: every event reaches it in order, and under a flood the
   * webhooks take the CPU of one request at a time, the rest waiting (or dropped past
   * `maxPending`) rather than slowing SMTP.
   */
  runLength: 64,
} as const;

export interface WebhookOptions {
  /** Loopback URLs (checked by `parseWebhookUrl`). */
  urls: readonly string[];
  key: WebhookKey;
  outcome?: OutcomeFor;
  /** `payload.domain_id` for a message (simulated). */
  domainId?: (record: MessageRecord) => number;
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  maxPending?: number;
  keepDeliveries?: number;
  now?: () => number;
  /**
   * Where to tell the person running the sandbox what changes the fate of later
   * webhooks: an endpoint turned off or on, the queue full and new deliveries dropped,
   * and the queue empty again. The CLI prints these lines on stderr.
   */
  log?: (line: string) => void;
  /** How an endpoint that was turned off can be turned on again (for `log`). */
  turnOnHint?: (endpointId: number) => string;
}

interface Endpoint extends WebhookEndpoint {
  queue: Chain[];
  /** A run is with the sender. */
  busy: boolean;
}

/** A delivery with what it takes to send it again. */
interface Delivery extends WebhookDelivery {
  times: EventTimes;
  domainId: number;
  /** Temporary failures so far: the place in the retry schedule. */
  failures: number;
}

const NO_RESULT: PostResult = { outcome: 'temporary', status: null, answer: 'the sender gave no result', duration_ms: 0 };

/** A delivery on its way, with its message. */
interface Pending {
  delivery: Delivery;
  message: PayloadSource;
}

/** One message's events for one endpoint, sent in order. */
interface Chain {
  message: PayloadSource;
  deliveries: Delivery[];
}

export class WebhookDispatcher {
  private readonly endpoints: Endpoint[];
  private readonly log: DeliveryLog<Delivery>;
  private readonly sender: WebhookSender;
  private readonly sleepers = new Set<() => void>();
  private nextDeliveryId = 1;
  private pending = 0;
  private dropped = 0;
  /** Dropped since the queue last filled up; told when it is empty again. */
  private droppedWhileFull = 0;
  private closed = false;
  private pumpScheduled = false;
  private loopSample: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private readonly now: () => number;
  private readonly outcome: OutcomeFor;

  /** `lookup` finds a message by inbox ID again, for a replay. */
  constructor(
    private readonly options: WebhookOptions,
    private readonly lookup: (id: number) => PayloadSource | undefined,
  ) {
    this.endpoints = options.urls.map((url, i) => ({ id: i + 1, url, enabled: true, disabled_reason: null, queue: [], busy: false }));
    this.retryDelaysMs = options.retryDelaysMs ?? WEBHOOK_DEFAULTS.retryDelaysMs;
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
    this.maxPending = options.maxPending ?? WEBHOOK_DEFAULTS.maxPending;
    this.log = new DeliveryLog(options.keepDeliveries ?? WEBHOOK_DEFAULTS.keepDeliveries);
    this.now = options.now ?? Date.now;
    this.outcome = options.outcome ?? defaultOutcome;
    // One connection for the queue's run, and one more for a replay.
    this.sender = threadSender(options.key, 2);
  }

  get publicKey(): string {
    return this.options.key.publicKey;
  }

  /** A message is finished (stored under its inbox ID): queue its events. Cheap and synchronous. */
  messageFinished(message: PayloadSource): void {
    if (this.closed || !this.endpoints.length) return;
    const last = this.outcome(message);
    if (!last) return;
    const events: WebhookEvent[] = ['email.queued', last];
    const created = message.record.received_at;
    const domainId = this.options.domainId?.(message.record) ?? 1;
    for (const endpoint of this.endpoints) {
      const room = this.pending + events.length <= this.maxPending;
      const deliveries = events.map((event): Delivery => {
        const delivery: Delivery = {
          id: this.nextDeliveryId++,
          message_id: message.id,
          endpoint_id: endpoint.id,
          url: endpoint.url,
          event,
          state: room ? 'pending' : 'dropped',
          attempts: [],
          next_attempt_at: null,
          // The outcome's updated_at is set when it is sent.
          times: { created_at: created, updated_at: created },
          domainId,
          failures: 0,
        };
        this.log.add(delivery);
        return delivery;
      });
      if (!room) {
        if (this.droppedWhileFull === 0) {
          this.tell(`webhooks: the queue is full (at most ${this.maxPending} waiting): new ones are dropped (logged as "dropped") until there is room`);
        }
        this.dropped += deliveries.length;
        this.droppedWhileFull += deliveries.length;
        continue;
      }
      this.pending += deliveries.length;
      endpoint.queue.push({ message, deliveries });
    }
    // Signing and posting start after this turn: the SMTP reply that follows goes out first.
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(() => {
        this.pumpScheduled = false;
        for (const endpoint of this.endpoints) this.pump(endpoint);
      });
    }
  }

  status(): WebhookStatus {
    return {
      public_key: this.publicKey,
      algorithm: 'Ed25519',
      signature_header: WEBHOOKS.signatureHeader,
      endpoints: this.endpoints.map(({ id, url, enabled, disabled_reason }) => ({ id, url, enabled, disabled_reason })),
      queue: { pending: this.pending, max: this.maxPending, dropped: this.dropped },
      retry_delays_ms: [...this.retryDelaysMs],
      timeout_ms: this.timeoutMs,
    };
  }

  /** Deliveries, oldest first; only one message's with `messageId`. */
  deliveries(messageId?: number): WebhookDelivery[] {
    const out: WebhookDelivery[] = [];
    for (const d of this.log.values()) if (messageId === undefined || d.message_id === messageId) out.push(this.view(d));
    return out;
  }

  delivery(id: number): WebhookDelivery | undefined {
    const d = this.log.get(id);
    return d && this.view(d);
  }

  /** Turns an endpoint back on (MailPace's toggle); false when there is no such endpoint. */
  enable(endpointId: number): boolean {
    const endpoint = this.endpoints.find((e) => e.id === endpointId);
    if (!endpoint) return false;
    if (!endpoint.enabled) this.tell(`webhooks: ${endpoint.url} is turned on again`);
    endpoint.enabled = true;
    endpoint.disabled_reason = null;
    return true;
  }

  /**
   * Sends a logged delivery again now, once, whatever the endpoint's state, and logs
   * the attempt. Throws when the delivery or its message is no longer held.
   */
  async replay(deliveryId: number): Promise<WebhookDelivery> {
    const d = this.log.get(deliveryId);
    if (!d) throw new ReplayError(`No webhook delivery ${deliveryId} in the log`);
    const message = this.lookup(d.message_id);
    if (!message) throw new ReplayError(`Message ${d.message_id} is no longer in the inbox, so its webhook cannot be built again`);
    const endpoint = this.endpoints.find((e) => e.id === d.endpoint_id)!;
    const [result] = await this.send(endpoint.url, [{ delivery: d, message }]);
    this.record(d, result!, true);
    if (result!.outcome === 'delivered' && d.state !== 'pending') d.state = 'delivered';
    return this.view(d);
  }

  /** Stops sending: waiting retries end, open connections close. */
  close(): void {
    this.closed = true;
    for (const wake of this.sleepers) wake();
    this.sender.close();
  }

  private view(d: Delivery): WebhookDelivery {
    const { times: _t, domainId: _d, failures: _f, ...rest } = d;
    return { ...rest, attempts: [...rest.attempts] };
  }

  private pump(endpoint: Endpoint): void {
    if (endpoint.busy || !endpoint.queue.length) return;
    endpoint.busy = true;
    void this.runQueue(endpoint).finally(() => {
      endpoint.busy = false;
      this.pump(endpoint);
    });
  }

  /** Sends what waits for the endpoint, in order, as runs of at most `runLength`. */
  private async runQueue(endpoint: Endpoint): Promise<void> {
    while (endpoint.queue.length) {
      const run: Pending[] = [];
      while (endpoint.queue.length && run.length < WEBHOOK_DEFAULTS.runLength) {
        const chain = endpoint.queue.shift()!;
        for (const delivery of chain.deliveries) run.push({ delivery, message: chain.message });
      }
      await this.deliverRun(endpoint, run);
    }
  }

  /**
   * Posts a run in order. A temporary failure holds the rest of the run while its
   * delivery is retried; a refusal, or running out of retries, turns the endpoint off,
   * and what follows is skipped.
   */
  private async deliverRun(endpoint: Endpoint, run: Pending[]): Promise<void> {
    while (run.length) {
      await this.giveWayToSmtp();
      if (this.closed || !endpoint.enabled) {
        for (const { delivery } of run.splice(0)) this.settle(delivery, 'skipped');
        return;
      }
      const sentAt = new Date(this.now()).toISOString();
      for (const { delivery } of run) {
        // The outcome's updated_at is when it is first sent.
        if (delivery.event !== 'email.queued' && delivery.failures === 0) delivery.times.updated_at = sentAt;
      }
      const results = await this.send(endpoint.url, run);
      // The requests went one after another, so each started where the ones after it had not.
      let startedAt = this.now() - results.reduce((sum, r) => sum + r.duration_ms, 0);
      for (const [i, result] of results.entries()) {
        this.record(run[i]!.delivery, result, false, startedAt);
        startedAt += result.duration_ms;
      }
      // Every result but perhaps the last is a delivery; the sender stops at a failure.
      for (const { delivery } of run.splice(0, results.filter((r) => r.outcome === 'delivered').length)) this.settle(delivery, 'delivered');
      // No result at all counts as a temporary failure of the first, so nothing loops without a wait.
      const failed = results.at(-1) ?? NO_RESULT;
      if (!run.length || failed.outcome === 'delivered') continue;
      const delivery = run[0]!.delivery;
      const delay = this.retryDelaysMs[delivery.failures++];
      if (failed.outcome === 'refused' || delay === undefined || this.closed) {
        this.settle(delivery, 'failed');
        run.shift();
        if (!this.closed) this.disable(endpoint, failed.outcome === 'refused' ? `refused: ${failed.status ?? failed.answer}` : `still failing after ${delivery.failures - 1} retries`);
        continue;
      }
      delivery.next_attempt_at = new Date(this.now() + delay).toISOString();
      await this.sleep(delay);
      delivery.next_attempt_at = null;
    }
  }

  /** Waits while the event loop has been nearly always busy since the last look. */
  private async giveWayToSmtp(): Promise<void> {
    for (;;) {
      const now = performance.eventLoopUtilization();
      const since = performance.eventLoopUtilization(now, this.loopSample);
      // Too short a window says nothing yet: go on.
      if (since.idle + since.active < WEBHOOK_DEFAULTS.yieldMs) return;
      this.loopSample = now;
      if (since.utilization < WEBHOOK_DEFAULTS.busyLoop || this.closed) return;
      await this.sleep(WEBHOOK_DEFAULTS.yieldMs);
    }
  }

  /** A delivery leaves the queue in its final state. */
  private settle(delivery: Delivery, state: 'delivered' | 'failed' | 'skipped'): void {
    delivery.state = state;
    this.pending--;
    this.queueShrank();
  }

  /** Once the queue is empty after dropping deliveries, says how many were lost. */
  private queueShrank(): void {
    if (this.pending > 0 || this.droppedWhileFull === 0) return;
    this.tell(`webhooks: the queue is empty again; ${this.droppedWhileFull} ${this.droppedWhileFull === 1 ? 'delivery was' : 'deliveries were'} dropped while it was full`);
    this.droppedWhileFull = 0;
  }

  private tell(line: string): void {
    if (!this.closed) this.options.log?.(line);
  }

  private send(url: string, run: readonly Pending[]): Promise<PostResult[]> {
    const documents = run.map(({ delivery: d, message }) => webhookDocument(d.event, message, d.domainId, d.times));
    return this.sender.send({ url, documents, timeoutMs: this.timeoutMs });
  }

  private record(d: Delivery, result: PostResult, replay: boolean, startedAt = this.now() - result.duration_ms): void {
    d.attempts.push({ at: new Date(startedAt).toISOString(), ...result, replay });
  }

  private disable(endpoint: Endpoint, reason: string): void {
    endpoint.enabled = false;
    endpoint.disabled_reason = reason;
    const how = this.options.turnOnHint?.(endpoint.id) ?? 'by restarting the sandbox';
    this.tell(`webhooks: ${endpoint.url} is turned off (${reason}), as MailPace does; its events are skipped until it is turned on again ${how}`);
    // What waits for it is skipped now rather than held.
    for (const chain of endpoint.queue.splice(0)) {
      for (const d of chain.deliveries) d.state = 'skipped';
      this.pending -= chain.deliveries.length;
    }
    this.queueShrank();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

/** A replay that cannot be made: the API answers 404 with its message. */
export class ReplayError extends Error {}
