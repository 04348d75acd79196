/** Runs `count` calls of `send`, `parallel` at a time. */
export async function inBatches(count: number, parallel: number, send: (index: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += parallel) {
    await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, offset) => send(start + offset)));
  }
}
