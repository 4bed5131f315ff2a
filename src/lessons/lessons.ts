/**
 * Guided lessons for the terminal. Each step states a goal and a check that reads
 * what the session has done so far; the lesson moves on when the check passes.
 * Pure data and functions: the island feeds observations in, tests can too.
 */
import { DEMO_TOKEN } from '../../simulator/config.ts';
import type { MessageRecord, ReplyName, SessionSnapshot } from '../../simulator/index.ts';
import { HEADERS, SMTP } from '../../simulator/mailpace-facts.ts';
import type { Port } from '../terminal/ports.ts';
import { b64, plainArgument } from '../terminal/encoding.ts';

/** What a step's check may look at: the live session and everything it said. */
export interface LessonObservation {
  snapshot: Pick<SessionSnapshot, 'state' | 'tls' | 'authenticated' | 'heloName' | 'envelope'>;
  /** The catalogue name of every server reply so far, oldest first: checks match names, never wording. */
  replies: readonly ReplyName[];
  /** Every finished message's record so far. */
  records: readonly MessageRecord[];
}

export interface LessonStep {
  goal: string;
  /** What to type if stuck; shown on request. */
  hint: string;
  done: (o: LessonObservation) => boolean;
}

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  port: Port;
  steps: LessonStep[];
  /** Lines a reader could type to finish the lesson; the tests type exactly these. */
  solution: string[];
}

const PLAIN = `AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`;
const LOGIN_ANSWER = b64(DEMO_TOKEN);
const OPEN = ['EHLO laptop.example.com', 'STARTTLS', 'EHLO laptop.example.com', PLAIN];
const ENVELOPE = ['MAIL FROM:<you@example.com>', 'RCPT TO:<friend@example.net>', 'DATA'];
const message = (...headers: string[]) => ['From: you@example.com', 'To: friend@example.net', 'Subject: Hi', ...headers, '', 'Hello!', '.'];

const TAGS_LINE = `${HEADERS.tags}: welcome, onboarding`;
const UNSUBSCRIBE_LINE = `${HEADERS.unsubscribeIn}: <https://example.com/unsubscribe>, <mailto:unsub@example.com>`;

const saw = (o: LessonObservation, reply: ReplyName) => o.replies.includes(reply);
const accepted = (o: LessonObservation) => o.records.filter((r) => r.status === 'accepted');

const hello: LessonStep = {
  goal: 'Introduce yourself with EHLO and read the list of extensions.',
  hint: 'EHLO laptop.example.com',
  done: (o) => o.snapshot.heloName !== null,
};
const startTls: LessonStep = {
  goal: 'Upgrade the connection to TLS.',
  hint: 'STARTTLS',
  done: (o) => o.snapshot.tls,
};
const helloAgain: LessonStep = {
  goal: 'Say EHLO again inside TLS: AUTH now appears in the list.',
  hint: 'EHLO laptop.example.com',
  done: (o) => o.snapshot.tls && o.snapshot.heloName !== null,
};
const logIn: LessonStep = {
  goal: 'Log in with the demo API token. Type /plain with the token to get the AUTH PLAIN argument.',
  hint: `/plain ${DEMO_TOKEN}, then AUTH PLAIN <the printed value>`,
  done: (o) => o.snapshot.authenticated,
};
const sender: LessonStep = {
  goal: 'Start a message: give the envelope sender on the demo domain.',
  hint: 'MAIL FROM:<you@example.com>',
  done: (o) => o.snapshot.envelope !== null || accepted(o).length > 0,
};
const recipient: LessonStep = {
  goal: 'Add a recipient.',
  hint: 'RCPT TO:<friend@example.net>',
  done: (o) => (o.snapshot.envelope?.rcptTo.length ?? 0) > 0 || accepted(o).length > 0,
};

