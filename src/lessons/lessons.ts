/**
 * Guided lessons for the terminal. Each lesson starts from a setup the terminal
 * plays for the reader, states its objectives, checks each step against what the
 * session has done (reply names and state, never wording), explains why a step
 * mattered and why a mistake failed, and ends with a recap.
 * Pure data and functions: the island feeds observations in, tests can too.
 */
import { DEFAULT_LIMITS, DEMO_DOMAIN, DEMO_TOKEN } from '../../simulator/config.ts';
import type { MessageRecord, ReplyName } from '../../simulator/index.ts';
import { HEADERS, SEND_API, SMTP } from '../../simulator/mailpace-facts.ts';
import { b64, plainArgument } from '../terminal/encoding.ts';
import { DEFAULT_SCRIPT_CONTEXT, attachmentMessage } from '../terminal/examples.ts';
import type { Lesson, LessonObservation, LessonStep } from './lesson-types.ts';

export type { Lesson, LessonLevel, LessonObservation, LessonStep } from './lesson-types.ts';
export { LEVELS } from './lesson-types.ts';

const HELLO = 'EHLO laptop.example.com';
const PLAIN = `AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`;
const LOGIN_ANSWER = b64(DEMO_TOKEN);
const TLS_HELLO = [HELLO, 'STARTTLS', HELLO];
const OPEN = [...TLS_HELLO, PLAIN];
const FROM = `you@${DEMO_DOMAIN}`;
const ENVELOPE = [`MAIL FROM:<${FROM}>`, 'RCPT TO:<friend@example.net>', 'DATA'];
const message = (...headers: string[]) => [`From: ${FROM}`, 'To: friend@example.net', 'Subject: Hi', ...headers, '', 'Hello!', '.'];

const TAGS_LINE = `${HEADERS.tags}: welcome, onboarding`;
const UNSUBSCRIBE_LINE = `${HEADERS.unsubscribeIn}: <https://example.com/unsubscribe>, <mailto:unsub@example.com>`;
const BLIND = 'boss@example.org';
const AUDIT = 'audit@example.org';
/** The attachment rules, from MailPace's published facts. */
const ONE_DOT = SEND_API.maxDotsInFileName;
const BAD_NAME = 'report.final.pdf';
const GOOD_NAME = 'report.pdf';
const MAX_RCPT = DEFAULT_LIMITS.maxRecipients;
const FILLERS = Array.from({ length: MAX_RCPT - 1 }, (_, i) => `RCPT TO:<reader${i + 1}@example.net>`);

const saw = (o: LessonObservation, reply: ReplyName) => o.replies.includes(reply);
const accepted = (o: LessonObservation): MessageRecord[] => o.records.filter((r) => r.status === 'accepted');
const bodyLines = (r: MessageRecord) => (r.payload.textbody ?? '').split(/\r?\n/);

/** Why common mistakes fail, by reply name. Lessons add their own or override. */
export const COMMON_MISTAKES: Partial<Record<ReplyName, string>> = {
  tlsRequired: 'AUTH or MAIL before STARTTLS: the server will not take your token over plaintext (simulated). Send STARTTLS, then EHLO again.',
  authRequired: 'MAIL before AUTH: only a logged-in API token may send, so the server asks you to log in first.',
  authFailed: 'The login was refused: the username and the password must both be the API token (the demo token here). Use /plain or /login to build the line.',
  badSequence: 'That command is not allowed at this point of the session: the server follows a fixed order (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA).',
  unknownCommand: 'The server did not recognise the command: check its spelling (/help lists the helpers, HELP the commands).',
  syntax: 'The command was understood but its arguments were not: addresses go in angle brackets, as in MAIL FROM:<you@example.com>.',
  badSender: 'The sender address is malformed: write it in angle brackets, as in MAIL FROM:<you@example.com>.',
  badRecipient: 'The recipient address is malformed: write it in angle brackets, as in RCPT TO:<friend@example.net>.',
  domainMismatch: `The From header is not on ${DEMO_DOMAIN}, the domain the demo token sends for: the message was refused after the final dot.`,
  badMessage: 'The message needs From and To headers, then a blank line, then the body.',
};

