/**
 * MailPace's rules for a finished message, applied after the final dot.
 *
 * This is the policy layer over plain SMTP: it parses the MIME message with
 * postal-mime, builds the HTTPS send API payload the message turns into, lists the
 * headers that did not survive and why, and decides the reply. MailPace's API
 * errors map to SMTP replies as described in the reply catalogue.
 */
import { HEADERS, SEND_API } from './mailpace-facts.ts';
import type { Address, Email, Mailbox } from 'postal-mime';
import { findBase64Problems, type Base64Problem } from './base64-parts.ts';
import { base64Encode } from './bytes.ts';
import type { SessionConfig } from './config.ts';
import type { DataFlags } from './data-reader.ts';
import { domainOf } from './envelope-args.ts';
import { dropReason, isKeptHeader } from './header-rules.ts';
import { makeReply, type Reply, type ReplyName, type ReplyParams } from './replies.ts';

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
  /** The authenticated token's domain. */
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

/**
 * Advice on X-List-Unsubscribe. It never asks for a header the policy then drops:
 * List-Unsubscribe-Post has no send-API field (see header-rules.ts), and whether
 * MailPace adds it for one-click unsubscribe is unpublished, so the https case gets a
 * note that says exactly that, labelled simulated.
 */
function unsubscribeWarnings(value: string): string[] {
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const warnings: string[] = [];
  if (entries.some((e) => !/^<[^<>]+>$/.test(e))) {
    warnings.push(`${HEADERS.unsubscribeIn} entries should each be wrapped in <...>, separated by commas (RFC 2369).`);
  }
  const hasHttps = entries.some((e) => e.startsWith('<https://'));
  if (!hasHttps) {
    warnings.push('No https:// unsubscribe URI: one-click unsubscribe (RFC 8058), which large mailbox providers expect from bulk senders, needs one.');
  } else {
    warnings.push(
      `Simulated note: MailPace does not publish whether it adds List-Unsubscribe-Post to the ${HEADERS.unsubscribeOut} it sends, which one-click unsubscribe (RFC 8058) needs. Send a test to an address you control and look at the headers that arrive.`,
    );
  }
  return warnings;
}

/** One warning per damaged base64 part. */
function base64Warnings(problems: readonly Base64Problem[]): string[] {
  return problems.map((p) => {
    const part = `The base64 part ${p.type}${p.name ? ` "${p.name}"` : ''}`;
    const faults = p.faults.map((f) =>
      f === 'alphabet' ? 'contains characters outside the base64 alphabet, which are skipped when decoding' : 'has missing or misplaced "=" padding',
    );
    return `${part} ${faults.join(' and ')} (RFC 2045 §6.8): what MailPace decodes may not be what you meant to send.`;
  });
}

function flagWarnings(flags: DataFlags, maxTextLine: number): string[] {
  const out: string[] = [];
  if (flags.bareLf) out.push('The message contains a bare LF (line feed without CR). It was kept as text and did not end the message, but fix your client to send CRLF.');
  if (flags.bareCr) out.push('The message contains a bare CR (carriage return without LF). It was kept as text; fix your client to send CRLF.');
  if (flags.nul) out.push('The message contains NUL bytes, which many mail systems refuse.');
  if (flags.longLine) out.push(`A line is longer than ${maxTextLine} octets (RFC 5321 §4.5.3.1.6); encode long content as quoted-printable or base64.`);
  return out;
}

interface Decision {
  reply: ReplyName;
  params: ReplyParams;
}

