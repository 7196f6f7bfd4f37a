/**
 * The short fixed-width table `gymkit compare` prints when it finishes: one line per variant, and a
 * line under it that says what "solved" counts, so "solved 4/5" beside a low final IQM reads right.
 */
import { isDegenerate } from "../stats/verdict.js";
import { formatCount, formatScore, formatScoreCi, formatSeconds, formatSteps, plainText } from "./format.js";
import { DEGENERATE } from "./headline.js";
import type { ReportModel } from "./model.js";

const RIGHT = [false, true, true, true, true, true] as const; // numbers align right

/**
 * The terminal table: variant, final-score IQM with its 95% interval (labelled when degenerate),
 * seeds that solved at some evaluation, seeds whose final score is at or above the threshold, and
 * the median env steps and wall-clock seconds to solve (`-` when no seed solved). Columns are two
 * spaces apart, no trailing spaces; then the line that explains "solved"; a newline at the end.
 * @example
 * variant    final IQM [95% CI]  solved  final ≥ 475  steps to solve  seconds to solve
 * dqn            500 [500, 500]     5/5          5/5          30,000              61.0
 */
export function terminalTable(model: ReportModel): string {
  const threshold = formatScore(model.threshold);
  const header = [
    "variant",
    "final IQM [95% CI]",
    "solved",
    `final ≥ ${threshold}`,
    "steps to solve",
    "seconds to solve",
  ];
  const rows: string[][] = [
    header,
    ...model.variants.map((v) => {
      const f = v.summary.finalScore;
      return [
        plainText(v.name),
        `${formatScoreCi(f.iqm, f.ci95)}${isDegenerate(f.ci95) ? ` ${DEGENERATE}` : ""}`,
        formatCount(v.solvedCount, v.seeds.length),
        formatCount(v.finalSolvedCount, v.seeds.length),
        formatSteps(v.summary.stepsToSolve.median),
        formatSeconds(v.summary.secondsToSolve.median),
      ];
    }),
  ];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => {
        const pad = " ".repeat(widths[c]! - [...cell].length);
        return RIGHT[c] ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  const note = `solved: a greedy evaluation reached ${threshold} at some point (steps and seconds: medians at the first one); final: the last evaluation, which a run that solved can end below.`;
  return `${rows.map(line).join("\n")}\n${note}\n`;
}