export const LESSONS: readonly Lesson[] = [
  {
    id: 'first-send',
    title: 'Your first send',
    summary: 'Connect, encrypt, log in and send one message, one command at a time.',
    port: SMTP.defaultPort,
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
        done: (o) => accepted(o).length > 0,
      },
      { goal: 'Say goodbye.', hint: 'QUIT', done: (o) => saw(o, 'bye') },
    ],
    solution: [...OPEN, ...ENVELOPE, ...message(), 'QUIT'],
  },
  {
    id: 'starttls-and-auth',
    title: 'STARTTLS and AUTH',
    summary: 'See why AUTH is refused before TLS, then log in both ways: PLAIN and LOGIN.',
    port: SMTP.defaultPort,
    steps: [
      hello,
      {
        goal: 'Try to log in before TLS and read the refusal.',
        hint: 'AUTH LOGIN',
        done: (o) => saw(o, 'tlsRequired'),
      },
      startTls,
      helloAgain,
      {
        goal: 'Log in with AUTH LOGIN: answer each 334 challenge with the base64 token (/b64 helps).',
        hint: `AUTH LOGIN, then /b64 ${DEMO_TOKEN} and paste the value twice`,
        done: (o) => o.snapshot.authenticated,
      },
    ],
    solution: ['EHLO laptop.example.com', 'AUTH LOGIN', 'STARTTLS', 'EHLO laptop.example.com', 'AUTH LOGIN', LOGIN_ANSWER, LOGIN_ANSWER],
  },
  {
    id: 'tags',
    title: 'Tag your emails',
    summary: `Add ${HEADERS.tags} and watch it become the tags field of the API payload.`,
    port: SMTP.defaultPort,
    steps: [
      hello, startTls, helloAgain, logIn, sender, recipient,
      {
        goal: `Send a message with the header ${TAGS_LINE}.`,
        hint: `In DATA add the line ${TAGS_LINE} among the headers`,
        done: (o) => accepted(o).some((r) => (r.payload.tags?.length ?? 0) >= 2),
      },
    ],
    solution: [...OPEN, ...ENVELOPE, ...message(TAGS_LINE)],
  },
  {
    id: 'unsubscribe',
    title: 'Add an unsubscribe link',
    // Only the header MailPace documents: no List-Unsubscribe-Post step, since MailPace
    // publishes nothing about one-click unsubscribe over SMTP.
    summary: `Use ${HEADERS.unsubscribeIn} and see it become the list_unsubscribe field, sent on as ${HEADERS.unsubscribeOut}.`,
    port: SMTP.defaultPort,
    steps: [
      hello, startTls, helloAgain, logIn, sender, recipient,
      {
        goal: `Send a message with ${UNSUBSCRIBE_LINE}.`,
        hint: `In DATA add the line ${UNSUBSCRIBE_LINE}`,
        done: (o) => accepted(o).some((r) => r.payload.list_unsubscribe?.includes('https://') ?? false),
      },
    ],
    solution: [...OPEN, ...ENVELOPE, ...message(UNSUBSCRIBE_LINE)],
  },
  {
    id: 'reading-errors',
    title: 'Reading errors',
    summary: 'Cause three classic failures on purpose and learn what each reply tells you.',
    port: SMTP.defaultPort,
    steps: [
      hello,
      startTls,
      helloAgain,
      {
        goal: 'Send MAIL before logging in and read the 530.',
        hint: 'MAIL FROM:<you@example.com>',
        done: (o) => saw(o, 'authRequired'),
      },
      {
        goal: 'Log in with a wrong token and read the 535.',
        hint: `AUTH PLAIN ${plainArgument('wrong')}`,
        done: (o) => saw(o, 'authFailed'),
      },
      logIn,
      {
        goal: 'Send a message whose From is not on example.com, and read why it was refused.',
        hint: 'MAIL FROM:<you@example.com>, RCPT TO:<friend@example.net>, DATA, then From: you@other.example …',
        done: (o) => saw(o, 'domainMismatch'),
      },
    ],
    solution: [
      'EHLO laptop.example.com', 'STARTTLS', 'EHLO laptop.example.com', 'MAIL FROM:<you@example.com>',
      `AUTH PLAIN ${plainArgument('wrong')}`, PLAIN, ...ENVELOPE,
      'From: you@other.example', 'To: friend@example.net', 'Subject: Hi', '', 'Hello!', '.',
    ],
  },
];

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
