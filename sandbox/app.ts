/**
 * The whole sandbox, wired: the SMTP ports, the inbox (store + `--out` folder) and
 * the HTTP server with the inbox API and the send API. The CLI runs this, and so
 * do the tests, so both exercise the same wiring.
 *
 * Every finished message, SMTP or API, goes through one `deliver`: written to the
 * `--out` folder, added to the inbox, handed to `onMessage` (the CLI prints it), then
 * queued for its webhooks (`--webhook`). The send API is wrapped in `Idempotency-Key`
 * handling, so a repeated request never reaches `deliver`.
 */
import type { MessageRecord } from '../simulator/index.ts';
import { inboxRoutes } from './http-api.ts';
import { currentCaller, inboxesRoute, withCaller } from './inboxes.ts';
import { startHttpServer, type HttpServerHandle, type Route } from './http-server.ts';
import { OutWriter } from './report.ts';
import { withIdempotency } from './idempotency.ts';
import { sendRoute } from './send-api.ts';
import { startSandbox, type FinishedMessage, type Sandbox, type SandboxOptions } from './server.ts';
import type { SmtpOrigin } from './connection.ts';
import { reloadMessages, removeAllMessageFiles, removeMessageFiles, type RecordOnDisk } from './store-disk.ts';
import { MessageStore, type MessageSource, type StoredMessage } from './store.ts';
import { WebhookDispatcher, type WebhookOptions } from './webhooks/dispatcher.ts';
import { domainIds } from './webhooks/payload.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import { generateWebhookKey } from './webhooks/signing-key.ts';

export interface InboxOptions {
  /** HTTP port for the inbox and the APIs; 0 picks a free one. */
  port: number;
  /** Messages kept in memory; the oldest is dropped past it. */
  keep: number;
  /** HTTP Basic auth password; null: none (only allowed on loopback, see the CLI). */
  password: string | null;
  /** Extra routes (the inbox page), served behind the same gates. */
  routes?: readonly Route[];
  /** `--site`: the site's simulator page that the inbox page's replay links open; null: the page's default. */
  simulatorUrl?: string | null;
}

export interface AppOptions extends SandboxOptions {
  /** The inbox and HTTP APIs; null turns them off (`--no-ui`). */
  inbox: InboxOptions | null;
  /** `--out DIR`: each message also written there, and reloaded from there at start. */
  out?: string | null;
  /** Called for every finished message, SMTP or API, after it is stored. */
  onMessage?: (message: FinishedMessage & { source: MessageSource }) => void;
  /** True when `host` is a loopback address. */
  loopback: boolean;
  /** `--webhook` endpoints and the signing key (a new key when none is given). */
  webhooks?: Partial<Omit<WebhookOptions, 'domainId'>>;
}

export interface App {
  sandbox: Sandbox;
  store: MessageStore | null;
  http: HttpServerHandle | null;
  out: OutWriter | null;
  /** Sends each message's webhooks; its public key is served even without endpoints. */
  webhooks: WebhookDispatcher;
  /** What was read back from `--out` at start. */
  reloaded: { count: number; skipped: number; problems: string[] };
  /** Stops the HTTP server, then SMTP (421 to open sessions), then waits for the disk. */
  close(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const log = options.log ?? (() => undefined);
  const outDir = options.out ?? null;
  const store = options.inbox ? new MessageStore(options.inbox.keep) : null;
  const reloaded = { count: 0, skipped: 0, problems: [] as string[] };
  if (store && outDir) {
    const found = await reloadMessages(outDir, store.keep);
    for (const m of found.messages) store.add(m);
    store.countDropped(found.skipped);
    Object.assign(reloaded, { count: found.messages.length, skipped: found.skipped, problems: found.problems });
  }
  const out = outDir ? new OutWriter(outDir, (e) => log(`warning: cannot write to ${outDir}: ${e.message}`)) : null;

  // Deleting through the API deletes on disk too, so it stays deleted after a restart.
  let diskWork: Promise<void> = Promise.resolve();
  /** Stems written since the last "delete all": those stay. */
  let keepOnDisk = new Set<string>();
  const onDisk = (work: () => Promise<void>) => {
    diskWork = diskWork
      .then(() => out?.flush())
      .then(work)
      .catch((e: unknown) => log(`warning: cannot delete from ${outDir}: ${e instanceof Error ? e.message : String(e)}`));
  };
  if (store && outDir) {
    store.subscribe((event) => {
      if (event.type === 'delete' && event.reason === 'deleted') for (const stem of event.stems) onDisk(() => removeMessageFiles(outDir, stem));
      if (event.type === 'clear') {
        const keepSet = (keepOnDisk = new Set());
        onDisk(() => removeAllMessageFiles(outDir, keepSet));
      }
    });
  }

  const deliver = (record: MessageRecord, raw: Uint8Array | null, source: MessageSource, smtp?: SmtpOrigin): StoredMessage | null => {
    // Filed under its token's domain: the SMTP session's, or the send API caller's.
    const inbox = smtp ? { domain: smtp.domain, token_id: smtp.tokenId } : currentCaller();
    const transcript = smtp?.transcript ?? null;
    const stem = out ? out.write(record, raw, { inbox, transcript }) : null;
    if (stem) keepOnDisk.add(stem);
    const stored = store?.add({ source, record, raw, rawFile: null, stem, inbox, transcript }) ?? null;
    options.onMessage?.({ record, raw, source });
    webhooks.messageFinished({ id: stored?.id ?? ++unstoredId, record });
    return stored;
  };

  const sandbox = await startSandbox(options);
  let http: HttpServerHandle | null = null;
  /** Without an inbox, webhook payloads still need an ID. */
  let unstoredId = 0;
  const webhooks = new WebhookDispatcher(
    {
      urls: [],
      key: generateWebhookKey(),
      log,
      turnOnHint: (id) =>
        options.inbox ? `on the inbox page, or with POST ${http?.origin ?? ''}/api/webhooks/endpoints/${id}/enable` : 'by restarting the sandbox (--no-ui leaves no API to do it)',
      ...options.webhooks,
      domainId: domainIds(sandbox.tokens),
    },
    (id) => store?.get(id),
  );
  sandbox.on('message', ({ record, raw, smtp }) => deliver(record, raw, 'smtp', smtp));

  if (options.inbox && store) {
    const routes: Route[] = [
      ...inboxRoutes(store),
      inboxesRoute(store, sandbox.tokens, options.inbox.simulatorUrl ?? null),
      // The caller's inbox is known before idempotency answers, so a stored answer files nothing new.
      withCaller(
        withIdempotency(
          sendRoute({
            tokens: sandbox.tokens,
            policy: sandbox.policy,
            nextInboxId: () => store.upcomingId,
            deliver: (record: RecordOnDisk, raw) => deliver(record, raw, 'api')!.id,
          }),
        ),
        sandbox.tokens,
      ),
      ...webhookRoutes(webhooks),
      ...(options.inbox.routes ?? []),
    ];
    try {
      http = await startHttpServer({
        host: sandbox.host,
        port: options.inbox.port,
        routes,
        password: options.inbox.password,
        loopback: options.loopback,
        log,
      });
    } catch (error) {
      webhooks.close();
      await sandbox.close();
      throw error;
    }
  }

  let closing: Promise<void> | null = null;
  return {
    sandbox,
    store,
    http,
    out,
    webhooks,
    reloaded,
    close: () =>
      (closing ??= (async () => {
        await http?.close();
        await sandbox.close();
        webhooks.close();
        await out?.flush();
        await diskWork;
      })()),
  };
}
