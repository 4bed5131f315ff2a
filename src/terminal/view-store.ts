/**
 * Render batching for React's useSyncExternalStore. The terminal's parts say
 * `changed()` whenever their state moves; listeners hear of it once per task (a
 * microtask after the last change), however many parts changed. `get` always
 * answers from the current state.
 *
 * `hold` is for a client line waiting for its reply (usually a few ms): changes
 * wait, so line and reply show in one render; `emit` (or `emitAfterPaint`, for a
 * reply the terminal draws itself) or the hold's end after `delayMs` (a slow reply)
 * lets them through.
 */
import { afterNextPaint, type AfterPaint } from './after-paint.ts';

export interface ViewStoreOptions {
  /** Longest hold, in ms. */
  delayMs?: number;
  /** How `emitAfterPaint` waits for the next frame (tests pass their own). */
  afterPaint?: AfterPaint;
}

export class ViewStore<V> {
  private view: V;
  /** The snapshot is out of date. */
  private dirty = false;
  /** Listeners have not heard of the latest change. */
  private unannounced = false;
  private scheduled = false;
  /** Listeners hear after the next paint: nothing announces earlier. */
  private waitingForPaint = false;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private onHoldEnd: (() => void) | null = null;
  private disposed = false;
  private readonly delayMs: number;
  private readonly afterPaint: AfterPaint;

  constructor(
    private readonly build: () => V,
    options: ViewStoreOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 40;
    this.afterPaint = options.afterPaint ?? afterNextPaint;
    this.view = build();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The snapshot, rebuilt first if something changed since the last one. */
  get = (): V => {
    if (this.dirty && !this.disposed) {
      this.dirty = false;
      this.view = this.build();
    }
    return this.view;
  };

  /** Something the view shows changed: listeners hear once, at the end of this task (or of a hold). */
  changed(): void {
    this.dirty = true;
    this.unannounced = true;
    if (this.scheduled || this.disposed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.timer === null && !this.waitingForPaint) this.flush();
    });
  }

  /** Ends any hold and tells every listener, now. */
  emit(): void {
    this.cancel();
    this.dirty = true;
    this.unannounced = true;
    this.flush();
  }

  /**
   * Ends any hold (its `onEnd` runs now: the terminal writes the reply) and tells the
   * listeners after the next paint, so the frame that shows the reply draws nothing else.
   */
  emitAfterPaint(): void {
    this.cancel();
    this.dirty = true;
    this.unannounced = true;
    if (this.waitingForPaint || this.disposed) return;
    this.waitingForPaint = true;
    this.afterPaint(() => {
      this.waitingForPaint = false;
      // A hold that began since (the next pasted line) announces with its own reply.
      if (this.timer === null) this.flush();
    });
  }

  /** Holds notifications back until an emit, or for `delayMs` at most; `onEnd` runs when the hold ends. */
  hold(onEnd?: () => void): void {
    if (this.disposed) return;
    if (this.timer === null) this.timer = setTimeout(() => this.emit(), this.delayMs);
    if (onEnd) {
      const before = this.onHoldEnd;
      this.onHoldEnd = before ? () => (before(), onEnd()) : onEnd;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.listeners.clear();
  }

  private flush(): void {
    if (this.disposed || !this.unannounced) return;
    this.unannounced = false;
    this.get();
    for (const listener of this.listeners) listener();
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const onEnd = this.onHoldEnd;
    this.onHoldEnd = null;
    onEnd?.();
  }
}
