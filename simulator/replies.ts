/**
 * The reply catalogue: every reply the simulated server can send, in one place.
 *
 * Code and tests import the same entries, so a test names the reply it expects
 * (`REPLIES.authFailed`) instead of repeating a string. Each entry records the RFC
 * that defines it, which the docs' reply-code reference prints.
 *
 * Texts that list commands or AUTH mechanisms are built from the verb table and the
 * published mechanism list, so a reply cannot name something the server does not do.
 */
import { SEND_API, SMTP } from './mailpace-facts.ts';
import { VERBS } from './states.ts';

/** "587, 2525 and 25": MailPace's STARTTLS ports, for the reference texts. */
const STARTTLS_PORTS = ((ports: number[]) => `${ports.slice(0, -1).join(', ')} and ${ports.at(-1)}`)(
  SMTP.ports.filter((p) => p.tls === 'starttls').map((p) => p.port),
);

export interface ReplySpec {
  /** Three-digit SMTP reply code (RFC 5321 §4.2). */
  code: number;
  /** RFC 3463 enhanced status code, or null where none is sent (greeting, EHLO/HELO). */
  enhanced: string | null;
  /** Our wording. May contain `{placeholders}` filled by `renderReply`. */
  text: string;
  /** Where the rule comes from, e.g. "RFC 5321 §4.5.3.1.4". */
  rfc: string;
  /** When a reader meets it: one short sentence for the reference page. */
  when: string;
  /** True where MailPace publishes nothing and the simulator chose the reply. */
  simulated?: boolean;
}

/** `PLAIN or LOGIN`, from MailPace's published list. */
const mechanismChoice = SMTP.authMechanisms.join(' or ');
/** `AUTH PLAIN or AUTH LOGIN`. */
const authCommandChoice = SMTP.authMechanisms.map((m) => `AUTH ${m}`).join(' or ');

const r = (
  code: number,
  enhanced: string | null,
  text: string,
  rfc: string,
  when: string,
  simulated = true,
): ReplySpec => ({ code, enhanced, text, rfc, when, simulated });

