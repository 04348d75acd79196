import { type QueryName } from "../queries";
import { type SummaryRow } from "./summary";

const width = 840;
const margin = 12;
const labelWidth = 310;
const valueWidth = 150;
const barHeight = 24;
const barGap = 10;
const titleHeight = 34;
const captionLineHeight = 15;
const panelGap = 18;
const colors: Record<string, string> = { baseline: "#8a8f98", "skein-sql": "#b8bcc4", mercurius: "#3b82f6", skein: "#e4572e", "skein-id": "#c0392b", "skein-b": "#f2a541" };

const escape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const whole = (value: number): string => Math.round(value).toLocaleString("en-US");

/** One panel per query, each on its own scale (the light query is tens of times faster). */
function panel(query: QueryName, rows: SummaryRow[], top: number): string[] {
  const scale = (width - labelWidth - valueWidth) / Math.max(...rows.map((row) => row.maxRps), 1);
  const parts = [`<text x="${margin}" y="${top + 20}" font-weight="bold">${query} query: median req/s, whiskers min to max</text>`];
  rows.forEach((row, index) => {
    const y = top + titleHeight + index * (barHeight + barGap);
    const middle = y + barHeight / 2;
    const ratio = row.ratio === null ? "" : ` (${row.ratio.toFixed(2)}×)`;
    parts.push(
      `<text x="${labelWidth - 8}" y="${middle + 4}" text-anchor="end">${escape(row.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${(row.medianRps * scale).toFixed(1)}" height="${barHeight}" fill="${colors[row.contender]}"/>`,
      `<line x1="${(labelWidth + row.minRps * scale).toFixed(1)}" x2="${(labelWidth + row.maxRps * scale).toFixed(1)}" y1="${middle}" y2="${middle}" stroke="#222" stroke-width="1.5"/>`,
      `<text x="${(labelWidth + row.maxRps * scale + 6).toFixed(1)}" y="${middle + 4}">${whole(row.medianRps)}${ratio}</text>`,
    );
  });
  return parts;
}

/** A hand-written SVG bar chart of the summary: no chart library for two panels of three bars. */
export function svgChart(rows: SummaryRow[], caption: string): string {
  const queries = [...new Set(rows.map((row) => row.query))];
  const parts: string[] = [];
  let top = 0;
  for (const query of queries) {
    const mine = rows.filter((row) => row.query === query);
    parts.push(...panel(query, mine, top));
    top += titleHeight + mine.length * (barHeight + barGap) + panelGap;
  }
  // The caption's clauses, one per line: a single line would run off the chart.
  caption.split("; ").forEach((clause, index) => {
    parts.push(`<text x="${margin}" y="${top + 10 + index * captionLineHeight}" font-size="11" fill="#555">${escape(clause)}</text>`);
  });
  const height = top + 14 + caption.split("; ").length * captionLineHeight;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts.map((part) => `  ${part}`),
    `</svg>`,
    "",
  ].join("\n");
}
