/** Adds `count` to the shared count of a key; resolves to the new total, or undefined when the store cannot say. */
export type Reserve = (count: number) => Promise<number | undefined>;

interface Allowance {
  windowIndex: number;
  /** Slots taken from the shared count and not spent yet. */
  left: number;
  /** The shared count reached the limit: refused until the window ends. */
  spent: boolean;
  /** A reservation in flight: concurrent requests wait for it instead of making their own. */
  refill?: Promise<boolean | undefined>;
}

/** Allowances kept before those of ended windows are swept. */
const keysBeforeSweep = 10_000;

/**
 * Slots of a shared per-window count, taken `batch` at a time and spent
 * locally. A batch's slots are granted only as far as the shared total
 * stayed within `max`, so instances together never grant more than `max`.
 */
export class Allowances {
  private readonly byKey = new Map<string, Allowance>();

  constructor(
    private readonly max: number,
    private readonly batch: number,
  ) {}

  /**
   * True: a slot was spent; false: the window's count is used up; undefined:
   * the store could not be reached. Synchronous while slots are left.
   */
  take(key: string, windowIndex: number, reserve: Reserve): Promise<boolean | undefined> | boolean {
    const allowance = this.allowanceOf(key, windowIndex);
    if (allowance.spent) return false;
    if (allowance.left > 0) {
      allowance.left--;
      return true;
    }
    allowance.refill ??= this.refill(allowance, reserve).finally(() => (allowance.refill = undefined));
    return allowance.refill.then((reached) => (reached === undefined ? undefined : this.take(key, windowIndex, reserve)));
  }

  /** Resolves to undefined when the store could not be reached, else true. */
  private async refill(allowance: Allowance, reserve: Reserve): Promise<boolean | undefined> {
    const total = await reserve(this.batch);
    if (total === undefined) return undefined;
    const granted = Math.min(this.batch, this.max - (total - this.batch));
    if (granted <= 0) allowance.spent = true;
    else allowance.left += granted;
    return true;
  }

  private allowanceOf(key: string, windowIndex: number): Allowance {
    let allowance = this.byKey.get(key);
    if (!allowance) {
      if (this.byKey.size > keysBeforeSweep) this.sweep(windowIndex);
      allowance = { windowIndex, left: 0, spent: false };
      this.byKey.set(key, allowance);
    }
    return allowance;
  }

  private sweep(windowIndex: number): void {
    for (const [key, allowance] of this.byKey) if (allowance.windowIndex !== windowIndex) this.byKey.delete(key);
  }
}
