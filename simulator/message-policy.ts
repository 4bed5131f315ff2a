/**
 * MailPace's rules for a finished message, applied after the final dot.
 *
 * This is the policy layer over plain SMTP: it parses the MIME message with
 * postal-mime, builds the HTTPS send API payload the message turns into, lists the
 * headers that did not survive and why, and decides the reply. MailPace's API
 * errors map to SMTP replies as described in the reply catalogue.
 */
import { SEND_API } from './mailpace-facts.ts';
import type { Address, Email, Mailbox } from 'postal-mime';
import { findBase64Problems } from './base64-parts.ts';
import { base64Warnings, flagWarnings, unsubscribeWarnings } from './message-warnings.ts';
import { base64Encode } from './bytes.ts';
import type { SessionConfig } from './config.ts';
import type { DataFlags } from './data-reader.ts';
import { addressProblem, domainOf } from './envelope-args.ts';
import { dropReason, isKeptHeader } from './header-rules.ts';
import { chosenFailure } from './failure-rules.ts';
import { inPolicyOrder, smtpReplyFor, type PolicyProblem, type PolicyRule } from './policy-rules.ts';
import { makeReply, type Reply, type ReplyParams } from './replies.ts';

/** One attachment as the send API takes it. */
export interface PayloadAttachment {
  name: string;
  content: string;
  content_type: string;
  cid?: string;
}

/** The JSON body of `POST /api/v1/send`, field names exactly as the API spells them. */
export interface SendPayload {
  from?: string;
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  htmlbody?: string;
  textbody?: string;
  replyto?: string;
  list_unsubscribe?: string;
  tags?: string[];
  attachments?: PayloadAttachment[];
  /** Threading fields the API takes and SMTP does not carry: only on messages sent through the API. */
  inreplyto?: string;
  references?: string;
}

export interface DroppedHeader {
  name: string;
  value: string;
  reason: string;
}

/** How a message came in: over SMTP (the terminal, the checker, the sandbox), or the sandbox's send API. */
export type MessageSource = 'smtp' | 'api';

/** What became of one message: the sandbox prints it, the inspector shows it. */
export interface MessageRecord {
  status: 'accepted' | 'rejected';
  /** The final reply, as sent (first line when multi-line). */
  reply: string;
  /** The queue ID for accepted messages. */
  id: string | null;
  received_at: string;
  size: number;
  envelope: { mail_from: string; rcpt_to: string[] };
  payload: SendPayload;
  dropped_headers: DroppedHeader[];
  warnings: string[];
}

export interface MessageContext {
  config: SessionConfig;
  /** The front door the message came through: what does not apply to the other is left out. */
  source: MessageSource;
  /** The token the message was sent with (SMTP AUTH, or the API's header), and its domain. */
  token: string;
  domain: string;
  mailFrom: string;
  rcptTo: readonly string[];
  size: number;
  flags: DataFlags;
}

export const ALLOWED_ATTACHMENT_EXTENSIONS: readonly string[] = SEND_API.attachmentExtensions;

const MAX_DROPPED_VALUE_CHARS = 200;

const decodedAttachments = new WeakMap<PayloadAttachment, Uint8Array>();

/**
 * The decoded bytes behind an attachment of a record made here, whose `content` is
 * base64 computed on each read. A writer can encode them in slices as it writes,
 * instead of holding a whole attachment's base64 at once.
 */
export function attachmentBytes(item: PayloadAttachment): Uint8Array | undefined {
  return decodedAttachments.get(item);
}

function mailboxes(list: readonly Address[] | Address | undefined): Mailbox[] {
  if (!list) return [];
  const items = Array.isArray(list) ? list : [list];
  return items.flatMap((a: Address) => (a.group ? a.group : [a])).filter((m) => m.address);
}

