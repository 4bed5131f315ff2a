/**
 * When a reader is stuck: the step they are on needs the session to be somewhere
 * (logged in, inside a message…) and it is not. This works out what is missing and
 * the keystrokes that get back, from the session's state and the last reply's name
 * only, never from reply wording. Each step names what it needs (`LessonStep.needs`).
 */
import type { ReplyName, SessionSnapshot } from '../../simulator/index.ts';
import type { PortTls } from '../../simulator/mailpace-facts.ts';
import { FROM, HELLO } from './lesson-kit.ts';
import { helperThenSend, typeLine, type Keystroke } from './keystrokes.ts';

/** Where a step needs the session to be before it can be done. */
export type Stage = 'greeted' | 'hello' | 'plaintext' | 'encrypted' | 'secure' | 'logged-in' | 'sender' | 'recipient' | 'message';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closed' | 'dead';

export interface DetourInput {
  status: ConnectionState;
  portMode: PortTls;
  snapshot: Pick<SessionSnapshot, 'state' | 'tls' | 'authenticated' | 'heloName' | 'envelope'> | null;
  lastReply: ReplyName | null;
  /** The step's own keystrokes go through a message (DATA, its lines, the dot): being inside one is no detour. */
  withinMessage: boolean;
}

/** What the reader missed, and the keystrokes back to where the step can be done. */
export interface Detour {
  missed: string;
  back: Keystroke[];
}

type Snapshot = NonNullable<DetourInput['snapshot']>;

interface Milestone {
  met: (s: Snapshot) => boolean;
  missed: string;
  back: Keystroke[];
}

const LOGIN = helperThenSend('/plain', 'the AUTH PLAIN line with the demo token');

const MILESTONES = {
  hello: { met: (s) => s.heloName !== null || s.tls, missed: 'This session has not said EHLO yet.', back: [typeLine(HELLO)] },
  tls: { met: (s) => s.tls, missed: 'The connection is not encrypted yet.', back: [typeLine('STARTTLS')] },
  helloAgain: { met: (s) => s.tls && s.heloName !== null, missed: 'TLS is up, and the server forgot the EHLO sent before it.', back: [typeLine(HELLO)] },
  implicitHello: { met: (s) => s.heloName !== null, missed: 'This session has not said EHLO yet.', back: [typeLine(HELLO)] },
  login: { met: (s) => s.authenticated, missed: 'You are not logged in yet.', back: LOGIN },
  mail: { met: (s) => s.envelope !== null, missed: 'No message is started: the server has no envelope sender.', back: [typeLine(`MAIL FROM:<${FROM}>`)] },
  rcpt: { met: (s) => (s.envelope?.rcptTo.length ?? 0) > 0, missed: 'The message has no recipient yet.', back: [typeLine('RCPT TO:<friend@example.net>')] },
  data: { met: (s) => s.state === 'data', missed: 'The server is not reading a message yet.', back: [typeLine('DATA')] },
} satisfies Record<string, Milestone>;

/** The milestones a stage needs, in the order a session reaches them. */
function route(stage: Stage, portMode: PortTls): Milestone[] {
  const secure = portMode === 'starttls' ? [MILESTONES.hello, MILESTONES.tls, MILESTONES.helloAgain] : [MILESTONES.implicitHello];
  switch (stage) {
    case 'greeted':
      return [];
    case 'hello':
    case 'plaintext':
      return [MILESTONES.implicitHello];
    case 'encrypted':
      return portMode === 'starttls' ? [MILESTONES.hello, MILESTONES.tls] : [];
    case 'secure':
      return secure;
    case 'logged-in':
      return [...secure, MILESTONES.login];
    case 'sender':
      return [...secure, MILESTONES.login, MILESTONES.mail];
    case 'recipient':
      return [...secure, MILESTONES.login, MILESTONES.mail, MILESTONES.rcpt];
    case 'message':
      return [...secure, MILESTONES.login, MILESTONES.mail, MILESTONES.rcpt, MILESTONES.data];
  }
}

const NEW_SESSION: Keystroke[] = [typeLine('/reset', 'a new session starts, with the lesson’s own setup')];

/** The stages a login must be finished for. */
const AFTER_LOGIN: readonly Stage[] = ['logged-in', 'sender', 'recipient', 'message'];

/** Null when the step can be done from here (or the session is busy connecting or upgrading). */
export function detourFor(needs: Stage, { status, portMode, snapshot, lastReply, withinMessage }: DetourInput): Detour | null {
  if (status === 'idle' || status === 'connecting') return null;
  if (status === 'dead') return { missed: 'The simulator stopped.', back: [] };
  if (status === 'closed' || !snapshot || snapshot.state === 'closed') return { missed: 'The session is closed.', back: NEW_SESSION };
  if (snapshot.state === 'tls-handshake') return null;
  // Part way through a login or a message, the server takes nothing else: finish that first.
  if (snapshot.state === 'auth' && AFTER_LOGIN.includes(needs)) {
    const answer = lastReply === 'authChallengeUser' || lastReply === 'authChallengePass' ? '/login' : '/plain';
    return { missed: 'The server is waiting for the answer to AUTH.', back: helperThenSend(answer, 'the answer in base64') };
  }
  if (snapshot.state === 'data' && !withinMessage) {
    return { missed: 'The server is still reading the message you started.', back: [typeLine('.', 'the message ends and the server judges it')] };
  }
  if (needs === 'plaintext' && snapshot.tls) {
    return { missed: 'This step needs a plaintext session, and this one is encrypted already.', back: NEW_SESSION };
  }
  const steps = route(needs, portMode);
  const first = steps.findIndex((m) => !m.met(snapshot));
  if (first === -1) return null;
  return { missed: steps[first]!.missed, back: steps.slice(first).flatMap((m) => m.back) };
}
