/**
 * Lessons that go deeper: TLS from the first byte, envelope against header
 * recipients, MIME and attachments, dot-stuffing, when to retry, and pointing a
 * real app at the sandbox.
 */
import { DEFAULT_LIMITS, DEMO_DOMAIN } from '../../simulator/config.ts';
import type { MessageRecord } from '../../simulator/index.ts';
import { SEND_API, SMTP } from '../../simulator/mailpace-facts.ts';
import { DEFAULT_SCRIPT_CONTEXT, attachmentMessage } from '../terminal/examples.ts';
import { AUTH_LOGIN_KEYS, helperThenSend, press, typeLine, typeLines } from './keystrokes.ts';
import type { Lesson } from './lesson-types.ts';
import { HELLO, PLAIN, LOGIN_ANSWER, TLS_HELLO, OPEN, FROM, ENVELOPE, message, saw, accepted, logIn, lesson, sendMessage, AT_DATA } from './lesson-kit.ts';

const BLIND = 'boss@example.org';
const AUDIT = 'audit@example.org';
/** The attachment rules, from MailPace's published facts. */
const ONE_DOT = SEND_API.maxDotsInFileName;
const BAD_NAME = 'report.final.pdf';
const GOOD_NAME = 'report.pdf';
const MAX_RCPT = DEFAULT_LIMITS.maxRecipients;
const FILLERS = Array.from({ length: MAX_RCPT - 1 }, (_, i) => `RCPT TO:<reader${i + 1}@example.net>`);
const bodyLines = (r: MessageRecord) => (r.payload.textbody ?? '').split(/\r?\n/);
const TWO_RECIPIENTS = [`MAIL FROM:<${FROM}>`, 'RCPT TO:<friend@example.net>', `RCPT TO:<${BLIND}>`];
const MIME_ENVELOPE = [`MAIL FROM:<hello@${DEMO_DOMAIN}>`, 'RCPT TO:<someone@example.net>', 'DATA'];
const GOOD_MESSAGE = attachmentMessage(DEFAULT_SCRIPT_CONTEXT, GOOD_NAME, 'application/pdf');
const DOTS_HEADERS = [`From: ${FROM}`, 'To: friend@example.net', 'Subject: Dots', ''];
const HIDDEN_MESSAGE = [...DOTS_HEADERS, '..hidden', '.'];
const TWO_DOTS_MESSAGE = [...DOTS_HEADERS, 'Above', '..', 'Below', '.'];
const APP_MESSAGE = message('Message-ID: <1@laptop.example.com>');
const LOGGED_IN = 'The terminal has already said EHLO, upgraded with STARTTLS and logged in with the demo token.';