const hello: LessonStep = {
  goal: 'Introduce yourself with EHLO and read the list of extensions.',
  hint: HELLO,
  why: 'EHLO opens every session: the reply lists what this server supports, so a client knows it may use STARTTLS and AUTH.',
  done: (o) => o.snapshot.heloName !== null,
};
const startTls: LessonStep = {
  goal: 'Upgrade the connection to TLS.',
  hint: 'STARTTLS',
  why: 'From here on, everything, including your token, travels encrypted.',
  done: (o) => o.snapshot.tls,
};
const helloAgain: LessonStep = {
  goal: 'Say EHLO again inside TLS: AUTH now appears in the list.',
  hint: HELLO,
  why: 'TLS starts a fresh session, so the server forgets the first EHLO; the new list now offers AUTH.',
  done: (o) => o.snapshot.tls && o.snapshot.heloName !== null,
};
const logIn: LessonStep = {
  goal: 'Log in with the demo API token. Type /plain with the token to get the AUTH PLAIN argument.',
  hint: `/plain ${DEMO_TOKEN}, then AUTH PLAIN <the printed value>`,
  why: 'The token is both username and password; it also decides which domain you may send from.',
  done: (o) => o.snapshot.authenticated,
};
const sender: LessonStep = {
  goal: 'Start a message: give the envelope sender on the demo domain.',
  hint: `MAIL FROM:<${FROM}>`,
  why: 'MAIL FROM opens a transaction and names where bounces go; it is not the From header readers see.',
  done: (o) => o.snapshot.envelope !== null || accepted(o).length > 0,
};
const recipient: LessonStep = {
  goal: 'Add a recipient.',
  hint: 'RCPT TO:<friend@example.net>',
  why: 'Each RCPT TO adds one envelope recipient: the list the server really delivers to.',
  done: (o) => (o.snapshot.envelope?.rcptTo.length ?? 0) > 0 || accepted(o).length > 0,
};

type LessonInput = Omit<Lesson, 'solution' | 'mistakes'> & { mistakes?: Lesson['mistakes'] };

/** Fills in the solution (setup, then practice) and merges the common mistakes. */
function lesson(input: LessonInput): Lesson {
  return { ...input, mistakes: { ...COMMON_MISTAKES, ...input.mistakes }, solution: [...input.setup, ...input.practice] };
}

const LOGGED_IN = 'The terminal has already said EHLO, upgraded with STARTTLS and logged in with the demo token.';
const AT_DATA = 'The terminal has already logged in, given the envelope (MAIL FROM and RCPT TO) and sent DATA: the server waits for the message.';

