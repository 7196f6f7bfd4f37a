/**
 * The short fixed-width table `gymkit compare` prints when it finishes: one line per variant.
 */
import { formatCount, formatScoreCi, formatSeconds, formatSteps, plainText } from "./format.js";
import type { ReportModel } from "./model.js";

const HEADER = ["variant", "IQM [95% CI]", "solved", "steps to solve", "seconds to solve"] as const;
const RIGHT = [false, true, true, true, true] as const; // numbers align right

/**
 * The terminal table: variant, final-score IQM with its 95% interval, seeds solved, and the median
 * env steps and wall-clock seconds to solve (`-` when no seed solved). Columns are two spaces
 * apart, no trailing spaces, a newline at the end.
 * @example
 * variant    IQM [95% CI]  solved  steps to solve  seconds to solve
 * dqn        500 [500, 500]   5/5          30,000              61.0
 */
export function terminalTable(model: ReportModel): string {
  const rows: string[][] = [
    [...HEADER],
    ...model.variants.map((v) => [
      plainText(v.name),
      formatScoreCi(v.summary.finalScore.iqm, v.summary.finalScore.ci95),
      formatCount(v.solvedCount, v.seeds.length),
      formatSteps(v.summary.stepsToSolve.median),
      formatSeconds(v.summary.secondsToSolve.median),
    ]),
  ];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => {
        const pad = " ".repeat(widths[c]! - [...cell].length);
        return RIGHT[c] ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  return `${rows.map(line).join("\n")}\n`;
}