export const REPLIES = {
  greeting: r(220, null, '{host} ESMTP Nice to meet you', 'RFC 5321 §4.3.1', 'Sent as soon as you connect.', false),
  ehlo: r(250, null, '{host} Nice to meet you, {client}', 'RFC 5321 §4.1.1.1', 'Answer to EHLO; extensions follow on extra lines.'),
  helo: r(250, null, '{host} Nice to meet you, {client}', 'RFC 5321 §4.1.1.1', 'Answer to HELO (no extensions).'),
  ok: r(250, '2.0.0', 'OK', 'RFC 5321 §4.2.2', 'A command such as NOOP succeeded.'),
  resetOk: r(250, '2.0.0', 'Reset: transaction cleared', 'RFC 5321 §4.1.1.5', 'Answer to RSET.'),
  senderOk: r(250, '2.1.0', 'Sender <{address}> OK', 'RFC 5321 §4.1.1.2', 'MAIL FROM accepted.'),
  recipientOk: r(250, '2.1.5', 'Recipient <{address}> OK', 'RFC 5321 §4.1.1.3', 'RCPT TO accepted.'),
  queued: r(250, '2.0.0', 'Accepted: queued as {id}', 'RFC 5321 §4.1.1.4', 'The message was taken after the final dot.'),
  help: r(214, '2.0.0', `Commands: ${VERBS.join(' ')}. See the simulator docs.`, 'RFC 5321 §4.1.1.8', 'Answer to HELP.'),
  vrfy: r(252, '2.5.2', 'Cannot verify the address; send the message and it will be tried', 'RFC 5321 §3.5.3', 'VRFY is answered without revealing anything.'),
  startTls: r(220, '2.0.0', 'Ready to start TLS', 'RFC 3207 §4', 'Answer to STARTTLS: begin the TLS handshake now.'),
  authChallengePlain: r(334, null, '', 'RFC 4954 §4', 'AUTH PLAIN without an initial response: send the credentials now.'),
  authChallengeUser: r(334, null, 'VXNlcm5hbWU6', 'draft-murchison-sasl-login', 'AUTH LOGIN asks for the username (base64 of "Username:").'),
  authChallengePass: r(334, null, 'UGFzc3dvcmQ6', 'draft-murchison-sasl-login', 'AUTH LOGIN asks for the password (base64 of "Password:").'),
  authOk: r(235, '2.7.0', 'Authenticated: sending as {domain}', 'RFC 4954 §6', 'AUTH succeeded.'),
  dataStart: r(354, null, 'Send the message; end with <CR><LF>.<CR><LF>', 'RFC 5321 §4.1.1.4', 'Answer to DATA: send headers, a blank line, the body, then a line with a single dot.'),
  bye: r(221, '2.0.0', 'Bye', 'RFC 5321 §4.1.1.10', 'Answer to QUIT; the server closes the connection.'),

  // 4xx: try again later
  tooManyErrors: r(421, '4.7.0', 'Too many errors on this connection; closing', 'RFC 5321 §4.2.2', 'After repeated bad commands.'),
  tooManyAuthFailures: r(421, '4.7.0', 'Too many failed logins; closing', 'RFC 4954 §4', 'After repeated failed AUTH attempts.'),
  inputTooLong: r(421, '4.7.0', 'No end of line within {bytes} bytes; closing', 'RFC 5321 §4.5.3.1.4', 'A command line kept growing without CRLF.'),
  idleTimeout: r(421, '4.4.2', 'Idle for too long; closing', 'RFC 5321 §4.5.3.2', 'You sent nothing for the idle timeout.'),
  tooSlow: r(421, '4.4.2', 'Command or message text arriving too slowly; closing', 'RFC 5321 §4.5.3.2', 'A command line did not complete within the command timeout, or the message text came slower than the minimum rate (sandbox: --command-timeout).'),
  tooManyConnections: r(421, '4.7.0', 'Too many connections; try again later', 'RFC 5321 §3.8', 'The server is at its connection limit.'),
  shuttingDown: r(421, '4.3.0', 'Server shutting down; try again later', 'RFC 5321 §3.8', 'The server is stopping.'),
  serviceDown: r(421, '4.3.0', 'Service unavailable; try again later', 'RFC 5321 §3.8', 'MailPace is down (failure knob "down").'),
  rateLimited: r(451, '4.7.0', 'Sending too quickly: slow down and retry later', 'RFC 5321 §4.2.5', 'Rate limit (HTTPS API 429).'),
  tooManyRecipients: r(452, '4.5.3', 'Too many recipients: at most {max} per message', 'RFC 5321 §4.5.3.1.8', 'Each RCPT past the limit; those already accepted still get the message.'),
  tlsUnavailable: r(454, '4.7.0', 'TLS not available; try again later', 'RFC 3207 §4', 'STARTTLS when the server cannot start TLS, e.g. it has no usable certificate; EHLO then stops offering STARTTLS.'),

  // 5xx: syntax and sequence
  unknownCommand: r(500, '5.5.1', 'Unknown command "{verb}"; type HELP for the list', 'RFC 5321 §4.2.4', 'A verb the server does not know.'),
  lineTooLong: r(500, '5.5.2', 'Command line longer than {max} bytes', 'RFC 5321 §4.5.3.1.4', 'A command line over the limit, CRLF included (RFC 5321 sets 512 octets).'),
  bareNewline: r(500, '5.5.2', 'Lines must end with CR LF; a bare {which} is not allowed', 'RFC 5321 §2.3.8', 'A command line with a lone CR or LF.'),
  nulByte: r(500, '5.5.2', 'NUL bytes are not allowed in commands', 'RFC 5321 §4.1.1', 'A command containing a NUL byte.'),
  emptyCommand: r(500, '5.5.2', 'Empty command', 'RFC 5321 §4.1.1', 'An empty line in command mode.'),
  badUtf8: r(500, '5.5.2', 'Command is not valid UTF-8', 'RFC 6531 §3.3', 'A command with bytes that are not UTF-8.'),
  syntax: r(501, '5.5.4', 'Syntax: {usage}', 'RFC 5321 §4.2.2', 'The arguments of a command are malformed.'),
  badSender: r(501, '5.1.7', 'Bad sender address: {why}', 'RFC 3463 §3.2', 'MAIL FROM address is malformed.'),
  badRecipient: r(501, '5.1.3', 'Bad recipient address: {why}', 'RFC 3463 §3.2', 'RCPT TO address is malformed.'),
  badParameterValue: r(501, '5.5.4', 'Bad value for {param}', 'RFC 5321 §4.1.1.2', 'A MAIL parameter with a value it cannot take.'),
  controlCharacters: r(501, '5.5.4', 'Control characters are not allowed in {what}', 'RFC 5321 §4.1.2', 'CR, LF or other control characters inside MAIL/RCPT arguments.'),
  badBase64: r(501, '5.5.2', 'That is not valid base64', 'RFC 4954 §4', 'An AUTH response that does not decode.'),
  badPlain: r(501, '5.5.2', 'AUTH PLAIN expects base64 of: authzid NUL username NUL password', 'RFC 4616 §2', 'A PLAIN response without two NUL separators.'),
  authCancelled: r(501, '5.7.0', 'Authentication cancelled', 'RFC 4954 §4', 'You answered a 334 challenge with "*".'),
  notImplemented: r(502, '5.5.1', '{verb} is not implemented here', 'RFC 5321 §4.2.4', 'A known command the server does not offer.'),
  startTlsOnTlsPort: r(502, '5.5.1', 'This connection is already TLS (port {port}); STARTTLS is not offered', 'RFC 3207 §4', 'STARTTLS on the implicit TLS port.'),
  badSequence: r(503, '5.5.1', '{why}', 'RFC 5321 §4.1.4', 'A command sent in the wrong order.'),
  unknownMechanism: r(504, '5.5.4', `Unknown AUTH mechanism "{mechanism}"; use ${mechanismChoice}`, 'RFC 4954 §4', `AUTH with a mechanism other than ${mechanismChoice}.`),
  authRequired: r(530, '5.7.0', `Authentication required: ${authCommandChoice} with your API token`, 'RFC 4954 §6', 'MAIL before AUTH (HTTPS API: 401 Missing API Token).', false),
  tlsRequired: r(530, '5.7.0', 'Must issue a STARTTLS command first', 'RFC 3207 §4', `AUTH or MAIL before STARTTLS on ports ${STARTTLS_PORTS}.`),
  authFailed: r(535, '5.7.8', 'Authentication failed: username and password must both be the API token of one of your domains', 'RFC 4954 §6', 'Wrong token (HTTPS API: 400 Invalid API Token).', false),
  unknownParameter: r(555, '5.5.4', 'Parameter {param} is not supported', 'RFC 5321 §4.1.1.11', 'An unknown MAIL or RCPT parameter.'),
  needsSmtpUtf8: r(553, '5.6.7', 'Address <{address}> is not ASCII: add SMTPUTF8 to MAIL FROM', 'RFC 6531 §3.5', 'A non-ASCII address without the SMTPUTF8 parameter.'),
  sizeDeclaredTooBig: r(552, '5.3.4', 'Declared size {size} is over the {max} byte limit', 'RFC 1870 §6', 'MAIL FROM with SIZE= over the limit.'),
  messageTooBig: r(552, '5.3.4', 'Message is over the {max} byte limit; it was discarded', 'RFC 1870 §6', 'The data sent after DATA passed the size limit.'),
  httpRequest: r(554, '5.5.1', 'This is an SMTP server, not a web server; closing', 'RFC 5321 §4.2.4', 'An HTTP request line sent to the SMTP port.'),
  spokeTooEarly: r(554, '5.5.1', 'You spoke before the greeting; closing', 'RFC 5321 §4.3.1', 'The client sent data before the 220 greeting.'),

  // 5xx: MailPace's rules applied to the message (HTTPS API errors mapped to SMTP)
  blockedRecipient: r(550, '5.1.1', 'Recipient <{address}> is on your blocked list', 'RFC 3463 §3.2', 'A recipient on the blocked address list (HTTPS API 400).'),
  badMessage: r(550, '5.6.0', 'Message rejected: {why}', 'RFC 3463 §3.7', 'From or To header missing or unreadable, From with more than one address, or no body (HTTPS API 400).'),
  tooManyToAddresses: r(550, '5.5.3', 'Message rejected: the To header lists {count} addresses; at most {max} are allowed', 'RFC 3463 §3.6', `More than ${SEND_API.maxToAddresses} addresses in the To header; RCPT TO recipients do not count (HTTPS API 400).`),
  blockedAttachment: r(550, '5.6.1', 'Message rejected: attachment "{name}" {why}', 'RFC 3463 §3.7', 'An attachment type or file name MailPace refuses (HTTPS API 400).'),
  domainMismatch: r(550, '5.7.1', 'Message rejected: From domain {fromDomain} does not match the token\'s domain {domain}', 'RFC 3463 §3.8', 'The From header is not on the domain the token belongs to (HTTPS API 403).'),
  dkimNotVerified: r(550, '5.7.1', 'Message rejected: DKIM for {domain} is not verified yet; finish DNS setup in MailPace', 'RFC 3463 §3.8', 'Failure knob "dkim" (HTTPS API 403).'),
  noActivePlan: r(550, '5.7.1', 'Message rejected: your organization has no active plan', 'RFC 3463 §3.8', 'Failure knob "plan" (HTTPS API 403).'),
  organizationDisabled: r(550, '5.7.1', 'Message rejected: sending is disabled for your organization', 'RFC 3463 §3.8', 'Failure knob "disabled" (HTTPS API 403).'),
} as const satisfies Record<string, ReplySpec>;