/** Account-level failures first, as the API checks the account before the message. */
function accountDecision(ctx: MessageContext): Decision | null {
  const f = ctx.config.failures;
  if (f.has('disabled')) return { reply: 'organizationDisabled', params: {} };
  if (f.has('plan')) return { reply: 'noActivePlan', params: {} };
  if (f.has('dkim')) return { reply: 'dkimNotVerified', params: { domain: ctx.domain } };
  if (f.has('rate')) return { reply: 'rateLimited', params: {} };
  return null;
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
): { payload: SendPayload; problem: Decision | null } {
  const payload: SendPayload = {};
  let problem: Decision | null = null;
  const reject = (reply: ReplyName, params: ReplyParams) => {
    problem ??= { reply, params };
  };

  // Every From field and every address in it, not just postal-mime's first, so the
  // record shows what was refused (RFC 5322 §3.6: one From field; more than one
  // mailbox needs a Sender, and the send API's from holds one address anyway).
  const fromFields = email.headers.filter((h) => h.key === 'from');
  const fromBoxes = fromFields.flatMap((h) => mailboxes(addressParser(h.value)));
  const from = fromFields.length === 1 && fromBoxes.length === 1 ? fromBoxes[0] : undefined;
  payload.from = joinMailboxes(fromBoxes);
  const to = mailboxes(email.to);
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

  // Order matters: the first problem found is the reply, as one API call returns one error.
  if (!fromFields.length) reject('badMessage', { why: 'the message has no From header' });
  else if (fromFields.length > 1) reject('badMessage', { why: `the message has ${fromFields.length} From fields; only one is allowed (RFC 5322 §3.6)` });
  else if (!fromBoxes.length) reject('badMessage', { why: 'the From header has no usable address' });
  else if (fromBoxes.length > 1) reject('badMessage', { why: `From must hold exactly one address (RFC 5322 §3.6); it lists ${fromBoxes.length}` });
  else if (from && domainOf(from.address) !== ctx.domain) reject('domainMismatch', { fromDomain: domainOf(from.address), domain: ctx.domain });
  if (!to.length) reject('badMessage', { why: 'the message has no To header with an address' });
  // The API refuses the whole request past the limit, so the message is refused whole.
  if (to.length > ctx.config.limits.maxToAddresses) reject('tooManyToAddresses', { count: to.length, max: ctx.config.limits.maxToAddresses });
  if (!payload.htmlbody && !payload.textbody) reject('badMessage', { why: 'the message has no text or HTML body' });

  if (ctx.mailFrom && domainOf(ctx.mailFrom) !== ctx.domain) {
    warnings.push(`The envelope sender ${ctx.mailFrom} is not on ${ctx.domain}; MailPace uses the From header, so this is only a hint.`);
  }
  for (const key of Object.keys(payload) as (keyof SendPayload)[]) if (payload[key] === undefined) delete payload[key];
  return { payload, problem };
}

function droppedHeaders(email: Email): DroppedHeader[] {
  return email.headers
    .filter((h) => !isKeptHeader(h.key))
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

/**
 * Decides what happens to one message: the reply to send and the record to report.
 * `bytes` is null when the message passed the size limit and was discarded.
 */
export async function evaluateMessage(bytes: Uint8Array | null, ctx: MessageContext): Promise<{ reply: Reply; record: MessageRecord }> {
  const { config } = ctx;
  const warnings = flagWarnings(ctx.flags, config.limits.maxTextLineBytes);
  let payload: SendPayload = {};
  let dropped: DroppedHeader[] = [];
  let decision: Decision | null;

  if (bytes === null) {
    decision = { reply: 'messageTooBig', params: { max: config.limits.maxMessageBytes } };
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
      decision = { reply: 'badMessage', params: { why: 'the message could not be read as MIME' } };
    } else {
      const built = buildPayload(email, ctx, warnings, { addressParser, decodeWords });
      warnings.push(...base64Warnings(findBase64Problems(bytes)));
      payload = built.payload;
      dropped = droppedHeaders(email);
      decision = accountDecision(ctx) ?? built.problem;
    }
  }

  const id = decision ? null : config.nextId();
  const reply = decision ? makeReply(decision.reply, decision.params) : makeReply('queued', { id: id! });
  const record: MessageRecord = {
    status: decision ? 'rejected' : 'accepted',
    reply: reply.lines.join('\n'),
    id,
    received_at: new Date(config.now()).toISOString(),
    size: ctx.size,
    envelope: { mail_from: ctx.mailFrom, rcpt_to: [...ctx.rcptTo] },
    payload,
    dropped_headers: dropped,
    warnings,
  };
  return { reply, record };
}
