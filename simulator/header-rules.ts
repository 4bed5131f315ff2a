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
  'in-reply-to': 'Simulated: MailPace documents no way to carry threading headers over SMTP, so the simulator drops them; the HTTPS API has an inreplyto field.',
  references: 'Simulated: MailPace documents no way to carry threading headers over SMTP, so the simulator drops them; the HTTPS API has a references field.',
  // Simulated: MailPace documents X-List-Unsubscribe over SMTP and says nothing about the
  // standard header there.
  'list-unsubscribe': 'Simulated: MailPace documents X-List-Unsubscribe over SMTP and nothing about a standard List-Unsubscribe header, so the simulator drops it; send X-List-Unsubscribe, which MailPace turns into List-Unsubscribe.',
  // Simulated: MailPace publishes nothing about this header over SMTP. Its send API has
  // only list_unsubscribe, so the header has nowhere to go; whether MailPace adds it to
  // what it sends is unpublished too, and the unsubscribe note in the policy says so.
  'list-unsubscribe-post': 'Simulated: MailPace\'s send API has no field for List-Unsubscribe-Post (only list_unsubscribe), so the simulator drops it; MailPace publishes nothing about this header over SMTP.',
  'dkim-signature': 'MailPace signs the outgoing message with your domain\'s own DKIM key.',
  received: 'Trace headers of earlier hops are not kept: MailPace is not a relay.',
  'return-path': 'MailPace sets the bounce address itself.',
  sender: 'Only From is used for the sender.',
  'x-mailer': 'Client software headers are not kept.',
  'user-agent': 'Client software headers are not kept.',
};

/** True when a header survives: it becomes an API field or is read as MIME structure. */
export function isKeptHeader(lowerName: string): boolean {
  return lowerName in KEPT_HEADERS || STRUCTURE_HEADERS.has(lowerName);
}

/** Lower-case names of the headers dropped with a reason of their own. */
export const EXPLAINED_DROPS: readonly string[] = Object.keys(DROP_REASONS);

const GENERIC_REASON = 'MailPace is not a relay: only headers with a send-API field are kept.';

export function dropReason(lowerName: string): string {
  return DROP_REASONS[lowerName] ?? GENERIC_REASON;
}
