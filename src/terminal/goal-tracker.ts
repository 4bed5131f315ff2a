/**
 * A preset's goal: reached once, the first time the named reply arrives. It
 * matches the reply's catalogue name, so rewording the reply cannot break it.
 */
import type { ReplyName } from '../../simulator/index.ts';
import { goalReached, type Goal } from './presets.ts';

export class GoalTracker {
  private met = false;

  constructor(private readonly goal: Goal | undefined) {}

  /** True the first time `reply` reaches the goal, false otherwise. */
  onReply(reply: ReplyName): boolean {
    if (!this.goal || this.met || !goalReached(this.goal, reply)) return false;
    this.met = true;
    return true;
  }

  get text(): string | null {
    return this.goal?.text ?? null;
  }

  view(): { text: string; reached: boolean } | null {
    return this.goal ? { text: this.goal.text, reached: this.met } : null;
  }
}
