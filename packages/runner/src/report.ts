/** The compare command's report: rendered from the summary and the runs, written beside them. */
import { join } from "node:path";
import { gitCommit } from "./manifest.js";
import type { FailedRun } from "./report/failed.js";
import { renderReport, writeReport } from "./report/render.js";
import type { RunOutcome } from "./run-one.js";
import type { CompareSummary, RunRecord } from "./stats/summary.js";

/** What the report is made from. */
export interface ComparisonInput {
  summary: CompareSummary;
  runs: RunRecord[];
  outcomes: RunOutcome[];
  config: unknown;
  threshold: number;
  /** The command line, shown in the report. */
  command?: string | undefined;
  /** Runs that failed, named on the page and under the table. */
  failedRuns?: readonly FailedRun[] | undefined;
}

/** Renders and writes report.html with its figures into `out`; returns the terminal table and the path. */
export async function renderComparison(
  out: string,
  input: ComparisonInput,
): Promise<{ table: string; reportPath: string }> {
  const rendered = await renderReport({
    summary: input.summary,
    runs: input.runs,
    threshold: input.threshold,
    config: input.config,
    failedRuns: input.failedRuns,
    manifest: {
      createdAt: new Date().toISOString(),
      command: input.command,
      gitCommit: gitCommit() ?? undefined,
    },
  });
  await writeReport(out, rendered);
  return { table: `${rendered.headline.text}\n\n${rendered.table}`, reportPath: join(out, "report.html") };
}
