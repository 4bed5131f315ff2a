/**
 * Render batching for React's useSyncExternalStore: a snapshot rebuilt on `emit`,
 * `emitSoon` for changes that can wait a moment, and `emitAfterPaint` for a reply.
 * A client line waits for its reply (usually a few ms), so both show in one render;
 * a slow reply still lets the line show on its own after `delayMs`. A reply is in
 * xterm already (the display prints it); the widget around it re-renders once that
 * frame has painted, so its page-wide style and layout never delay the reply.
 */
export class ViewStore<V> {
  private view: V;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by every emit: a pending after-paint emit that sees another number was overtaken. */
  private waiting = 0;
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
    this.notify();
  }

  /** Emits after `delayMs` unless something emits first (or an emit is already on its way). */
  emitSoon(): void {
    if (this.timer === null && !this.disposed) this.timer = setTimeout(() => this.emit(), this.delayMs);
  }

  /**
   * Rebuilds the snapshot now (readers see it at once) and tells listeners once
   * `whenPainted` calls back: the screen showing the reply has been drawn.
   */
  emitAfterPaint(whenPainted: (done: () => void) => void = nextFrame): void {
    this.cancel();
    if (this.disposed) return;
    this.view = this.build();
    const waiting = ++this.waiting;
    // emit() rebuilds again: a line typed meanwhile shows in the same render.
    whenPainted(() => {
      if (waiting === this.waiting) this.emit();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.listeners.clear();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.waiting++;
  }
}

/** After the next frame (outside a browser, or in a hidden tab where frames stop: the next task). */
function nextFrame(done: () => void): void {
  const visible = typeof document !== 'undefined' && document.visibilityState === 'visible';
  if (visible && typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(done, 0));
  else setTimeout(done, 0);
}