export const LESSONS: readonly Lesson[] = [
  lesson({
    id: 'first-send',
    title: 'Your first send',
    summary: 'Connect, encrypt, log in and send one message, one command at a time.',
    level: 'beginner',
    port: SMTP.defaultPort,
    objectives: ['Open an SMTP session and upgrade it to TLS.', 'Log in with an API token.', 'Send one message and end the session.'],
    setup: [],
    startsAt: 'A fresh connection: the server has only sent its greeting.',
    steps: [
      hello,
      startTls,
      helloAgain,
      logIn,
      sender,
      recipient,
      {
        goal: 'Send DATA, then the message: From and To headers, a blank line, a body, and a line with a single dot.',
        hint: 'DATA, then: From: you@example.com / To: friend@example.net / Subject: Hi / (blank line) / Hello! / .',
        why: 'The 250 after the dot means the server took responsibility for the message.',
        done: (o) => accepted(o).length > 0,
      },
      { goal: 'Say goodbye.', hint: 'QUIT', why: 'QUIT ends the session cleanly, so neither side waits on a half-open connection.', done: (o) => saw(o, 'bye') },
    ],
    recap: ['EHLO, STARTTLS, EHLO again, AUTH: the order every client follows on this port.', 'MAIL FROM and RCPT TO are the envelope; the headers after DATA are what readers see.', 'A line with a single dot ends the message; 250 means accepted.'],
    practice: [...OPEN, ...ENVELOPE, ...message(), 'QUIT'],
  }),
  lesson({
    id: 'starttls-and-auth',
    title: 'STARTTLS and AUTH',
    summary: 'See why AUTH is refused before TLS, then log in with AUTH LOGIN.',
    level: 'beginner',
    port: SMTP.defaultPort,
    objectives: ['See the refusal AUTH gets in plaintext.', 'Log in with AUTH LOGIN and its two challenges.'],
    setup: [HELLO],
    startsAt: 'The terminal has already said EHLO in plaintext.',
    steps: [
      {
        goal: 'Try to log in before TLS and read the refusal.',
        hint: 'AUTH LOGIN',
        why: 'The refusal protects your token: it must never cross the network unencrypted.',
        done: (o) => saw(o, 'tlsRequired'),
      },
      startTls,
      helloAgain,
      {
        goal: 'Log in with AUTH LOGIN: answer each 334 challenge with the base64 token (/b64 helps).',
        hint: `AUTH LOGIN, then /b64 ${DEMO_TOKEN} and paste the value twice`,
        why: 'AUTH LOGIN asks for the username, then the password, each in base64; with MailPace both are the token.',
        done: (o) => o.snapshot.authenticated,
      },
    ],
    // Here the refusal is the point of the step, not a mistake.
    mistakes: { tlsRequired: 'That is the refusal this lesson is about: the server wants STARTTLS first (simulated). Now send STARTTLS.' },
    recap: ['On a plaintext port, STARTTLS comes before AUTH.', 'AUTH LOGIN and AUTH PLAIN carry the same token; base64 is an encoding, not encryption.'],
    practice: ['AUTH LOGIN', 'STARTTLS', HELLO, 'AUTH LOGIN', LOGIN_ANSWER, LOGIN_ANSWER],
  }),
  lesson({
    id: 'tags',
    title: 'Tag your emails',
    summary: `Add ${HEADERS.tags} and watch it become the tags field of the API payload.`,
    level: 'intermediate',
    port: SMTP.defaultPort,
    objectives: [`Add ${HEADERS.tags} to a message.`, 'Find the tags in the API payload the inspector shows.'],
    setup: [...OPEN, ...ENVELOPE],
    startsAt: AT_DATA,
    steps: [
      {
        goal: `Type the message with the header ${TAGS_LINE}, then end it with a single dot.`,
        hint: `From: ${FROM} / To: friend@example.net / Subject: Hi / ${TAGS_LINE} / (blank line) / Hello! / .`,
        why: 'MailPace reads the header, turns it into the tags field and does not pass it on to the recipient.',
        done: (o) => accepted(o).some((r) => (r.payload.tags?.length ?? 0) >= 2),
      },
    ],
    recap: [`One ${HEADERS.tags} header holds one tag or a comma-separated list.`, 'Tags group sends on the dashboard; recipients never see them.'],
    practice: message(TAGS_LINE),
  }),
  lesson({
    id: 'unsubscribe',
    title: 'Add an unsubscribe link',
    // Only the header MailPace documents: no List-Unsubscribe-Post step, since MailPace
    // publishes nothing about one-click unsubscribe over SMTP.
    summary: `Use ${HEADERS.unsubscribeIn} and see it become the list_unsubscribe field, sent on as ${HEADERS.unsubscribeOut}.`,
    level: 'intermediate',
    port: SMTP.defaultPort,
    objectives: [`Add ${HEADERS.unsubscribeIn} with a web and a mail address.`, 'See it become the list_unsubscribe field.'],
    setup: [...OPEN, ...ENVELOPE],
    startsAt: AT_DATA,
    steps: [
      {
        goal: `Type the message with ${UNSUBSCRIBE_LINE}, then end it with a single dot.`,
        hint: `In the headers add the line ${UNSUBSCRIBE_LINE}`,
        why: `MailPace turns the header into list_unsubscribe and sends it on as ${HEADERS.unsubscribeOut}, so mail apps can show their own unsubscribe button.`,
        done: (o) => accepted(o).some((r) => r.payload.list_unsubscribe?.includes('https://') ?? false),
      },
    ],
    recap: [`Set ${HEADERS.unsubscribeIn}; recipients get ${HEADERS.unsubscribeOut}.`, 'Give each address in angle brackets, separated by commas.'],
    practice: message(UNSUBSCRIBE_LINE),
  }),
  lesson({
    id: 'reading-errors',
    title: 'Reading errors',
    summary: 'Cause three classic failures on purpose and learn what each reply tells you.',
    level: 'intermediate',
    port: SMTP.defaultPort,
    objectives: ['Tell a missing login (530) from a refused one (535).', 'See a message refused after the final dot.'],
    setup: TLS_HELLO,
    startsAt: 'The terminal has already said EHLO, upgraded with STARTTLS and said EHLO again. You are not logged in.',
    steps: [
      {
        goal: 'Send MAIL before logging in and read the 530.',
        hint: `MAIL FROM:<${FROM}>`,
        why: 'A 530 means "log in first": nothing is wrong with the address.',
        done: (o) => saw(o, 'authRequired'),
      },
      {
        goal: 'Log in with a wrong token and read the 535.',
        hint: `AUTH PLAIN ${plainArgument('wrong')}`,
        why: 'A 535 means the credentials were checked and refused: fix the token, do not retry it.',
        done: (o) => saw(o, 'authFailed'),
      },
      logIn,
      {
        goal: 'Send a message whose From is not on example.com, and read why it was refused.',
        hint: `MAIL FROM:<${FROM}>, RCPT TO:<friend@example.net>, DATA, then From: you@other.example …`,
        why: 'The check runs on the whole message, so the refusal only comes after the final dot.',
        done: (o) => saw(o, 'domainMismatch'),
      },
    ],
    mistakes: {
      authRequired: 'That is the 530 this step asks for: the server wants a login before any MAIL.',
      authFailed: 'That is the 535: the token was checked and refused. Log in with the demo token next.',
      domainMismatch: 'That is the refusal: the token sends for example.com only, and the From header named another domain.',
    },
    recap: ['530: you did not log in yet. 535: the login was refused.', 'Refusals about the content come after the final dot, with a 550.'],
    practice: [`MAIL FROM:<${FROM}>`, `AUTH PLAIN ${plainArgument('wrong')}`, PLAIN, ...ENVELOPE, 'From: you@other.example', 'To: friend@example.net', 'Subject: Hi', '', 'Hello!', '.'],
  }),
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
        hint: HELLO,
        why: 'The connection is already encrypted, so the server offers AUTH at once and does not offer STARTTLS.',
        done: (o) => o.snapshot.tls && o.snapshot.heloName !== null,
      },
      {
        goal: 'Send STARTTLS anyway and read the refusal.',
        hint: 'STARTTLS',
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
        hint: `MAIL FROM:<${FROM}>, RCPT TO:<friend@example.net>, RCPT TO:<${BLIND}>`,
        why: 'The envelope is the delivery list; the server has not seen any headers yet.',
        done: (o) => (o.snapshot.envelope?.rcptTo.length ?? 0) >= 2 || accepted(o).some((r) => r.envelope.rcpt_to.length >= 2),
      },
      {
        goal: `Send DATA and a message whose To header names only friend@example.net, then open the inspector.`,
        hint: `DATA, then From: ${FROM} / To: friend@example.net / Subject: Hi / (blank line) / Hello! / .`,
        why: `${BLIND} is in the envelope but no header names it: it becomes a blind copy, the bcc field of the payload (simulated).`,
        done: (o) => accepted(o).some((r) => r.payload.bcc?.includes(BLIND) ?? false),
      },
      {
        goal: `Send a second message to friend@example.net only, with a header Bcc: ${AUDIT}.`,
        hint: `MAIL FROM:<${FROM}>, RCPT TO:<friend@example.net>, DATA, then the headers with Bcc: ${AUDIT}, a blank line, a body and .`,
        why: 'Over SMTP a Bcc header alone delivers nothing; here it still becomes the bcc field, which the inspector warns about (simulated).',
        done: (o) => accepted(o).some((r) => (r.payload.bcc?.includes(AUDIT) ?? false) && !r.envelope.rcpt_to.includes(AUDIT)),
      },
    ],
    recap: ['RCPT TO is the delivery list; To and Cc are what readers see.', 'An envelope recipient no header names is a blind copy.', 'Most libraries turn a Bcc field into RCPT TO lines and drop the header: let them.'],
    practice: [
      `MAIL FROM:<${FROM}>`, 'RCPT TO:<friend@example.net>', `RCPT TO:<${BLIND}>`, 'DATA', ...message(),
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
    setup: [...OPEN, `MAIL FROM:<hello@${DEMO_DOMAIN}>`, 'RCPT TO:<someone@example.net>', 'DATA', ...attachmentMessage(DEFAULT_SCRIPT_CONTEXT, BAD_NAME, 'application/pdf').slice(0, -1)],
    startsAt: `The terminal has logged in and typed a whole multipart message carrying ${BAD_NAME}; only the final dot is missing.`,
    steps: [
      {
        goal: 'Read the message above, then end it with a line holding a single dot.',
        hint: '.',
        why: `The file name has ${BAD_NAME.split('.').length - 1} dots; MailPace allows at most ${ONE_DOT}, whatever the extension.`,
        done: (o) => saw(o, 'blockedAttachment'),
      },
      {
        goal: `Send the same message again with the file named ${GOOD_NAME}.`,
        hint: `MAIL FROM:<hello@${DEMO_DOMAIN}>, RCPT TO:<someone@example.net>, DATA, then the lines above with ${GOOD_NAME}, and .`,
        why: `pdf is on MailPace's list of allowed extensions and the name has one dot, so the attachment reaches the payload.`,
        done: (o) => accepted(o).some((r) => (r.payload.attachments?.length ?? 0) > 0),
      },
    ],
    mistakes: { blockedAttachment: `Refused for the file name: the extension must be one MailPace allows (${SEND_API.attachmentExtensions.join(', ')}) and the name may have at most ${ONE_DOT} dot.` },
    recap: ['multipart/mixed holds a text part and one part per file, split by the boundary line.', `Allowed extensions: ${SEND_API.attachmentExtensions.join(', ')}.`, `At most ${ONE_DOT} dot in a file name: rename report.final.pdf to report-final.pdf.`],
    practice: ['.', `MAIL FROM:<hello@${DEMO_DOMAIN}>`, 'RCPT TO:<someone@example.net>', 'DATA', ...attachmentMessage(DEFAULT_SCRIPT_CONTEXT, GOOD_NAME, 'application/pdf')],
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
        hint: `From: ${FROM} / To: friend@example.net / Subject: Dots / (blank line) / ..hidden / .`,
        why: 'The server removes the first dot of a line that starts with one: the stored body reads .hidden. Without the extra dot it would read hidden.',
        done: (o) => accepted(o).some((r) => bodyLines(r).some((l) => /^\.[^.]/.test(l))),
      },
      {
        goal: 'Start a new message and put a line that is just two dots inside the body, then end it with a single dot.',
        hint: `MAIL FROM:<${FROM}>, RCPT TO:<friend@example.net>, DATA, headers, blank line, .., then .`,
        why: 'Two dots stay in the message as one dot; only a line holding exactly one dot ends it. Libraries do this for you: never strip or add dots yourself.',
        done: (o) => accepted(o).some((r) => bodyLines(r).includes('.')),
      },
    ],
    recap: ['A line holding a single dot ends DATA.', 'A client doubles the leading dot of any line; the server removes one (RFC 5321 §4.5.2).'],
    practice: [
      `From: ${FROM}`, 'To: friend@example.net', 'Subject: Dots', '', '..hidden', '.',
      ...ENVELOPE, `From: ${FROM}`, 'To: friend@example.net', 'Subject: Dots', '', 'Above', '..', 'Below', '.',
    ],
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
        hint: 'RCPT TO:<blocked@example.net>',
        why: 'A 550 is permanent: sending the same thing again gets the same answer. Remove the address; never retry it.',
        done: (o) => saw(o, 'blockedRecipient'),
      },
      {
        goal: 'Add two more recipients: the first fills the last place, the second gets a 452.',
        hint: 'RCPT TO:<last@example.net>, then RCPT TO:<late@example.net>',
        why: 'A 452 is temporary: this message is full, not the address. Send it to late@example.net in a new transaction.',
        done: (o) => saw(o, 'tooManyRecipients'),
      },
      {
        goal: 'Send the message anyway: DATA, the headers, a body and a single dot.',
        hint: `DATA, then From: ${FROM} / To: friend@example.net / Subject: Hi / (blank line) / Hello! / .`,
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
        goal: 'Log in with AUTH LOGIN, as most libraries do: the token as username and as password (/login helps).',
        hint: 'AUTH LOGIN, then /login twice',
        why: 'Your app logs in the same way: if it fails here, check the username and password settings hold the token.',
        done: (o) => o.snapshot.authenticated,
      },
      {
        goal: 'Send a message with the headers your app sends: From on example.com, To, Subject and a Message-ID.',
        hint: `MAIL FROM:<${FROM}>, RCPT TO:<friend@example.net>, DATA, then the headers with Message-ID: <1@laptop.example.com>, a body and .`,
        why: 'The inspector now shows the API payload MailPace would build: the same record the sandbox prints as JSON.',
        done: (o) => accepted(o).length > 0,
      },
      { goal: 'End the session with QUIT, as your library does after each send or batch.', hint: 'QUIT', why: 'A clean QUIT is what the sandbox expects between sends too.', done: (o) => saw(o, 'bye') },
    ],
    recap: ['The browser cannot reach your app: the real check is the sandbox on your machine.', 'Point the app at 127.0.0.1 on one of the two ports the sandbox prints at start, with the token it prints.', 'Read each message\'s JSON record: status, payload, dropped headers and warnings.'],
    practice: ['AUTH LOGIN', LOGIN_ANSWER, LOGIN_ANSWER, ...ENVELOPE, ...message('Message-ID: <1@laptop.example.com>'), 'QUIT'],
  }),
];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** What a terminal view shows, read as a lesson observation: names and state, never reply text. */
export function observationOf(view: {
  session: LessonObservation['snapshot'] | null;
  entries: readonly { reply?: ReplyName }[];
  messages: readonly { record: MessageRecord }[];
}): LessonObservation | null {
  if (!view.session) return null;
  return {
    snapshot: view.session,
    replies: view.entries.flatMap((e) => (e.reply ? [e.reply] : [])),
    records: view.messages.map((m) => m.record),
  };
}

/** How many steps are done: steps complete in order, each checked against everything so far. */
export function completedSteps(lesson: Lesson, o: LessonObservation, alreadyDone = 0): number {
  let n = Math.min(alreadyDone, lesson.steps.length);
  while (n < lesson.steps.length && lesson.steps[n]!.done(o)) n++;
  return n;
}

/** Why the last reply was a mistake, when the lesson (or the common list) explains it. */
export function feedbackFor(lesson: Lesson, lastReply: ReplyName | null | undefined): string | null {
  return lastReply ? (lesson.mistakes[lastReply] ?? null) : null;
}
