export interface BoundedCacheLimits<V> {
  /** Entries held at most. */
  maxEntries: number;
  /** Total weight held at most (bytes, or another unit `weightOf` counts in); unset: only entries count. */
  maxWeight?: number;
  /** An entry's weight; an entry weighing more than a tenth of maxWeight is not kept at all. */
  weightOf?: (value: V) => number;
}

/**
 * An in-process cache bounded in entries and, optionally, in weight (bytes):
 * least recently used first out. For anything keyed by what clients send,
 * where a count alone would let a few large entries take the heap.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private heldWeight = 0;

  constructor(private readonly limits: BoundedCacheLimits<V>) {}

  get size(): number {
    return this.entries.size;
  }

  /** The weight held, in weightOf's unit (0 without weightOf). */
  get weight(): number {
    return this.heldWeight;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` under `key` (replacing what was there), first dropping the least recently used entries it needs room from. */
  set(key: K, value: V): void {
    this.delete(key);
    const { maxEntries, maxWeight = Infinity, weightOf } = this.limits;
    const weight = weightOf ? weightOf(value) : 0;
    if (weight > maxWeight / 10) return;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size < maxEntries && this.heldWeight + weight <= maxWeight) break;
      this.entries.delete(oldest);
      this.heldWeight -= entry.weight;
    }
    this.entries.set(key, { value, weight });
    this.heldWeight += weight;
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.heldWeight -= entry.weight;
  }
}
