/**
 * What MailPace publishes, and only that: one home for every MailPace fact the site,
 * the snippets, the terminal, the lessons and the core's defaults state.
 *
 * Each group names the page it comes from. Anything MailPace does not publish (reply
 * wording, EHLO extensions, when a rejection happens) is the simulator's choice and
 * lives elsewhere, labelled "simulated" where it is shown. A test reads every docs page
 * and fails when a host, port or limit there differs from this module.
 */

/** MailPace's documentation pages the facts below come from. */
export const SOURCES = {
  smtp: 'https://docs.mailpace.com/integrations/smtp',
  send: 'https://docs.mailpace.com/reference/send',
  responses: 'https://docs.mailpace.com/reference/responses',
  verification: 'https://docs.mailpace.com/guide/verification',
  idempotency: 'https://docs.mailpace.com/guide/idempotency',
  lifecycle: 'https://docs.mailpace.com/guide/lifecycle',
  blocklist: 'https://docs.mailpace.com/guide/blocklist',
  webhooks: 'https://docs.mailpace.com/guide/webhooks',
  /** MailPace's blog post on how it signs webhooks (Ed25519, strict base64). */
  webhookSigning: 'https://blog.mailpace.com/blog/how-to-verify-webhooks-with-elliptic-key-cryptography-ed25519/',
  authentication: 'https://docs.mailpace.com/reference/authentication',
  migration: 'https://docs.mailpace.com/guide/moving_from_ohmysmtp',
} as const;
export type SourceName = keyof typeof SOURCES;

/** `starttls`: plaintext first, the client upgrades. `implicit-tls`: TLS from the first byte. */
export type PortTls = 'starttls' | 'implicit-tls';

export interface PublishedPort {
  port: number;
  tls: PortTls;
}

/** The SMTP service, as MailPace's SMTP page gives it. */
export const SMTP = {
  source: SOURCES.smtp,
  host: 'smtp.mailpace.com',
  /**
   * The site's order, not MailPace's (its SMTP page lists 25, 587, 2525, then 465):
   * 587 first because it is the message submission port (RFC 6409), then the other
   * STARTTLS ports, then 465.
   */
  ports: [
    { port: 587, tls: 'starttls' },
    { port: 2525, tls: 'starttls' },
    { port: 25, tls: 'starttls' },
    { port: 465, tls: 'implicit-tls' },
  ] as const satisfies readonly PublishedPort[],
  /** The port MailPace names for TLS from the first byte. */
  implicitTlsPort: 465,
  /**
   * The site's default, not a MailPace recommendation (its page recommends no port):
   * 587, the submission port of RFC 6409, upgraded with STARTTLS.
   */
  defaultPort: 587,
  authMechanisms: ['PLAIN', 'LOGIN'] as const,
  /** The username and the password are both the domain's API token. */
  credentials: 'api-token-as-username-and-password',
  /** One API token per sending domain, under that domain's "API Tokens" menu. */
  tokenMenu: 'API Tokens',
  /**
   * MailPace's SMTP page says its server responds with this phrase, without saying in
   * which reply; where the simulator puts it (greeting, EHLO reply) is its own choice.
   */
  greetingPhrase: 'Nice to meet you',
  /** Headers the message itself must carry. */
  requiredHeaders: ['From', 'To'] as const,
  /** The example MailPace gives of metadata that is not kept. */
  droppedExample: 'Message-ID',
} as const;

export type PublishedPortNumber = (typeof SMTP.ports)[number]['port'];

/** The TLS mode MailPace documents for a port, or undefined for a port it does not list. */
export function publishedTls(port: number): PortTls | undefined {
  return SMTP.ports.find((p) => p.port === port)?.tls;
}

/** The two MailPace headers a message can carry over SMTP. */
export const HEADERS = {
  source: SOURCES.smtp,
  /** One tag or a comma-separated list. */
  tags: 'X-MailPace-Tags',
  /** `<uri>, <mailto:…>`; MailPace sends it on as `unsubscribeOut`. */
  unsubscribeIn: 'X-List-Unsubscribe',
  unsubscribeOut: 'List-Unsubscribe',
} as const;

/** The HTTPS send API that an SMTP message is turned into. */
export const SEND_API = {
  source: SOURCES.send,
  endpoint: 'https://app.mailpace.com/api/v1/send',
  tokenHeader: 'MailPace-Server-Token',
  /** At most this many addresses in `to`. */
  maxToAddresses: 50,
  /** Total email size, in MB as MailPace states it. */
  maxSizeMB: 30,
  /** Total email size in bytes (30 MB, read as MiB, the larger reading). */
  maxSizeBytes: 30 * 1024 * 1024,
  /** Attachment extensions MailPace allows, in its order. */
  attachmentExtensions: [
    'jpeg', 'jpg', 'png', 'gif', 'txt', 'pdf', 'docx', 'xlsx', 'pptx',
    'csv', 'att', 'ics', 'ical', 'html', 'zip', 'auf', 'xml', 'dwg',
  ] as const,
  /** A file name may contain at most this many dots, the extension's included. */
  maxDotsInFileName: 1,
} as const;

export interface PublishedError {
  status: number;
  /** The response body, character for character as MailPace's responses page prints it. */
  body: string;
}

/**
 * The send API's documented errors, word for word. Some 403/406/429 bodies on the
 * responses page lack a closing quote after `error` (`{"error:"…"}`); they are kept
 * exactly as published.
 */
