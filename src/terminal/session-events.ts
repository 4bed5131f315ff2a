/**
 * What the session has said so far, built from the worker's typed events: the
 * latest snapshot, the last reply's catalogue name, the finished messages and the
 * goal. It prints each event as the page words it (`notes.ts`); hints, goals and
 * lessons read names and state from here, never reply text.
 */
import { DEMO_DOMAIN } from '../../simulator/config.ts';
import type { ReplyName, SessionSnapshot } from '../../simulator/index.ts';
import type { GoalTracker } from './goal-tracker.ts';
import type { HostResult } from './host-events.ts';
import { MessageLog } from './message-log.ts';
import { NOTES, closedNote, connectedNote, messageNote, tlsNote } from './notes.ts';
import type { TranscriptStore } from './transcript-store.ts';

export class SessionEvents {
  snapshot: SessionSnapshot | null = null;
  lastReply: ReplyName | null = null;
  readonly messages = new MessageLog();

  constructor(
    private readonly transcript: TranscriptStore,
    private readonly goal: GoalTracker,
  ) {}

  /** A new session starts: no snapshot or reply yet (messages and the goal carry over). */
  reset(): void {
    this.snapshot = null;
    this.lastReply = null;
  }

  /**
   * Records and prints one result. `open`: the page thought the connection open,
   * so a close by the server is news worth a note. Returns true when it ended.
   */
  apply(result: HostResult, open: boolean): boolean {
    let closed = result.closed;
    for (const event of result.events) {
      switch (event.kind) {
        case 'connected':
          this.transcript.note(connectedNote(event));
          break;
        case 'reply':
          this.transcript.add(event.lines.map((line) => ['server', line] as const), { code: event.code, name: event.name });
          this.lastReply = event.name;
          if (this.goal.onReply(event.name)) this.transcript.note(NOTES.goalReached(this.goal.text!));
          break;
        case 'tls':
          this.transcript.note(tlsNote(event));
          break;
        case 'authenticated':
          // The snapshot carries it to the connection bar and the hints; nothing to print.
          break;
        case 'message': {
          const n = this.messages.add(event.record, event.raw, result.snapshot.domain ?? DEMO_DOMAIN);
          this.transcript.note(messageNote(n, event.record.status));
          break;
        }
        case 'closed':
          if (event.by === 'client' || open) this.transcript.note(closedNote(event));
          closed = true;
          break;
      }
    }
    this.snapshot = result.snapshot;
    return closed;
  }
}
