/** Reads one sample of the server's /metrics: `metric{label="value"}`. */
export async function readMetric(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(" ")[0];
    if (wanted.every((pair) => labelText.includes(pair))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

/** SQL statements each pool has run so far. */
export async function statementCounts(baseUrl: string): Promise<{ primary: number; replica: number }> {
  const [primary, replica] = await Promise.all([
    readMetric(baseUrl, "skein_db_statements_total", { pool: "primary" }),
    readMetric(baseUrl, "skein_db_statements_total", { pool: "replica" }),
  ]);
  return { primary, replica };
}

/** SQL statements `run` caused on the server at `baseUrl`, per pool. */
export async function statementsPerPoolDuring(baseUrl: string, run: () => Promise<unknown>): Promise<{ primary: number; replica: number }> {
  const before = await statementCounts(baseUrl);
  await run();
  const after = await statementCounts(baseUrl);
  return { primary: after.primary - before.primary, replica: after.replica - before.replica };
}

/** SQL statements `run` caused on the server at `baseUrl`, on both pools. */
export async function statementsDuring(baseUrl: string, run: () => Promise<unknown>): Promise<number> {
  const { primary, replica } = await statementsPerPoolDuring(baseUrl, run);
  return primary + replica;
}

/** Reads a metric until it equals `value`; resolves to how long that took (ms), rejects after `timeoutMs`. */
export async function waitForMetric(baseUrl: string, name: string, labels: Record<string, string>, value: number, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  let last = NaN;
  while (Date.now() - started < timeoutMs) {
    last = await readMetric(baseUrl, name, labels);
    if (last === value) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name}${JSON.stringify(labels)} stayed ${last}, not ${value}, for ${timeoutMs} ms`);
}
