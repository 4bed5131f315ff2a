/**
 * The last deliveries, by ID, oldest first. IDs are handed out one after another, so
 * a ring indexed by ID holds the last `size` of them in order: adding one is one store,
 * with no Map to keep. (A Map that drops its oldest key on every add was the
 * dispatcher's largest cost on the SMTP thread: each `keys().next()` stepped over
 * every entry deleted since the table was last rebuilt.)
 */
export class DeliveryLog<T extends { id: number }> {
  private readonly ring: (T | undefined)[];
  private newest = 0;

  constructor(private readonly size: number) {
    this.ring = new Array<T | undefined>(size);
  }

  /** Adds the delivery with the next ID; the oldest falls out past `size`. */
  add(item: T): void {
    if (item.id <= this.newest) throw new RangeError(`delivery IDs must rise: ${item.id} after ${this.newest}`);
    this.ring[item.id % this.size] = item;
    this.newest = item.id;
  }

  get(id: number): T | undefined {
    const item = this.ring[id % this.size];
    return item?.id === id ? item : undefined;
  }

  /** Oldest first. */
  *values(): Generator<T> {
    for (let id = Math.max(1, this.newest - this.size + 1); id <= this.newest; id++) {
      const item = this.get(id);
      if (item) yield item;
    }
  }
}