export const DEEPER_LESSONS: readonly Lesson[] = [
  lesson({
    id: 'implicit-tls',
    title: `TLS from the first byte on ${SMTP.implicitTlsPort}`,
    summary: `On port ${SMTP.implicitTlsPort} TLS starts before the greeting: no STARTTLS, log in straight after EHLO.`,
    level: 'beginner',
    port: SMTP.implicitTlsPort,
    objectives: [`See that port ${SMTP.implicitTlsPort} is encrypted from the start.`, 'See why STARTTLS is refused there.', 'Log in straight after EHLO.'],
    setup: [],
    startsAt: `A fresh connection on port ${SMTP.implicitTlsPort}: TLS was set up before the greeting.`,
    steps: [
      {
        goal: 'Say EHLO and look for AUTH in the list: it is there already.',
        keys: [typeLine(HELLO)],
        needs: 'greeted',
        why: 'The connection is already encrypted, so the server offers AUTH at once and does not offer STARTTLS.',
        done: (o) => o.snapshot.tls && o.snapshot.heloName !== null,
      },
      {
        goal: 'Send STARTTLS anyway and read the refusal.',
        keys: [typeLine('STARTTLS')],
        needs: 'hello',
        why: 'A client set to STARTTLS on this port fails exactly here: pick "TLS" or "SSL" mode for this port in your settings.',
        done: (o) => saw(o, 'startTlsOnTlsPort'),
      },
      { ...logIn, why: 'No upgrade step was needed: the token travelled encrypted from the first byte.' },
    ],
    mistakes: { startTlsOnTlsPort: 'STARTTLS upgrades a plaintext connection; this one is TLS already, so there is nothing to upgrade.' },
    recap: [`Port ${SMTP.implicitTlsPort}: TLS first, then the greeting, then EHLO and AUTH.`, `Ports ${SMTP.ports.filter((p) => p.tls === 'starttls').map((p) => p.port).join(', ')}: plaintext first, then STARTTLS.`, 'Mixing the two modes is the most common connection failure: the client waits for a greeting that never comes.'],
    practice: [HELLO, 'STARTTLS', PLAIN],
  }),
  lesson({
    id: 'envelope-and-bcc',
    title: 'Envelope recipients, header recipients and Bcc',
    summary: 'RCPT TO decides who receives a message; To, Cc and Bcc headers only describe it.',
    level: 'intermediate',
    port: SMTP.defaultPort,
    objectives: ['Send to a recipient the headers do not name.', 'See where that address ends up in the API payload.', 'See what a Bcc header does.'],
    setup: OPEN,
    startsAt: LOGGED_IN,
    steps: [
      {
        goal: `Give the sender, then two envelope recipients: friend@example.net and ${BLIND}.`,
        keys: TWO_RECIPIENTS.map((l) => typeLine(l)),
        needs: 'logged-in',
        why: 'The envelope is the delivery list; the server has not seen any headers yet.',
        done: (o) => (o.snapshot.envelope?.rcptTo.length ?? 0) >= 2 || accepted(o).some((r) => r.envelope.rcpt_to.length >= 2),
      },
      {
        goal: `Send DATA and a message whose To header names only friend@example.net, then look at the bcc field in the message inspector.`,
        keys: [typeLine('DATA', 'the server answers 354 and reads the message'), typeLines(message())],
        needs: 'recipient',
        why: `${BLIND} is in the envelope but no header names it: it becomes a blind copy, the bcc field of the payload (simulated).`,
        done: (o) => accepted(o).some((r) => r.payload.bcc?.includes(BLIND) ?? false),
      },
      {
        goal: `Send a second message to friend@example.net only, with a header Bcc: ${AUDIT}.`,
        keys: sendMessage(message(`Bcc: ${AUDIT}`)),
        needs: 'logged-in',
        why: 'Over SMTP a Bcc header alone delivers nothing; here it still becomes the bcc field, which the inspector warns about (simulated).',
        done: (o) => accepted(o).some((r) => (r.payload.bcc?.includes(AUDIT) ?? false) && !r.envelope.rcpt_to.includes(AUDIT)),
      },
    ],
    recap: ['RCPT TO is the delivery list; To and Cc are what readers see.', 'An envelope recipient no header names is a blind copy.', 'Most libraries turn a Bcc field into RCPT TO lines and drop the header: let them.'],
    practice: [
      ...TWO_RECIPIENTS, 'DATA', ...message(),
      ...ENVELOPE, ...message(`Bcc: ${AUDIT}`),
    ],
  }),
  lesson({
    id: 'mime-attachments',
    title: 'MIME and the attachment rules',
    summary: `A multipart message with a file, and MailPace's rules for file names: a known extension and at most ${ONE_DOT} dot.`,
    level: 'advanced',
    port: SMTP.defaultPort,
    objectives: ['Read a multipart/mixed message: parts, boundary, base64.', `See why a name with more than ${ONE_DOT} dot is refused.`, 'Send a file MailPace accepts.'],
    setup: [...OPEN, ...MIME_ENVELOPE, ...attachmentMessage(DEFAULT_SCRIPT_CONTEXT, BAD_NAME, 'application/pdf').slice(0, -1)],
    startsAt: `The terminal has logged in and typed a whole multipart message carrying ${BAD_NAME}; only the final dot is missing.`,
    steps: [
      {
        goal: 'Read the message above, then end it with a line holding a single dot.',
        keys: [typeLine('.')],
        needs: 'message',
        why: `The file name has ${BAD_NAME.split('.').length - 1} dots; MailPace allows at most ${ONE_DOT}, whatever the extension.`,
        done: (o) => saw(o, 'blockedAttachment'),
      },
      {
        goal: `Send the same message again with the file named ${GOOD_NAME}.`,
        keys: sendMessage(GOOD_MESSAGE, MIME_ENVELOPE),
        needs: 'logged-in',
        why: `pdf is on MailPace's list of allowed extensions and the name has one dot, so the attachment reaches the payload.`,
        done: (o) => accepted(o).some((r) => (r.payload.attachments?.length ?? 0) > 0),
      },
    ],
    mistakes: { blockedAttachment: `Refused for the file name: the extension must be one MailPace allows (${SEND_API.attachmentExtensions.join(', ')}) and the name may have at most ${ONE_DOT} dot.` },
    recap: ['multipart/mixed holds a text part and one part per file, split by the boundary line.', `Allowed extensions: ${SEND_API.attachmentExtensions.join(', ')}.`, `At most ${ONE_DOT} dot in a file name: rename report.final.pdf to report-final.pdf.`],
    practice: ['.', ...MIME_ENVELOPE, ...GOOD_MESSAGE],
  }),
  lesson({
    id: 'dot-stuffing',
    title: 'Dot-stuffing',
    summary: 'A line with a single dot ends the message, so a line that starts with a dot gets a second one.',
    level: 'intermediate',
    port: SMTP.defaultPort,
    objectives: ['Send a body line that starts with a dot.', 'Send a line that is just a dot, inside the message.'],
    setup: [...OPEN, ...ENVELOPE],
    startsAt: AT_DATA,
    steps: [
      {
        goal: 'Type the headers, a blank line, then the body line ..hidden (two dots), and end with a single dot.',
        keys: [typeLines(HIDDEN_MESSAGE)],
        needs: 'message',
        why: 'The server removes the first dot of a line that starts with one: the stored body reads .hidden. Without the extra dot it would read hidden.',
        done: (o) => accepted(o).some((r) => bodyLines(r).some((l) => /^\.[^.]/.test(l))),
      },
      {
        goal: 'Start a new message and put a line that is just two dots inside the body, then end it with a single dot.',
        keys: sendMessage(TWO_DOTS_MESSAGE),
        needs: 'logged-in',
        why: 'Two dots stay in the message as one dot; only a line holding exactly one dot ends it. Libraries do this for you: never strip or add dots yourself.',
        done: (o) => accepted(o).some((r) => bodyLines(r).includes('.')),
      },
    ],
    recap: ['A line holding a single dot ends DATA.', 'A client doubles the leading dot of any line; the server removes one (RFC 5321 §4.5.2).'],
    practice: [...HIDDEN_MESSAGE, ...ENVELOPE, ...TWO_DOTS_MESSAGE],
  }),
  lesson({
    id: 'retry-or-not',
    title: '4xx or 5xx: when to retry',
    summary: 'A 4xx says "not now", a 5xx says "not like this". Meet one of each at RCPT TO, then send to the rest.',
    level: 'advanced',
    port: SMTP.defaultPort,
    objectives: ['Tell a temporary refusal (4xx) from a permanent one (5xx).', 'See that one refused recipient does not stop the others.', 'Know which refusals to retry.'],
    setup: [...OPEN, `MAIL FROM:<${FROM}>`, ...FILLERS],
    startsAt: `The terminal has logged in and added ${MAX_RCPT - 1} envelope recipients; the simulator takes at most ${MAX_RCPT} per message (simulated).`,
    steps: [
      {
        goal: 'Add blocked@example.net, an address on this account\'s blocked list.',
        keys: [typeLine('RCPT TO:<blocked@example.net>')],
        needs: 'sender',
        why: 'A 550 is permanent: sending the same thing again gets the same answer. Remove the address; never retry it.',
        done: (o) => saw(o, 'blockedRecipient'),
      },
      {
        goal: 'Add two more recipients: the first fills the last place, the second gets a 452.',
        keys: [typeLine('RCPT TO:<last@example.net>'), typeLine('RCPT TO:<late@example.net>')],
        needs: 'sender',
        why: 'A 452 is temporary: this message is full, not the address. Send it to late@example.net in a new transaction.',
        done: (o) => saw(o, 'tooManyRecipients'),
      },
      {
        goal: 'Send the message anyway: DATA, the headers, a body and a single dot.',
        keys: [typeLine('DATA', 'the server answers 354 and reads the message'), typeLines(message())],
        needs: 'recipient',
        why: `The ${MAX_RCPT} accepted recipients get the message; the refused ones never were part of it.`,
        done: (o) => accepted(o).length > 0,
      },
    ],
    mistakes: {
      blockedRecipient: 'A 5xx: permanent. The address is blocked for this account; retrying cannot change that.',
      tooManyRecipients: 'A 4xx: temporary. Keep the address and send it in another transaction.',
      rateLimited: 'A 4xx: temporary. Wait, then retry with a growing delay.',
    },
    recap: ['4xx: keep the message and retry later, with a growing delay (rate limits answer 451).', '5xx: fix the cause first; a retry gets the same answer.', 'Refusals at RCPT TO are per recipient; after the final dot they cover the whole message.'],
    practice: ['RCPT TO:<blocked@example.net>', 'RCPT TO:<last@example.net>', 'RCPT TO:<late@example.net>', 'DATA', ...message()],
  }),
  lesson({
    id: 'your-app',
    title: 'Point your own app at the sandbox',
    summary: 'Rehearse here what your app\'s mail library does, then run the same session against the local sandbox.',
    level: 'advanced',
    port: SMTP.defaultPort,
    objectives: ['Log in the way most libraries do (AUTH LOGIN).', 'Send the headers your app sends.', 'Know what to check in the sandbox output.'],
    setup: TLS_HELLO,
    startsAt: 'The terminal has already said EHLO, upgraded with STARTTLS and said EHLO again, as your library will.',
    steps: [
      {
        goal: 'Log in with AUTH LOGIN, as most libraries do: the token as username and as password, in base64, which /login builds.',
        keys: AUTH_LOGIN_KEYS,
        needs: 'secure',
        why: 'Your app logs in the same way: if it fails here, check the username and password settings hold the token.',
        done: (o) => o.snapshot.authenticated,
      },
      {
        goal: 'Send a message with the headers your app sends: From on example.com, To, Subject and a Message-ID.',
        keys: sendMessage(APP_MESSAGE),
        needs: 'logged-in',
        why: 'The inspector now shows the API payload MailPace would build: the same record the sandbox prints as JSON.',
        done: (o) => accepted(o).length > 0,
      },
      { goal: 'End the session with QUIT, as your library does after each send or batch.', keys: [typeLine('QUIT')], needs: 'greeted', why: 'A clean QUIT is what the sandbox expects between sends too.', done: (o) => saw(o, 'bye') },
    ],
    recap: ['The browser cannot reach your app: the real check is the sandbox on your machine.', 'Point the app at 127.0.0.1 on one of the two ports the sandbox prints at start, with the token it prints.', 'Read each message\'s JSON record: status, payload, dropped headers and warnings.'],
    practice: ['AUTH LOGIN', LOGIN_ANSWER, LOGIN_ANSWER, ...ENVELOPE, ...APP_MESSAGE, 'QUIT'],
  }),
];
