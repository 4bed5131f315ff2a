/**
 * A send-API request written out as the MIME message it describes, so it can go
 * through exactly the policy an SMTP message goes through (the core's
 * `evaluateMessage`), and so the inbox can offer its `.eml` like any other.
 *
 * Writing MIME is simple where reading it is not: headers as UTF-8 (RFC 6532), bodies
 * and attachments in base64, one multipart/mixed around them. Peer text never
 * reaches a header with a line break in it, so no field can add a header.
 */
import { randomUUID } from 'node:crypto';
import { HEADERS, type PayloadAttachment, type SendPayload } from '../simulator/index.ts';

/** One attachment of a send request: the same shape the record's payload carries. */
export type SendAttachment = PayloadAttachment;

/**
 * A send request's JSON body, its types checked (see send-api.ts): the record's payload
 * fields, plus the two the API takes that SMTP cannot carry, and `tags` as one string or a list.
 */
export type SendRequest = Omit<SendPayload, 'tags'> & {
  inreplyto?: string;
  references?: string;
  tags?: string | string[];
};

const CRLF = '\r\n';

/** One header line: line breaks and other control characters become spaces. */
function header(name: string, value: string): string {
  return `${name}: ${value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()}${CRLF}`;
}

/** Base64 in lines of 76 characters (RFC 2045 §6.8). */
function wrap76(base64: string): string {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 76) lines.push(base64.slice(i, i + 76));
  return lines.join(CRLF);
}

/** `type/subtype`, or a safe default when the client sent something else. */
function mediaType(value: string): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(value.trim()) ? value.trim() : 'application/octet-stream';
}

/** A file name parameter: quoted when ASCII, RFC 2231 encoded otherwise. */
function fileNameParam(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '');
  if (/^[\x20-\x7e]*$/.test(clean)) return `filename="${clean.replace(/(["\\])/g, '\\$1')}"`;
  return `filename*=UTF-8''${encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function textPart(type: 'plain' | 'html', body: string): string {
  return (
    header('Content-Type', `text/${type}; charset=utf-8`) +
    header('Content-Transfer-Encoding', 'base64') +
    CRLF +
    wrap76(Buffer.from(body, 'utf8').toString('base64')) +
    CRLF
  );
}

function attachmentPart(a: SendAttachment): string {
  const lines =
    header('Content-Type', mediaType(a.content_type)) +
    header('Content-Disposition', `${a.cid ? 'inline' : 'attachment'}; ${fileNameParam(a.name)}`) +
    (a.cid ? header('Content-ID', `<${a.cid.replace(/[<>]/g, '')}>`) : '') +
    header('Content-Transfer-Encoding', 'base64');
  // Kept as sent (only line breaks removed): the policy warns about damaged base64.
  return lines + CRLF + wrap76(a.content.replace(/[\r\n\t ]/g, '')) + CRLF;
}

/** The message a send request describes, as bytes with CRLF line ends. */
export function buildMime(request: SendRequest): Uint8Array {
  let head = '';
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') head += header(name, value);
  };
  add('From', request.from);
  add('To', request.to);
  add('Cc', request.cc);
  add('Bcc', request.bcc);
  add('Reply-To', request.replyto);
  add('Subject', request.subject);
  add('In-Reply-To', request.inreplyto);
  add('References', request.references);
  add(HEADERS.tags, Array.isArray(request.tags) ? request.tags.join(', ') : request.tags);
  add(HEADERS.unsubscribeIn, request.list_unsubscribe);
  head += header('MIME-Version', '1.0');

  const bodies: string[] = [];
  if (request.textbody !== undefined && request.textbody !== '') bodies.push(textPart('plain', request.textbody));
  if (request.htmlbody !== undefined && request.htmlbody !== '') bodies.push(textPart('html', request.htmlbody));
  const attachments = (request.attachments ?? []).map(attachmentPart);

  const boundary = () => `=_sandbox_${randomUUID()}`;
  const multipart = (subtype: string, parts: string[]) => {
    const b = boundary();
    return header('Content-Type', `multipart/${subtype}; boundary="${b}"`) + CRLF + parts.map((p) => `--${b}${CRLF}${p}`).join('') + `--${b}--${CRLF}`;
  };
  const body = bodies.length > 1 ? multipart('alternative', bodies) : bodies[0];
  let content: string;
  if (!attachments.length) content = body ?? header('Content-Type', 'text/plain; charset=utf-8') + CRLF;
  else content = multipart('mixed', body ? [body, ...attachments] : attachments);
  return Buffer.from(head + content, 'utf8');
}
