/** Entries kept before a sweep: what a flood of clients can make a process hold while Redis is away. */
const entriesBeforeSweep = 10_000;

/**
 * What a process keeps for itself while Redis is down or absent (counts,
 * positions): a map that, once it holds more than 10,000 entries, drops the
 * ones `isStale` names before it adds another.
 */
export class LocalFallbackMap<Key, Value> {
  private readonly entries = new Map<Key, Value>();

  constructor(private readonly isStale: (value: Value, key: Key) => boolean) {}

  get(key: Key): Value | undefined {
    return this.entries.get(key);
  }

  set(key: Key, value: Value): void {
    if (this.entries.size > entriesBeforeSweep) {
      for (const [old, kept] of this.entries) if (this.isStale(kept, old)) this.entries.delete(old);
    }
    this.entries.set(key, value);
  }
}
