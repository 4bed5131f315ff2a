/**
 * Every sentence the terminal prints about the session, in one place. The worker
 * sends typed events (`host-events.ts`); these functions turn them, and the
 * controller's own moments (sharing, playback, errors), into the words a reader
 * sees. Nothing matches on these texts, so they can be reworded freely.
 */
import type { MessageRecord } from '../../simulator/index.ts';
import type { HostEvent } from './host-events.ts';

type Of<K extends HostEvent['kind']> = Extract<HostEvent, { kind: K }>;

export function connectedNote(event: Of<'connected'>): string {
  return event.tls
    ? `[Connected to port ${event.port}; TLS handshake simulated before the greeting: ${event.tls.version}]`
    : `[Connected to port ${event.port} in plaintext; STARTTLS upgrades the connection]`;
}

export const tlsNote = (event: Of<'tls'>) => `[TLS handshake simulated: ${event.version}]`;

export function closedNote(event: Of<'closed'>): string {
  return event.by === 'client' ? '[Disconnected]' : '[Connection closed by the server]';
}

export const messageNote = (n: number, status: MessageRecord['status']) => `[Message ${n} ${status}: see the inspector below]`;

export const NOTES = {
  newSession: '[New session]',
  switchPort: (port: number) => `[Switching to port ${port}: new session]`,
  failuresChanged: '[Failure settings changed: new session]',
  reconnecting: '[Reconnecting with a new simulator]',
  replaying: (n: number) => `[Replaying ${n} client line${n === 1 ? '' : 's'} from a shared link]`,
  helperNotReplayed: (line: string) => `Skipped "${line}" from the shared link: helpers are not replayed.`,
  notSentDead: 'Not sent: the simulator stopped. Press Reconnect.',
  notSentClosed: 'Not sent: not connected. Press Connect, or type /reset.',
  dataInterrupt: [
    'You are inside DATA: the server takes every line as message text until a line with only a dot (.).',
    'SMTP cannot cancel DATA: type . to finish (the server will judge the message), or Disconnect to drop it.',
  ],
  completions: (options: readonly string[]) => `Completions: ${options.join('  ')}`,
  crashNeedsSession: 'Connect first: there is no simulator worker to crash.',
  crashing: (mode: 'throw' | 'hang') => (mode === 'hang' ? '[Debugging: freezing the simulator worker…]' : '[Debugging: crashing the simulator worker…]'),
  examplePlaying: (name: string) => `[Playing /example ${name} in a new session; press any key to skip ahead]`,
  goalReached: (text: string) => `✓ Goal reached: ${text}`,
  stopped: (reason: string) => `[Stopped: ${reason}. Press Reconnect to start a new session.]`,
  failed: (message: string) => `the simulator failed (${message})`,
  transcriptCopied: (n: number) => `[Transcript copied: ${n} lines]`,
  copyRefused: '[Could not copy: the browser refused clipboard access]',
  shareEmpty: 'Nothing to share yet: send a few commands first.',
  shareConfirm: '[Share link: your lines hold credentials that are not the demo token. Choose below.]',
  shareCopied: (n: number) => `[Share link ready (${n} client lines) and copied to the clipboard]`,
  shareNotCopied: '[Share link ready below; copy it from the box]',
  onPrompt: '(On the prompt: Enter sends it, arrow keys and Backspace edit it, typing replaces it.)',
} as const;
