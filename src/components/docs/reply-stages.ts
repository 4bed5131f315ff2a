/**
 * The stage of an SMTP session at which each catalogue reply is sent, for the
 * reply-code reference's groups. The map is typed `Record<ReplyName, Stage>`, so
 * a new catalogue entry fails the type check until it is given a stage here.
 */
import type { ReplyName } from '../../../simulator/replies.ts';

export type Stage = 'connect' | 'tls' | 'auth' | 'envelope' | 'data' | 'after-data' | 'any';

/** The stages in session order, as the reference page lists them. */
export const STAGES: readonly Stage[] = ['connect', 'tls', 'auth', 'envelope', 'data', 'after-data', 'any'];

export const REPLY_STAGES: Record<ReplyName, Stage> = {
  // Connect: the greeting, the hello, and refusals before any command is read.
  greeting: 'connect',
  ehlo: 'connect',
  helo: 'connect',
  tooManyConnections: 'connect',
  shuttingDown: 'connect',
  serviceDown: 'connect',
  spokeTooEarly: 'connect',
  httpRequest: 'connect',

  // TLS: STARTTLS and the rule that credentials wait for it.
  startTls: 'tls',
  tlsUnavailable: 'tls',
  startTlsOnTlsPort: 'tls',
  tlsRequired: 'tls',

  // AUTH
  authChallengePlain: 'auth',
  authChallengeUser: 'auth',
  authChallengePass: 'auth',
  authOk: 'auth',
  badBase64: 'auth',
  badPlain: 'auth',
  authCancelled: 'auth',
  unknownMechanism: 'auth',
  authFailed: 'auth',
  tooManyAuthFailures: 'auth',
  authRequired: 'auth',

  // Envelope: MAIL FROM, RCPT TO and RSET.
  senderOk: 'envelope',
  recipientOk: 'envelope',
  resetOk: 'envelope',
  badSender: 'envelope',
  badRecipient: 'envelope',
  badParameterValue: 'envelope',
  controlCharacters: 'envelope',
  unknownParameter: 'envelope',
  needsSmtpUtf8: 'envelope',
  sizeDeclaredTooBig: 'envelope',
  tooManyRecipients: 'envelope',
  blockedRecipient: 'envelope',

  // DATA: the go-ahead and what can stop the message text on its way in.
  dataStart: 'data',
  messageTooBig: 'data',

  // After DATA: the answer to the final dot, where MailPace's checks run (simulated).
  queued: 'after-data',
  badMessage: 'after-data',
  tooManyToAddresses: 'after-data',
  blockedAttachment: 'after-data',
  domainMismatch: 'after-data',
  dkimNotVerified: 'after-data',
  noActivePlan: 'after-data',
  organizationDisabled: 'after-data',
  rateLimited: 'after-data',

  // Any point: replies about the command itself, not the stage it came in.
  ok: 'any',
  help: 'any',
  vrfy: 'any',
  bye: 'any',
  unknownCommand: 'any',
  notImplemented: 'any',
  badSequence: 'any',
  syntax: 'any',
  lineTooLong: 'any',
  bareNewline: 'any',
  nulByte: 'any',
  emptyCommand: 'any',
  badUtf8: 'any',
  tooManyErrors: 'any',
  inputTooLong: 'any',
  idleTimeout: 'any',
  tooSlow: 'any',
};

/** Catalogue names in one stage, in catalogue order. */
export function repliesIn(stage: Stage): ReplyName[] {
  return (Object.keys(REPLY_STAGES) as ReplyName[]).filter((name) => REPLY_STAGES[name] === stage);
}
