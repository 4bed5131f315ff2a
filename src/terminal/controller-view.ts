/**
 * The snapshot the terminal's views render (`ControllerView`), put together from
 * the controller's parts; the hint line is worked out here from the same parts.
 */
import type { FailureKnob } from '../../simulator/config.ts';
import type { ControllerView } from './controller-types.ts';
import type { GoalTracker } from './goal-tracker.ts';
import { nextHint } from './hints.ts';
import { portMode, type Port } from './ports.ts';
import type { SessionEvents } from './session-events.ts';
import type { SessionLink } from './session-link.ts';
import type { ShareState } from './share-flow.ts';
import type { TranscriptStore } from './transcript-store.ts';

export interface ViewParts {
  link: Pick<SessionLink, 'status' | 'goneReason'>;
  port: Port;
  failures: readonly FailureKnob[];
  events: Pick<SessionEvents, 'snapshot' | 'lastReply' | 'messages'>;
  transcript: Pick<TranscriptStore, 'entries'>;
  goal: Pick<GoalTracker, 'view'>;
  playing: boolean;
  share: ShareState;
}

export function controllerView({ link, port, failures, events, transcript, goal, playing, share }: ViewParts): ControllerView {
  const { status, goneReason } = link;
  const { snapshot: session, lastReply } = events;
  return {
    status,
    goneReason,
    port,
    failures,
    session,
    entries: transcript.entries,
    messages: events.messages.list,
    hint: nextHint({ status, portMode: portMode(port), snapshot: session, lastReply }),
    goal: goal.view(),
    playing,
    lastReply,
    share,
  };
}
