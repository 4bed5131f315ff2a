/**
 * Render batching for React's useSyncExternalStore: a snapshot rebuilt on `emit`,
 * and `emitSoon` for changes that can wait a moment. A client line waits for its
 * reply (usually a few ms), so both show in one render; a slow reply still lets
 * the line show on its own after `delayMs`.
 */
export class ViewStore<V> {
  private view: V;
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

  get = (): V => this.view;

  /** Rebuilds the snapshot and tells every listener, now. */
  emit(): void {
    this.cancel();
    if (this.disposed) return;
    this.view = this.build();
    for (const listener of this.listeners) listener();
  }

  /** Emits after `delayMs` unless something emits first. */
  emitSoon(): void {
    if (this.timer === null && !this.disposed) this.timer = setTimeout(() => this.emit(), this.delayMs);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.listeners.clear();
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
