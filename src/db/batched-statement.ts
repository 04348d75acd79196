/** Runs one statement for `items` and answers one value per item, in their order. */
export type BatchRun<In, Out> = (items: In[]) => Promise<Out[]>;

interface Waiting<In, Out> {
  item: In;
  resolve(value: Out): void;
  reject(error: unknown): void;
}

/** How much one BatchedStatement gathers, and how many of its statements run at once. */
export interface BatchLimits {
  /** Batches running at once; 2 by default. */
  maxInFlight?: number;
  /** Items in one batch; 100 by default, so one statement's parameters stay small. */
  maxBatchSize?: number;
}

/**
 * Gathers the calls that arrive together into one statement: the calls of
 * one turn of the event loop go together, and while `maxInFlight` batches
 * are running the new calls wait and go as the next one. So under load a
 * statement carries what arrived during a round trip, and an idle caller
 * waits for nothing but that turn. Each call still gets its own answer;
 * when a batch of several fails, each item runs again alone, so a bad
 * item fails only its own call.
 */
export class BatchedStatement<In, Out> {
  private waiting: Array<Waiting<In, Out>> = [];
  private inFlight = 0;
  private scheduled = false;

  private readonly maxInFlight: number;
  private readonly maxBatchSize: number;

  constructor(
    private readonly run: BatchRun<In, Out>,
    { maxInFlight = 2, maxBatchSize = 100 }: BatchLimits = {},
  ) {
    this.maxInFlight = maxInFlight;
    this.maxBatchSize = maxBatchSize;
  }

  call(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.scheduled || this.inFlight >= this.maxInFlight) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatchSize);
      this.inFlight += 1;
      void this.answer(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async answer(batch: Array<Waiting<In, Out>>): Promise<void> {
    try {
      const values = await this.attempt(batch.map((call) => call.item));
      batch.forEach((call, index) => call.resolve(values[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      await Promise.all(batch.map((call) => this.attempt([call.item]).then(([value]) => call.resolve(value), call.reject)));
    }
  }

  /** `run`, its throw (before its statement was sent, say) a rejection like any other. */
  private async attempt(items: In[]): Promise<Out[]> {
    return this.run(items);
  }
}