/** `Name <a@d>` with the name quoted when it holds specials (RFC 5322 §3.4). */
function formatMailbox(m: Mailbox): string {
  if (!m.name) return m.address;
  const name = /[()<>[\]:;@\\,."]/.test(m.name) ? `"${m.name.replace(/(["\\])/g, '\\$1')}"` : m.name;
  return `${name} <${m.address}>`;
}

function joinMailboxes(list: Mailbox[]): string | undefined {
  return list.length ? list.map(formatMailbox).join(', ') : undefined;
}

/** Splits `X-MailPace-Tags` values: one tag or a comma list, trimmed, empties dropped. */
export function parseTags(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean);
}

/** Why MailPace would refuse this attachment name, or null. */
export function attachmentProblem(name: string | null): string | null {
  if (!name) return 'has no file name';
  const dots = name.split('.').length - 1;
  if (dots === 0) return 'has no file extension';
  if (dots > 1) return 'has more than one "." in its name';
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (!ALLOWED_ATTACHMENT_EXTENSIONS.includes(ext)) return `is a .${ext} file, which MailPace does not accept`;
  return null;
}

/** The account's failure knobs, as problems (the policy's order puts them before the message's). */
function accountProblems(ctx: MessageContext): PolicyProblem[] {
  const f = ctx.config.failures;
  const problems: PolicyProblem[] = [];
  if (f.has('disabled')) problems.push({ rule: 'organizationDisabled', params: {} });
  if (f.has('plan')) problems.push({ rule: 'noActivePlan', params: {} });
  if (f.has('dkim')) problems.push({ rule: 'dkimNotVerified', params: { domain: ctx.domain } });
  if (f.has('rate')) problems.push({ rule: 'rateLimited', params: {} });
  return problems;
}

/** Who the message is from and to: the envelope's addresses, and those its headers name. */
interface People {
  senders: readonly string[];
  recipients: readonly string[];
}

/**
 * Problems of the people on the message: blocked recipients, the failures rules chose
 * for a sender, a recipient or the message (failure-rules.ts). Over SMTP the envelope's
 * were refused at MAIL FROM or RCPT TO already; an address named only in a header is
 * still caught here, as the API call the message becomes would be refused for it.
 */
function peopleProblems(ctx: MessageContext, { senders, recipients }: People): PolicyProblem[] {
  const { failures, blockedRecipients, failureRules } = ctx.config;
  const blocked = failures.has('blocked') ? recipients.slice(0, 1) : recipients.filter((a) => blockedRecipients.includes(a.toLowerCase()));
  const problems: PolicyProblem[] = blocked.slice(0, 1).map((address) => ({ rule: 'blockedRecipient', params: { address }, stage: 'rcpt' }));
  const chosen = [
    chosenFailure(failureRules, 'mail', senders, ctx.domain),
    chosenFailure(failureRules, 'rcpt', recipients, ctx.domain),
    chosenFailure(failureRules, 'data', [...senders, ...recipients], ctx.domain),
  ];
  return [...problems, ...chosen.filter((p) => p !== null)];
}

/** postal-mime's helpers, passed in because the module is loaded lazily. */
interface MimeHelpers {
  addressParser: (value: string) => Address[];
  decodeWords: (text: string) => string;
}

function buildPayload(
  email: Email,
  ctx: MessageContext,
  warnings: string[],
  { addressParser, decodeWords }: MimeHelpers,
): { payload: SendPayload; problems: PolicyProblem[]; people: People } {
  const payload: SendPayload = {};
  const problems: PolicyProblem[] = [];
  const reject = (rule: PolicyRule, params: ReplyParams = {}) => {
    problems.push({ rule, params });
  };

  // Every From field and every address in it, not just postal-mime's first, so the
  // record shows what was refused (RFC 5322 §3.6: one From field; more than one
  // mailbox needs a Sender, and the send API's from holds one address anyway).
  const fromFields = email.headers.filter((h) => h.key === 'from');
  const fromBoxes = fromFields.flatMap((h) => mailboxes(addressParser(h.value)));
  const from = fromFields.length === 1 && fromBoxes.length === 1 ? fromBoxes[0] : undefined;
  payload.from = joinMailboxes(fromBoxes);
  const to = mailboxes(email.to);
  // Entries of the To header that hold no usable address (postal-mime's list leaves them out).
  const badTo = email.headers
    .filter((h) => h.key === 'to')
    .flatMap((h) => addressParser(h.value).flatMap((a: Address) => (a.group ? a.group : [a])))
    .filter((m) => !m.address || addressProblem(m.address) !== null)
    .map((m) => m.address || m.name);
  const cc = mailboxes(email.cc);
  const bccHeader = mailboxes(email.bcc);
  payload.to = joinMailboxes(to);
  payload.cc = joinMailboxes(cc);

  // Envelope recipients named in no header are blind copies: that is how Bcc works over SMTP.
  const named = new Set([...to, ...cc, ...bccHeader].map((m) => m.address.toLowerCase()));
  const blind = ctx.rcptTo.filter((r) => !named.has(r.toLowerCase()));
  const bcc = [...bccHeader, ...blind.map((address) => ({ name: '', address }))];
  payload.bcc = joinMailboxes(bcc);
  if (blind.length) warnings.push(`Envelope recipients not named in To, Cc or Bcc (${blind.join(', ')}) are sent as bcc (simulated).`);
  // The mirror case: a Bcc header naming someone the envelope does not. Over SMTP only
  // RCPT TO decides delivery, but the API's bcc field would still reach them.
  const envelope = new Set(ctx.rcptTo.map((r) => r.toLowerCase()));
  const bccOnly = bccHeader.filter((m) => !envelope.has(m.address.toLowerCase())).map((m) => m.address);
  if (bccOnly.length) {
    warnings.push(`Bcc header addresses that are not envelope recipients (${bccOnly.join(', ')}) are still sent as bcc (simulated); over SMTP, normally only RCPT TO decides who receives a message.`);
  }

  if (email.subject !== undefined) payload.subject = email.subject;
  if (email.html) payload.htmlbody = email.html;
  if (email.text) payload.textbody = email.text;
  payload.replyto = joinMailboxes(mailboxes(email.replyTo));

  // Clients encode non-ASCII header text as RFC 2047 encoded words; MailPace sees the text.
  const values = (key: string) => email.headers.filter((h) => h.key === key).map((h) => decodeWords(h.value));
  const tags = parseTags(values('x-mailpace-tags'));
  if (tags.length) payload.tags = tags;
  const unsubscribe = values('x-list-unsubscribe').join(', ').trim();
  if (unsubscribe) {
    payload.list_unsubscribe = unsubscribe;
    warnings.push(...unsubscribeWarnings(unsubscribe));
  }

  const attachments: PayloadAttachment[] = [];
  for (const a of email.attachments) {
    const why = attachmentProblem(a.filename);
    if (why) reject('blockedAttachment', { name: a.filename ?? '(unnamed)', why });
    const item = { name: a.filename ?? '', content_type: a.mimeType } as PayloadAttachment;
    // Base64 of a large file is big: compute it only when the record is serialised or
    // read, and do not keep it. The record lives on (the sandbox's inbox), so a kept
    // string would hold every attachment twice, decoded and encoded, for its lifetime.
    const bytes = a.content instanceof ArrayBuffer ? new Uint8Array(a.content) : (a.content as Uint8Array);
    Object.defineProperty(item, 'content', { enumerable: true, get: () => base64Encode(bytes) });
    decodedAttachments.set(item, bytes);
    if (a.contentId) item.cid = a.contentId.replace(/^<|>$/g, '');
    attachments.push(item);
  }
  if (attachments.length) payload.attachments = attachments;

  // Every problem is listed; the policy's order (policy-rules.ts) picks the answer.
  const fromProblem = fromFields.length === 1 && fromBoxes.length === 1 ? addressProblem(fromBoxes[0]!.address) : null;
  if (!fromFields.length) reject('fromMissing');
  else if (fromFields.length > 1) reject('fromRepeated', { count: fromFields.length });
  else if (!fromBoxes.length) reject('fromNoAddress');
  else if (fromBoxes.length > 1) reject('fromManyAddresses', { count: fromBoxes.length });
  else if (fromProblem) reject('fromInvalid', { address: from!.address, why: fromProblem });
  else if (from && domainOf(from.address) !== ctx.domain) reject('domainMismatch', { fromDomain: domainOf(from.address), domain: ctx.domain });
  if (badTo.length) reject('toInvalid', { entry: badTo[0]! });
  else if (!to.length) reject('toMissing');
  // The API refuses the whole request past the limit, so the message is refused whole.
  if (to.length > ctx.config.limits.maxToAddresses) reject('tooManyTo', { count: to.length, max: ctx.config.limits.maxToAddresses });
  if (!payload.htmlbody && !payload.textbody) reject('noBody');

  if (ctx.source === 'api') {
    // The API's own threading fields: kept, where SMTP drops the headers.
    const inReplyTo = values('in-reply-to')[0];
    const references = values('references')[0];
    if (inReplyTo) payload.inreplyto = inReplyTo;
    if (references) payload.references = references;
  } else if (ctx.mailFrom && domainOf(ctx.mailFrom) !== ctx.domain) {
    // Only SMTP has an envelope sender to hint about.
    warnings.push(`The envelope sender ${ctx.mailFrom} is not on ${ctx.domain}; MailPace uses the From header, so this is only a hint.`);
  }
  for (const key of Object.keys(payload) as (keyof SendPayload)[]) if (payload[key] === undefined) delete payload[key];
  const people = {
    senders: [ctx.mailFrom, ...fromBoxes.map((m) => m.address)],
    recipients: [...ctx.rcptTo, ...[...to, ...cc, ...bccHeader].map((m) => m.address)],
  };
  return { payload, problems, people };
}

/** Headers with an API field of their own when the message came through the API. */
const API_ONLY_HEADERS: ReadonlySet<string> = new Set(['in-reply-to', 'references']);

function droppedHeaders(email: Email, source: MessageSource): DroppedHeader[] {
  return email.headers
    .filter((h) => !isKeptHeader(h.key) && !(source === 'api' && API_ONLY_HEADERS.has(h.key)))
    .map((h) => ({
      name: h.originalKey,
      value: h.value.length > MAX_DROPPED_VALUE_CHARS ? `${h.value.slice(0, MAX_DROPPED_VALUE_CHARS)}…` : h.value,
      reason: dropReason(h.key),
    }));
}

// Loaded with the first message, not with the page (the parser is a quarter of the
// worker), and only once: a dynamic import per message costs measurable time under tsx.
let postalMime: Promise<typeof import('postal-mime')> | undefined;
const loadPostalMime = () => (postalMime ??= import('postal-mime'));

/** What the policy made of one message. */
export interface MessageVerdict {
  /** The SMTP reply: the first problem's, or 250 queued. */
  reply: Reply;
  record: MessageRecord;
  /** Every rule the message breaks, in the policy's order: the first one is the answer. */
  problems: PolicyProblem[];
}

/**
 * Decides what happens to one message: its problems, the reply to send and the record
 * to report. `bytes` is null when the message passed the size limit and was discarded.
 */
export async function evaluateMessage(bytes: Uint8Array | null, ctx: MessageContext): Promise<MessageVerdict> {
  const { config } = ctx;
  const warnings = flagWarnings(ctx.flags, config.limits.maxTextLineBytes);
  let payload: SendPayload = {};
  let dropped: DroppedHeader[] = [];
  const found: PolicyProblem[] = accountProblems(ctx);
  let people: People = { senders: [ctx.mailFrom], recipients: ctx.rcptTo };

  if (bytes === null) {
    found.push({ rule: 'messageTooBig', params: { max: config.limits.maxMessageBytes } });
  } else {
    const { default: PostalMime, addressParser, decodeWords } = await loadPostalMime();
    let email: Email | null = null;
    try {
      // A view of a whole buffer goes in as the buffer itself: postal-mime copies views.
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      email = await PostalMime.parse(whole ? (bytes.buffer as ArrayBuffer) : bytes, { attachmentEncoding: 'arraybuffer' });
    } catch {
      email = null;
    }
    if (!email) {
      found.push({ rule: 'unreadable', params: {} });
    } else {
      const built = buildPayload(email, ctx, warnings, { addressParser, decodeWords });
      warnings.push(...base64Warnings(findBase64Problems(bytes)));
      payload = built.payload;
      dropped = droppedHeaders(email, ctx.source);
      found.push(...built.problems);
      people = built.people;
    }
  }
  found.push(...peopleProblems(ctx, people));
  // Every message counts towards the token's rate limit, refused or not (simulated).
  const wait = config.limiter?.take(ctx.token);
  if (wait) found.push({ rule: 'rateLimited', params: { retryAfter: wait.retryAfterSeconds } });

  const problems = inPolicyOrder(found);
  const first = problems[0];
  const id = first ? null : config.nextId();
  const answer = first && smtpReplyFor(first);
  const reply = answer ? makeReply(answer.name, answer.params) : makeReply('queued', { id: id! });
  const record: MessageRecord = {
    status: first ? 'rejected' : 'accepted',
    reply: reply.lines.join('\n'),
    id,
    received_at: new Date(config.now()).toISOString(),
    size: ctx.size,
    envelope: { mail_from: ctx.mailFrom, rcpt_to: [...ctx.rcptTo] },
    payload,
    dropped_headers: dropped,
    warnings,
  };
  return { reply, record, problems };
}
