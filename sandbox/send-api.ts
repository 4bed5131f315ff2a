/**
 * `POST /api/v1/send`: MailPace's HTTPS send API, simulated on the inbox's server.
 *
 * How it works: the request is checked in the order a server can check it (token
 * from the headers, then the body's type, size and JSON), then written out as the
 * MIME message it describes and passed to the core's `evaluateMessage`, the policy
 * every SMTP message goes through, told it came through the API. The core's first
 * problem is the answer, through its rule → API error table (policy-rules.ts); the
 * response is MailPace's own status and body, word for word from `API_ERRORS`. This
 * file decides no rule of its own beyond the HTTP request itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addressParser } from 'postal-mime';
import {
  API_ERRORS,
  API_ERROR_FOR_RULE,
  SEND_API,
  evaluateMessage,
  resolveConfig,
  type ApiErrorName,
  type MessageRecord,
} from '../simulator/index.ts';
import type { Route } from './http-server.ts';
import { buildMime, type SendRequest } from './mime-build.ts';
import type { SandboxPolicy } from './server.ts';
import type { RecordOnDisk } from './store-disk.ts';

export const SEND_PATH = '/api/v1/send';

/** Over the size limit: MailPace publishes no error for it, so this one is ours. */
export const TOO_BIG = {
  status: 413,
  body: (maxBytes: number) => JSON.stringify({ error: `Simulated: the request is over the ${Math.round(maxBytes / (1024 * 1024))} MB size limit` }),
};

/** JSON syntax around the message itself: the body may exceed the message limit by this much. */
const JSON_ALLOWANCE_BYTES = 64 * 1024;
/** After refusing a body, read at most this much more of it before hanging up. */
const DISCARD_BYTES = 64 * 1024 * 1024;

export interface SendApiOptions {
  /** Token → sending domain, as the SMTP side accepts them. */
  tokens: Readonly<Record<string, string>>;
  policy: SandboxPolicy;
  /** The inbox ID the next recorded message gets (for the response). */
  nextInboxId(): number;
  /** Records a finished message (inbox, stdout, `--out`); returns its inbox ID. */
  deliver(record: MessageRecord, raw: Uint8Array | null): number;
}

const STRING_FIELDS = ['from', 'to', 'cc', 'bcc', 'subject', 'htmlbody', 'textbody', 'replyto', 'inreplyto', 'references', 'list_unsubscribe'] as const;

/** The request's fields with their types checked, or null when they are not what the API takes. */
export function readRequest(value: unknown): SendRequest | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const request: SendRequest = {};
  for (const key of STRING_FIELDS) {
    if (v[key] === undefined || v[key] === null) continue;
    if (typeof v[key] !== 'string') return null;
    request[key] = v[key];
  }
  if (v.tags !== undefined && v.tags !== null) {
    if (typeof v.tags === 'string') request.tags = v.tags;
    else if (Array.isArray(v.tags) && v.tags.every((t) => typeof t === 'string')) request.tags = v.tags as string[];
    else return null;
  }
  if (v.attachments !== undefined && v.attachments !== null) {
    if (!Array.isArray(v.attachments)) return null;
    request.attachments = [];
    for (const a of v.attachments as unknown[]) {
      const item = a as Record<string, unknown> | null;
      if (!item || typeof item !== 'object' || typeof item.name !== 'string' || typeof item.content !== 'string' || typeof item.content_type !== 'string') return null;
      if (item.cid !== undefined && item.cid !== null && typeof item.cid !== 'string') return null;
      request.attachments.push({ name: item.name, content: item.content, content_type: item.content_type, ...(typeof item.cid === 'string' ? { cid: item.cid } : {}) });
    }
  }
  return request;
}

/** Addresses of a comma list, for the envelope; entries without an address are left out. */
function addresses(list: string | undefined): string[] {
  if (!list?.trim()) return [];
  return addressParser(list).flatMap((a) => (a.group ? a.group : [a])).map((m) => m.address).filter(Boolean);
}

type Outcome = { error: ApiErrorName | 'tooBig' };

