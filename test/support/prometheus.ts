/** One sample line: `name{label="value",...} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const samplePattern = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/;
const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const suffixes: Record<string, string[]> = { histogram: ["_bucket", "_sum", "_count"], summary: ["", "_sum", "_count"] };

/** Go's ParseFloat, which Prometheus uses: NaN and Inf in any case (prom-client writes "Nan"). */
function parseValue(text: string, line: string): number {
  const special: Record<string, number> = { nan: NaN, "+inf": Infinity, inf: Infinity, "-inf": -Infinity };
  const lower = text.toLowerCase();
  if (lower in special) return special[lower];
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`bad value in: ${line}`);
  return value;
}

/**
 * Parses Prometheus text exposition format (0.0.4) and rejects what is not
 * valid: a sample before its family's HELP and TYPE, a sample whose name
 * does not belong to the family, a malformed line, a family declared twice.
 */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  let current: MetricFamily | undefined;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (kind === "HELP") {
        if (families.has(name)) throw new Error(`family ${name} declared twice`);
        current = { name, type: "", help: rest, samples: [] };
        families.set(name, current);
      } else {
        if (current?.name !== name) throw new Error(`TYPE for ${name} without its HELP`);
        if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(rest)) throw new Error(`bad TYPE: ${line}`);
        current.type = rest;
      }
      continue;
    }
    const match = samplePattern.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const [, name, labelText = "", valueText] = match;
    if (!current?.type) throw new Error(`sample before its family's TYPE: ${line}`);
    const allowed = (suffixes[current.type] ?? [""]).map((suffix) => current?.name + suffix);
    if (!allowed.includes(name)) throw new Error(`sample ${name} does not belong to family ${current.name}`);
    const pairs = [...labelText.matchAll(labelPattern)];
    if (pairs.map(([pair]) => pair).join(",") !== labelText.replace(/,$/, "")) throw new Error(`bad labels: ${line}`);
    const labels = Object.fromEntries(pairs.map(([, key, value]) => [key, value]));
    current.samples.push({ name, labels, value: parseValue(valueText, line) });
  }
  return families;
}

/** The samples of `family` (or its `_count` etc. when `sampleName` is given) whose labels include `labels`. */
export function samplesOf(
  families: Map<string, MetricFamily>,
  family: string,
  labels: Record<string, string> = {},
  sampleName = family,
): Sample[] {
  const found = families.get(family);
  if (!found) throw new Error(`no metric family ${family}`);
  return found.samples.filter(
    (sample) => sample.name === sampleName && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The sum of the matching samples' values. */
export const sumOf = (...args: Parameters<typeof samplesOf>): number =>
  samplesOf(...args).reduce((sum, sample) => sum + sample.value, 0);

export async function scrape(url: string): Promise<Map<string, MetricFamily>> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return parsePrometheusText(await response.text());
}