export const API_ERRORS = {
  invalidToken: { status: 400, body: '{"error":"Invalid API Token"}' },
  fromNotParseable: { status: 400, body: '{"error":"Email from address not parseable"}' },
  toUndefined: { status: 400, body: '{"errors":{"to":["undefined field"]}}' },
  toInvalid: { status: 400, body: '{"errors":{"to":["is invalid"]}}' },
  blockedAddress: { status: 400, body: '{"errors":{"to":["contains a blocked address"]}}' },
  tooManyTo: { status: 400, body: '{"errors":{"to":["number of email addresses exceeds maximum volume"]}}' },
  attachmentBlocked: {
    status: 400,
    body: '{"errors":{"attachments.name":["Extension file type blocked, see Docs for full list of allowed file types"]}}',
  },
  missingToken: { status: 401, body: '{"error":"Missing API Token"}' },
  dkimNotVerified: { status: 403, body: '{"error:"Domain DKIM DNS not verified, please complete DKIM Verification"}' },
  noActivePlan: { status: 403, body: '{"error:"The organization that owns this domain does not have an active plan"}' },
  organizationDisabled: { status: 403, body: '{"error:"This organization is unable to send emails. Please contact support"}' },
  domainMismatch: { status: 403, body: '{"error:"Verified domain does not match domain in From address of email"}' },
  badRequestFormat: { status: 406, body: '{"error:"Invalid request format or content type"}' },
  rateLimited: { status: 429, body: '{"error:"You are sending emails too quickly"}' },
  serverDown: { status: 500, body: 'No content' },
} as const satisfies Record<string, PublishedError>;
export type ApiErrorName = keyof typeof API_ERRORS;

/** The message text inside a published error body, e.g. "Invalid API Token" or "is invalid". */
export function apiErrorText(name: ApiErrorName): string {
  const body = API_ERRORS[name].body;
  // The last quoted string before the closing brackets is the message.
  return /"([^"]+)"\]?\}+$/.exec(body)?.[1] ?? body;
}

/**
 * API idempotency keys: API only, so not available over SMTP. The stored answer of a
 * successful (queued) request comes back for the same key and token whatever the body;
 * nothing is stored when validation fails or a concurrent request with the key is
 * running. MailPace publishes no error for an over-long key, nor a status for the
 * conflict: the sandbox's answers to both are its own (sandbox/idempotency.ts).
 */
export const IDEMPOTENCY = {
  source: SOURCES.idempotency,
  header: 'Idempotency-Key',
  /** Some of MailPace's own examples spell the header this way; its text says `header`. */
  altSpellingInExamples: 'Idempotent-Key',
  hours: 24,
  maxKeyLength: 255,
  /** Keys are scoped to one API token. */
  scope: 'token',
  /** Only responses of requests that were queued are kept. */
  storesOnly: 'successful',
} as const;

/** The five webhook events, in the order an email can go through them. */
export const WEBHOOK_EVENTS = ['email.queued', 'email.delivered', 'email.deferred', 'email.bounced', 'email.spam'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Webhooks, as MailPace's webhook guide gives them. The signing scheme (Ed25519 over
 * the raw body, strict base64 for key and signature) is also told in MailPace's blog
 * post on it (`SOURCES.webhookSigning`). Everything the guide leaves open (the
 * retry intervals, the request timeout, the message ID's local part) is the sandbox's
 * choice and lives in sandbox/webhooks/, labelled simulated.
 */
export const WEBHOOKS = {
  source: SOURCES.webhooks,
  /** Endpoints must start with this on the real service (the sandbox posts to loopback only). */
  scheme: 'https://',
  method: 'POST',
  contentType: 'application/json',
  /** The body is `{event, payload}`. */
  bodyKeys: ['event', 'payload'] as const,
  events: WEBHOOK_EVENTS,
  /** What each event means, in our words. */
  eventMeaning: {
    'email.queued': 'added to the queue for sending',
    'email.delivered': "accepted by the recipient's mail server",
    'email.deferred': 'soft bounce: marked for another delivery attempt',
    'email.bounced': 'hard bounce: no further attempt',
    'email.spam': "caught by MailPace's spam filter: not delivered",
  } satisfies Record<WebhookEvent, string>,
  /** `payload.status` for each event. */
  statusOf: {
    'email.queued': 'queued',
    'email.delivered': 'delivered',
    'email.deferred': 'deferred',
    'email.bounced': 'bounced',
    'email.spam': 'spam',
  } satisfies Record<WebhookEvent, string>,
  /** The payload's keys in the guide's order; the nullable ones are `null` when unset. */
  payloadFields: [
    'status', 'id', 'domain_id', 'created_at', 'updated_at', 'from', 'to', 'htmlbody', 'textbody',
    'cc', 'bcc', 'subject', 'replyto', 'message_id', 'list_unsubscribe', 'tags',
  ] as const,
  nullableFields: ['to', 'htmlbody', 'textbody', 'cc', 'bcc', 'subject', 'replyto', 'list_unsubscribe', 'tags'] as const,
  /** `message_id` is set by MailPace in the form `<message-id>@<this host>`. */
  messageIdHost: 'mailer.mailpace.com',
  signatureHeader: 'X-MailPace-Signature',
  /** RFC 8032 Ed25519 over the request body exactly as sent. */
  signatureAlgorithm: 'Ed25519',
  /** Key and signature are raw bytes in strict base64 (no line breaks); decode both before verifying. */
  encoding: 'base64',
  /** One keypair per sending domain, shown under Webhooks → Public Key Verification. */
  publicKeyMenu: 'Webhooks → Public Key Verification',
  /** A connection error or an HTTP error status turns the endpoint off until re-enabled by hand. */
  disableOnError: true,
  /** Temporary errors (TLS, timeouts) are retried this many times at unpublished intervals, then the endpoint is turned off. */
  maxRetries: 10,
} as const;
