/**
 * The first five lessons: a first send, STARTTLS and AUTH, tags, unsubscribe, and
 * reading the errors a session can get.
 */
import { HEADERS, SMTP } from '../../simulator/mailpace-facts.ts';
import { plainArgument } from '../terminal/encoding.ts';
import { AUTH_LOGIN_KEYS, helperThenSend, press, typeLine, typeLines } from './keystrokes.ts';
import type { Lesson } from './lesson-types.ts';
import { HELLO, PLAIN, LOGIN_ANSWER, TLS_HELLO, OPEN, FROM, ENVELOPE, message, saw, accepted, hello, startTls, helloAgain, logIn, sender, recipient, lesson, sendMessage, AT_DATA } from './lesson-kit.ts';

const TAGS_LINE = `${HEADERS.tags}: welcome, onboarding`;
const UNSUBSCRIBE_LINE = `${HEADERS.unsubscribeIn}: <https://example.com/unsubscribe>, <mailto:unsub@example.com>`;
const WRONG_TOKEN = 'wrong';
const OTHER_DOMAIN_MESSAGE = ['From: you@other.example', 'To: friend@example.net', 'Subject: Hi', '', 'Hello!', '.'];

export const ESSENTIAL_LESSONS: readonly Lesson[] = [
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
        keys: [typeLine('DATA', 'the server answers 354 and reads the message'), typeLines(message())],
        needs: 'recipient',
        why: 'The 250 after the dot means the server took responsibility for the message.',
        done: (o) => accepted(o).length > 0,
      },
      { goal: 'Say goodbye.', keys: [typeLine('QUIT')], needs: 'greeted', why: 'QUIT ends the session cleanly, so neither side waits on a half-open connection.', done: (o) => saw(o, 'bye') },
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
        keys: [typeLine('AUTH LOGIN')],
        needs: 'plaintext',
        why: 'The refusal protects your token: it must never cross the network unencrypted.',
        done: (o) => saw(o, 'tlsRequired'),
      },
      startTls,
      helloAgain,
      {
        goal: 'Log in with AUTH LOGIN: answer each 334 challenge with the token in base64, which /login builds.',
        keys: AUTH_LOGIN_KEYS,
        needs: 'secure',
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
        keys: [typeLines(message(TAGS_LINE))],
        needs: 'message',
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
        keys: [typeLines(message(UNSUBSCRIBE_LINE))],
        needs: 'message',
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
        keys: [typeLine(`MAIL FROM:<${FROM}>`)],
        needs: 'secure',
        why: 'A 530 means "log in first": nothing is wrong with the address.',
        done: (o) => saw(o, 'authRequired'),
      },
      {
        goal: 'Log in with a wrong token and read the 535: /plain builds the AUTH PLAIN line for any token you give it.',
        keys: helperThenSend(`/plain ${WRONG_TOKEN}`, `the AUTH PLAIN line for the token "${WRONG_TOKEN}"`),
        needs: 'secure',
        why: 'A 535 means the credentials were checked and refused: fix the token, do not retry it.',
        done: (o) => saw(o, 'authFailed'),
      },
      logIn,
      {
        goal: 'Send a message whose From is not on example.com, and read why it was refused.',
        keys: sendMessage(OTHER_DOMAIN_MESSAGE),
        needs: 'logged-in',
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
    practice: [`MAIL FROM:<${FROM}>`, `AUTH PLAIN ${plainArgument(WRONG_TOKEN)}`, PLAIN, ...ENVELOPE, ...OTHER_DOMAIN_MESSAGE],
  }),
];