export type ReplyName = keyof typeof REPLIES;
export type ReplyParams = Record<string, string | number>;

/** A reply ready to send: its catalogue name, and each line's text without CRLF. */
export interface Reply {
  name: ReplyName;
  code: number;
  enhanced: string | null;
  lines: string[];
}

/** Longest echo of peer-supplied text, so a reply stays far below 512 octets. */
const MAX_PARAM_CHARS = 80;

/** Peer text is echoed printable-only and short: never a control character in a reply. */
function sanitizeParam(value: string | number): string {
  const text = String(value).replace(/[\u0000-\u001f\u007f]/g, '?');
  const chars = Array.from(text);
  return chars.length > MAX_PARAM_CHARS ? `${chars.slice(0, MAX_PARAM_CHARS).join('')}…` : text;
}

/** Fills `{placeholders}`; a missing value stays visible so a bug shows in tests. */
function fill(template: string, params: ReplyParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? sanitizeParam(params[key]!) : whole,
  );
}

/**
 * Builds a reply from the catalogue. `extraLines` follow the catalogue text as a
 * multi-line reply (RFC 5321 §4.2.1: `250-…` lines, the last one `250 …`).
 */
export function makeReply(name: ReplyName, params: ReplyParams = {}, extraLines: string[] = []): Reply {
  const spec: ReplySpec = REPLIES[name];
  const prefix = spec.enhanced ? `${spec.enhanced} ` : '';
  const main = fill(spec.text, params);
  const texts = extraLines.length ? [main, ...extraLines] : [main];
  const lines = texts.map((text, i) => {
    const sep = i === texts.length - 1 ? ' ' : '-';
    // Enhanced codes go on every line of a multi-line reply when used (RFC 2034 §4).
    return `${spec.code}${sep}${prefix}${text}`;
  });
  return { name, code: spec.code, enhanced: spec.enhanced, lines };
}

/** Wire form: every line ends with CRLF. */
export function formatReply(reply: Reply): string {
  return reply.lines.map((line) => `${line}\r\n`).join('');
}
