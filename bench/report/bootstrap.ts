import { median } from "./median";

/** A small seeded generator (mulberry32): the same rounds give the same interval on every reading. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * A 95% bootstrap interval of the median of `values`: the 2.5th and 97.5th
 * percentiles of the medians of 2,000 resamples drawn with replacement.
 * How far a median of so few noisy rounds can be trusted; with fewer than
 * three values it is no wider than they are.
 */
export function medianInterval(values: number[], resamples = 2_000): [number, number] {
  const random = seeded(values.length);
  const medians = Array.from({ length: resamples }, () => median(Array.from(values, () => values[Math.floor(random() * values.length)])));
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(resamples * 0.025)], medians[Math.ceil(resamples * 0.975) - 1]];
}
