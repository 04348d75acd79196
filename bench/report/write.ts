import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Run } from "../measure";
import { type BenchOptions } from "../options";
import { svgChart } from "./chart";
import { markdownTable } from "./markdown";
import { type RunTimes } from "./run-times";
import { type SummaryRow } from "./summary";

export interface BenchReport extends RunTimes {
  /** The conditions, in one line: what a reader needs to judge the numbers. */
  conditions: string;
  options: BenchOptions;
  summary: SummaryRow[];
  runs: Run[];
}

/** results.json (everything), results.md (the table) and results.svg (the chart) in `dir`; returns the markdown. */
export function writeReport(dir: string, report: BenchReport): string {
  mkdirSync(dir, { recursive: true });
  const markdown = `${report.conditions}\n\n${markdownTable(report.summary)}\n`;
  writeFileSync(path.join(dir, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, "results.md"), markdown);
  writeFileSync(path.join(dir, "results.svg"), svgChart(report.summary, report.conditions));
  return markdown;
}
