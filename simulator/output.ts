/** What one call into the session asks its adapter to do, in order. */
import type { MessageRecord } from './message-policy.ts';
import { formatReply, type Reply } from './replies.ts';

export type SessionAction =
  /** Write this reply to the peer. */
  | { type: 'send'; reply: Reply; text: string }
  /** Start the TLS handshake now (after writing the 220 before it); read nothing else in plaintext. */
  | { type: 'start-tls' }
  /** AUTH succeeded: the session now sends as `domain`. */
  | { type: 'authenticated'; domain: string }
  /** A message finished: accepted or rejected, with its record and the raw bytes when kept. */
  | { type: 'message'; record: MessageRecord; raw: Uint8Array | null }
  /** Close the connection after writing everything before this. */
  | { type: 'close' };

export interface SessionOutput {
  actions: SessionAction[];
  /** Everything to write, concatenated: handy for tests and transcripts. */
  text: string;
}

/** Collects actions during one call. */
export class OutputBuilder {
  readonly actions: SessionAction[] = [];

  send(reply: Reply): void {
    this.actions.push({ type: 'send', reply, text: formatReply(reply) });
  }

  push(action: SessionAction): void {
    this.actions.push(action);
  }

  build(): SessionOutput {
    let text = '';
    for (const a of this.actions) if (a.type === 'send') text += a.text;
    return { actions: this.actions, text };
  }
}
