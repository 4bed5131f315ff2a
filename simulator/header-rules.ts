/**
 * Which message headers survive MailPace's SMTP bridge, and why the rest do not.
 *
 * MailPace is not a relay: it turns the message into a send-API call, so only
 * headers with an API field survive. Everything else is reported as dropped, with a
 * reason a reader can act on.
 */

/** Headers that become API fields. Keys are lower case. */
export const KEPT_HEADERS: Readonly<Record<string, string>> = {
  from: 'from',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
  subject: 'subject',
  'reply-to': 'replyto',
  'x-mailpace-tags': 'tags',
  'x-list-unsubscribe': 'list_unsubscribe',
};

/** MIME structure headers: consumed to read the body and attachments, then rebuilt by MailPace. */
export const STRUCTURE_HEADERS: ReadonlySet<string> = new Set([
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
  'content-language',
]);

const DROP_REASONS: Readonly<Record<string, string>> = {
  'message-id': 'MailPace gives every message its own Message-ID when it sends it.',
  date: 'MailPace stamps the date when it sends the message.',
  'in-reply-to': 'Threading headers are not carried over SMTP; the HTTPS API has an inreplyto field.',
  references: 'Threading headers are not carried over SMTP; the HTTPS API has a references field.',
  'list-unsubscribe': 'Over SMTP MailPace reads X-List-Unsubscribe; rename the header to keep it.',
  'list-unsubscribe-post': 'Not one of the fields MailPace takes over SMTP (simulated: MailPace publishes nothing on it).',
  'dkim-signature': 'MailPace signs the outgoing message with your domain\'s own DKIM key.',
  received: 'Trace headers of earlier hops are not kept: MailPace is not a relay.',
  'return-path': 'MailPace sets the bounce address itself.',
  sender: 'Only From is used for the sender.',
  'x-mailer': 'Client software headers are not kept.',
  'user-agent': 'Client software headers are not kept.',
};

const GENERIC_REASON = 'MailPace is not a relay: only headers with a send-API field are kept.';

export function dropReason(lowerName: string): string {
  return DROP_REASONS[lowerName] ?? GENERIC_REASON;
}
