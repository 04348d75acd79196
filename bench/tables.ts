import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../src/config";
import { samplesOf, scrape } from "../test/support/prometheus";

/** The value below which `share` (0..1) of `values` lie; NaN for none. */
export function percentile(values: number[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

/** A markdown table; every row has one cell per heading. */
export function markdownTable(headings: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(headings), line(headings.map((_, index) => (index === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

/** Prints `markdown` and writes it to bench/results/<file>, with when and where it was measured. */
export function publishResults(file: string, title: string, markdown: string, conditions: string): void {
  const text = `## ${title}\n\n${markdown}\n\n${conditions} Node ${process.version}.\n`;
  const target = path.join(projectRoot, "bench", "results", file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`\n${text}\n(written to ${path.relative(projectRoot, target)})`);
}

export const milliseconds = (value: number): string => (Number.isNaN(value) ? "–" : `${Math.round(value)} ms`);

/**
 * The upper bound (ms) of the bucket holding quantile `share` of histogram
 * `name`, its buckets summed over every `/metrics` of `baseUrls`.
 */
export async function histogramQuantile(baseUrls: string[], name: string, share: number, labels: Record<string, string> = {}): Promise<number> {
  const counts = new Map<number, number>();
  for (const url of baseUrls) {
    for (const sample of samplesOf(await scrape(url), name, labels, `${name}_bucket`)) {
      const le = Number(sample.labels.le);
      counts.set(le, (counts.get(le) ?? 0) + sample.value);
    }
  }
  const buckets = [...counts].sort(([a], [b]) => a - b);
  const total = buckets.at(-1)?.[1] ?? 0;
  return (buckets.find(([, count]) => count >= share * total)?.[0] ?? Number.NaN) * 1_000;
}