/** Writes a published error (or the simulated size error) exactly as MailPace words it. */
function sendPublished(res: ServerResponse, outcome: Outcome, maxBytes: number, extra: Record<string, string> = {}): { status: number; body: string } {
  const { status, body } =
    outcome.error === 'tooBig'
      ? { status: TOO_BIG.status, body: TOO_BIG.body(maxBytes) }
      : outcome.error === 'serverDown'
        // MailPace prints "No content" for this one: the response has no body.
        ? { status: API_ERRORS.serverDown.status, body: '' }
        : API_ERRORS[outcome.error];
  res.writeHead(status, { ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}), 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
  res.end(body);
  return { status, body };
}

/** Reads the body up to `max` bytes; null when it is longer (the rest is left unread). */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** After an early refusal: let the client finish sending (up to a point) so it reads the answer. */
function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** The send API route. */
export function sendRoute(options: SendApiOptions): Route {
  const { policy, tokens } = options;
  const config = resolveConfig({
    hostname: policy.hostname,
    tokens: { ...tokens },
    limits: policy.limits,
    failures: policy.failures,
    failureRules: policy.failureRules,
    limiter: policy.limiter,
    now: Date.now,
    nextId: policy.nextId,
  });
  const maxBytes = config.limits.maxMessageBytes;

  return {
    method: 'POST',
    path: SEND_PATH,
    ownAuth: true,
    async handle({ req, res }) {
      const refuse = (outcome: Outcome) => {
        sendPublished(res, outcome, maxBytes, { Connection: 'close' });
        discardRest(req);
      };
      if (policy.failures.has('down')) return refuse({ error: 'serverDown' });
      const token = req.headers[SEND_API.tokenHeader.toLowerCase()];
      if (typeof token !== 'string' || token.trim() === '') return refuse({ error: 'missingToken' });
      const domain = tokens[token.trim()];
      if (domain === undefined) return refuse({ error: 'invalidToken' });
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return refuse({ error: 'badRequestFormat' });

      const body = await readBody(req, maxBytes + JSON_ALLOWANCE_BYTES);
      if (!body) return refuse({ error: 'tooBig' });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return refuse({ error: 'badRequestFormat' });
      }
      const request = readRequest(parsed);
      if (!request) return refuse({ error: 'badRequestFormat' });

      const raw = buildMime(request);
      const everyone = [...addresses(request.to), ...addresses(request.cc), ...addresses(request.bcc)];
      const { record, problems } = await evaluateMessage(raw.byteLength > maxBytes ? null : raw, {
        config,
        source: 'api',
        token: token.trim(),
        domain,
        mailFrom: addresses(request.from)[0] ?? '',
        rcptTo: everyone,
        size: raw.byteLength,
        flags: { bareLf: false, bareCr: false, nul: false, longLine: false },
      });
      // The core's first problem is the answer; this file only words it as the API does.
      const first = problems[0];
      const outcome: Outcome | null = first ? { error: API_ERROR_FOR_RULE[first.rule] } : null;
      // The rate limiter's wait, as a Retry-After header (simulated: MailPace publishes none).
      const retry = typeof first?.params.retryAfter === 'number' ? { 'Retry-After': String(first.params.retryAfter) } : undefined;
      const apiRecord = record as RecordOnDisk;
      apiRecord.source = 'api';

      let status = 200;
      let text: string;
      if (outcome) {
        ({ status, body: text } = sendPublished(res, outcome, maxBytes, retry));
        apiRecord.status = 'rejected';
        apiRecord.id = null;
        apiRecord.reply = `${status} ${text}`.trim();
        options.deliver(apiRecord, raw.byteLength > maxBytes ? null : raw);
        return;
      }
      const id = options.nextInboxId();
      text = JSON.stringify({ id, status: 'pending' });
      apiRecord.reply = `${status} ${text}`;
      const got = options.deliver(apiRecord, raw);
      if (got !== id) throw new Error(`inbox ID ${got} is not the ${id} the response names`);
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
      res.end(text);
    },
  };
}
