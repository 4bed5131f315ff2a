/**
 * Render batching for React's useSyncExternalStore. The terminal's parts say
 * `changed()` whenever their state moves; listeners hear of it once per task (a
 * microtask after the last change), however many parts changed. `get` always
 * answers from the current state.
 *
 * `hold` is for a client line waiting for its reply (usually a few ms): changes
 * wait, so line and reply show in one render; `emit` (the reply) or the hold's
 * end after `delayMs` (a slow reply) lets them through.
 */
export class ViewStore<V> {
  private view: V;
  /** The snapshot is out of date. */
  private dirty = false;
  /** Listeners have not heard of the latest change. */
  private unannounced = false;
  private scheduled = false;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly build: () => V,
    private readonly delayMs = 40,
  ) {
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
      if (this.timer === null) this.flush();
    });
  }

  /** Rebuilds the snapshot and tells every listener, now, ending any hold. */
  emit(): void {
    this.cancel();
    this.dirty = true;
    this.unannounced = true;
    this.flush();
  }

  /** Holds notifications back until `emit`, or for `delayMs` at most. */
  hold(): void {
    if (this.timer === null && !this.disposed) this.timer = setTimeout(() => this.emit(), this.delayMs);
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
  }
}
