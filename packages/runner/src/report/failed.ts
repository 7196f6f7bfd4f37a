/**
 * Runs of a compare that failed: they are not in the statistics, so every output names them the
 * same way: summary.json's `failedRuns`, a section of report.html and lines under the terminal
 * table, each with the variant, the seed, the message, the last checkpoint and the resume command.
 */
import { escapeHtml as esc, formatSteps } from "./format.js";

/** One failed run, as summary.json's `failedRuns` holds it. */
export interface FailedRun {
  /** `<variant>/seed-<seed>`, as the run directory and the progress lines name it. */
  run: string;
  variant: string;
  seed: number;
  /** The step it reached. */
  step: number;
  /** The step of its last checkpoint; null when it had none (a resume starts it over). */
  checkpoint: number | null;
  /** What went wrong, as the run's error said it. */
  message: string;
  /** The command that resumes it (runs that completed are not run again). */
  resume: string;
}

const whereFrom = (f: FailedRun) =>
  f.checkpoint === null
    ? "no checkpoint yet (a resume starts it over)"
    : `last checkpoint at step ${formatSteps(f.checkpoint)}`;

/** The one resume command when all share it (the usual case: the compare's own), else undefined. */
const sharedResume = (failed: readonly FailedRun[]) =>
  failed.every((f) => f.resume === failed[0]!.resume) ? failed[0]!.resume : undefined;

/**
 * Lines for under the terminal table: a sentence naming the failed runs, one line per run, and the
 * resume command; empty when none failed.
 * @example
 * 2 run(s) failed and are not in these statistics: broken/seed-0, broken/seed-1.
 *   broken/seed-0 (variant broken, seed 0) failed after step 449: Flaky-v0 broke at its step 450; last checkpoint at step 400
 *   ...
 * Resume them with: gymkit compare flaky.yaml --resume
 */
export function failedRunsText(failed: readonly FailedRun[]): string {
  if (failed.length === 0) return "";
  const shared = sharedResume(failed);
  const lines = failed.map(
    (f) =>
      `  ${f.run} (variant ${f.variant}, seed ${f.seed}) failed after step ${formatSteps(f.step)}: ${f.message}; ${whereFrom(f)}${shared === undefined ? `; resume with: ${f.resume}` : ""}`,
  );
  return [
    `${failed.length} run(s) failed and are not in these statistics: ${failed.map((f) => f.run).join(", ")}.`,
    ...lines,
    ...(shared === undefined ? [] : [`Resume ${failed.length === 1 ? "it" : "them"} with: ${shared}`]),
  ]
    .map((l) => `${l}\n`)
    .join("");
}

/** The report's "Failed runs" section (a table and the resume command); empty when none failed. */
export function failedRunsHtml(failed: readonly FailedRun[]): string {
  if (failed.length === 0) return "";
  const shared = sharedResume(failed);
  const rows = failed.map(
    (f) =>
      `<tr><td>${esc(f.run)}</td><td>${esc(f.variant)}</td><td class="n">${f.seed}</td><td class="n">${esc(formatSteps(f.step))}</td><td class="n">${f.checkpoint === null ? "none" : esc(formatSteps(f.checkpoint))}</td><td class="msg">${esc(f.message)}</td>${shared === undefined ? `<td><code>${esc(f.resume)}</code></td>` : ""}</tr>`,
  );
  const head = `<tr><th>run</th><th>variant</th><th class="n">seed</th><th class="n">failed after step</th><th class="n">last checkpoint</th><th>message</th>${shared === undefined ? "<th>resume with</th>" : ""}</tr>`;
  return `<h2 id="failed-runs">Failed runs</h2>
<p class="failed">${failed.length} run(s) failed and are not in the statistics, the figures or the tables below: ${esc(failed.map((f) => f.run).join(", "))}.</p>
<div class="scroll"><table>${head}${rows.join("")}</table></div>
${shared === undefined ? "" : `<p>Resume ${failed.length === 1 ? "it" : "them"} with <code>${esc(shared)}</code>: each continues from its last checkpoint (one without starts over), runs that completed are not run again, and this report is written anew with them.</p>`}`;
}
