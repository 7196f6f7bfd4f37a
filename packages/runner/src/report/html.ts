/**
 * report.html: one self-contained page (inline CSS, the figures as inline SVG, no scripts, no
 * external URLs), so it opens from disk, from an archive or attached to an issue. Every piece of text
 * that comes from data (variant names, versions, config) goes through `escapeHtml`.
 */
import { GymkitError } from "@gymkit/core";
import type { ConfidenceInterval } from "../stats/bootstrap.js";
import { isDegenerate, MIN_SEEDS_FOR_VERDICT } from "../stats/verdict.js";
import { type FailedRun, failedRunsHtml } from "./failed.js";
import type { FigureName } from "./figures.js";
import {
  escapeHtml as esc,
  formatCount,
  formatProbabilityCi,
  formatScore,
  formatScoreCi,
  formatSeconds,
  formatSteps,
  scoreDecimals,
} from "./format.js";
import { DEGENERATE, type Headline } from "./headline.js";
import type { ReportModel, VariantRow } from "./model.js";

/** Who made the report and when; shown under the title. All optional. */
export interface ReportManifest {
  /** When the comparison ran, e.g. an ISO 8601 timestamp. */
  createdAt?: string | undefined;
  /** The command line that made it. */
  command?: string | undefined;
  /** The git commit of the code that ran. */
  gitCommit?: string | undefined;
}

/** What {@link reportHtml} lays out. */
export interface HtmlParts {
  model: ReportModel;
  headline: Headline;
  figures: Record<FigureName, { svg: string }>;
  title: string;
  config?: unknown;
  manifest?: ReportManifest | undefined;
  failedRuns?: readonly FailedRun[] | undefined;
}

const CSS = `
body{margin:0;background:#fafafa;color:#222;font:15px/1.5 system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif}
main{max-width:1080px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:36px 0 8px;border-bottom:1px solid #e5e5e5;padding-bottom:4px}
.meta{color:#555;font-size:13px;margin:0 0 16px}.meta b{color:#222;font-weight:600}
.headline{font-size:16px;background:#f3f6fa;border-left:4px solid #4c78a8;padding:10px 14px;margin:16px 0}
.headline.unclear{border-left-color:#e45756;background:#fdf4f4}.caution{font-size:13px;color:#555}
.deg{color:#b45309;font-size:11px;margin-left:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f5f5f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td{white-space:nowrap}.scroll{overflow-x:auto}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
figure{margin:16px 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:13px;max-width:760px}
.links{font-size:12px}.links a{color:#4c78a8}
pre{background:#f6f8fa;padding:12px;overflow:auto;font-size:12px;line-height:1.4}
.muted{color:#888}.strong{font-weight:600}
.failed{background:#fdf4f4;border-left:4px solid #e45756;padding:8px 14px}td.msg{white-space:normal;min-width:280px}
`;

/**
 * A vega SVG to put inline: its ids (clip paths) and references to them get a per-figure prefix,
 * because vega numbers clip paths from 1 in every SVG and ids are global to the HTML document: the
 * second figure would otherwise clip with the first one's rectangles. Only tags are rewritten, never
 * text (vega escapes `<` and `>` in text, so `<[^>]*>` matches tags only).
 */
export function inlineSvg(svg: string, prefix: string): string {
  return svg.replace(/<[^>]*>/g, (tag) =>
    tag
      .replace(/\bid="/g, `id="${prefix}-`)
      .replace(/url\(#/g, `url(#${prefix}-`)
      .replace(/href="#/g, `href="#${prefix}-`),
  );
}

/** An interval cell's HTML: the text escaped, and the degenerate label when the interval has zero width. */
const ciHtml = (text: string, ci: ConfidenceInterval) =>
  `${esc(text)}${isDegenerate(ci) ? `<span class="deg">${DEGENERATE}</span>` : ""}`;

const swatch = (v: VariantRow) => `<span class="sw" style="background:${v.color}"></span>`;
const cell = (text: string, numeric = false) => `<td${numeric ? ' class="n"' : ""}>${esc(text)}</td>`;
const head = (labels: Array<string | [string, "n"]>) =>
  `<tr>${labels.map((l) => (typeof l === "string" ? `<th>${esc(l)}</th>` : `<th class="n">${esc(l[0])}</th>`)).join("")}</tr>`;

function variantTable(model: ReportModel): string {
  const rows = model.variants.map((v) => {
    const f = v.summary.finalScore;
    const diverged = v.summary.diverged;
    return `<tr><td>${swatch(v)}${esc(v.name)}</td>${[
      cell(String(v.summary.seeds.length), true),
      `<td class="n">${ciHtml(formatScoreCi(f.iqm, f.ci95), f.ci95)}</td>`,
      `<td class="n">${ciHtml(formatScoreCi(f.mean, v.meanCi), v.meanCi)}</td>`,
      `<td class="n">${ciHtml(formatScoreCi(f.median, v.medianCi), v.medianCi)}</td>`,
      cell(
        `${formatCount(v.solvedCount, v.seeds.length)} (${Math.round(100 * v.summary.solvedFraction)}%)`,
        true,
      ),
      cell(formatCount(v.finalSolvedCount, v.seeds.length), true),
      cell(formatSteps(v.summary.stepsToSolve.median), true),
      cell(formatSeconds(v.summary.secondsToSolve.median), true),
      cell(formatSeconds(v.evalSecondsToSolve), true),
      cell(diverged.length === 0 ? "0" : `${diverged.length} (seed ${diverged.join(", ")})`),
    ].join("")}</tr>`;
  });
  const threshold = formatScore(model.threshold);
  return `<div class="scroll"><table>${head([
    "variant",
    ["seeds", "n"],
    ["final IQM [95% CI]", "n"],
    ["final mean [95% CI]", "n"],
    ["final median [95% CI]", "n"],
    [`solved (reached ${threshold})`, "n"],
    [`final ≥ ${threshold}`, "n"],
    ["median steps to solve", "n"],
    ["median seconds to solve", "n"],
    ["of which evaluation", "n"],
    "diverged",
  ])}${rows.join("")}</table></div>`;
}

function improvementMatrix(model: ReportModel): string {
  if (model.variants.length < 2) return `<p class="muted">Only one variant: nothing to compare.</p>`;
  const rows = model.variants.map((a) => {
    const cells = model.variants.map((b) => {
      if (a === b) return `<td class="n muted">—</td>`;
      const p = model.summary.probabilityOfImprovement[a.name]?.[b.name];
      if (p === undefined) return `<td class="n muted">-</td>`;
      const above = p.ci95[0] > 0.5;
      return `<td class="n${above ? " strong" : ""}">${ciHtml(formatProbabilityCi(p.value, p.ci95), p.ci95)}</td>`;
    });
    return `<tr><th>${swatch(a)}${esc(a.name)}</th>${cells.join("")}</tr>`;
  });
  return `<table><tr><th>P(row &gt; column)</th>${model.variants
    .map((b) => `<th class="n">${esc(b.name)}</th>`)
    .join("")}</tr>${rows.join("")}</table>`;
}

function seedTable(model: ReportModel): string {
  const rows = model.variants.flatMap((v) =>
    v.seeds.map(
      (s) =>
        `<tr><td>${swatch(v)}${esc(v.name)}</td>${[
          cell(String(s.seed), true),
          cell(formatScore(s.finalScore, Math.min(1, scoreDecimals(s.finalScore))), true),
          cell(String(s.evaluations), true),
          cell(formatSteps(s.solve.step), true),
          cell(formatSeconds(s.solve.seconds), true),
          cell(formatSeconds(s.solve.evalSeconds), true),
          cell(s.diverged ? "yes" : ""),
        ].join("")}</tr>`,
    ),
  );
  return `<table>${head([
    "variant",
    ["seed", "n"],
    ["final score", "n"],
    ["evaluations", "n"],
    ["solved at step", "n"],
    ["solved at seconds", "n"],
    ["of which evaluation", "n"],
    "diverged",
  ])}${rows.join("")}</table>`;
}

/** Where each variant's band starts to rest on carried-forward values (a seed stopped early). */
function carryForwardNote(model: ReportModel): string {
  const notes = model.variants.flatMap((v) => {
    if (v.curve === null) return [];
    const i = v.curve.iqm.observed.findIndex((n) => n < v.curve!.seeds);
    if (i < 0) return [];
    return [
      `${v.name}: from ${formatSteps(v.curve.steps[i])} steps on, ${v.curve.seeds - v.curve.iqm.observed[i]!} of ${v.curve.seeds} seeds had stopped`,
    ];
  });
  return notes.length === 0
    ? "Every seed was evaluated at every point."
    : `Seeds that stopped early keep their last evaluation (carried forward, not dropped, so the mean does not fall when runs succeed): ${notes.join("; ")}.`;
}

/**
 * "Solved 4/5" beside a final IQM of 275, explained in place: for each variant some of whose solved
 * seeds ended below the threshold, how many solved and how many ended solved.
 */
function solvedNote(model: ReportModel): string {
  const threshold = formatScore(model.threshold);
  const fell = model.variants.flatMap((v) =>
    v.solvedCount > v.finalSolvedCount
      ? [
          `${v.name} solved on ${formatCount(v.solvedCount, v.seeds.length)} seeds but ended at ${threshold} or more on ${formatCount(v.finalSolvedCount, v.seeds.length)}, so its final IQM (${formatScore(v.summary.finalScore.iqm)}) is below what "solved" suggests`,
        ]
      : [],
  );
  const general = `Solved counts the seeds whose greedy evaluation reached ${threshold} at some point (the first such evaluation is when it solved); the final scores, and their IQM, are the last evaluation, which a run that solved can end below.`;
  return fell.length === 0 ? general : `${general} Here ${fell.join("; ")}.`;
}

/** Why a verdict needs 5 seeds per variant (the Method section). */
function minSeedsNote(): string {
  const n = MIN_SEEDS_FOR_VERDICT;
  return `No verdict below ${n} seeds per variant: a percentile bootstrap can only resample the seeds it has, so over 2 or 3 seeds it gives intervals that look certain and are not. With n seeds each and no real difference, every seed of one variant lands above every seed of the other with probability 2 / C(2n, n) (33% at 2 seeds, 10% at 3, 2.9% at 4, 0.8% at 5), and the bootstrap then reports P = 1.00 [1.00, 1.00]; simulated, the 95% interval of the IQM contained the true IQM about 48% of the time at 2 seeds, 72% at 3, 86% at 4 and 90% at 5 (docs/comparison.md). An interval marked ${DEGENERATE} has zero width: every resample gave the same value, which shows no spread, not certainty.`;
}

function figure(parts: HtmlParts, name: FigureName, caption: string): string {
  const svg = inlineSvg(parts.figures[name].svg, name);
  return `<figure id="${name}">${svg}<figcaption>${caption} <span class="links"><a href="figures/${name}.svg">SVG</a> · <a href="figures/${name}.png">PNG</a></span></figcaption></figure>`;
}

function configBlock(config: unknown): string {
  if (config === undefined) return "";
  let text: string;
  try {
    text = JSON.stringify(config, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2) ?? String(config);
  } catch (e) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `renderReport: config cannot be shown as JSON (${(e as Error).message}). Pass the resolved config as plain data.`,
      { cause: e },
    );
  }
  return `<h2>Resolved config</h2><pre>${esc(text)}</pre>`;
}

function metaLine(parts: HtmlParts): string {
  const { summary } = parts.model;
  const m = parts.manifest ?? {};
  const items = [
    `env <b>${esc(summary.env)}</b>`,
    `backend <b>${esc(summary.backend)}</b>`,
    ...(m.createdAt ? [`date <b>${esc(m.createdAt)}</b>`] : []),
    ...(m.gitCommit ? [`commit <b>${esc(m.gitCommit)}</b>`] : []),
  ];
  const versions = Object.entries(summary.versions)
    .map(([k, v]) => `${esc(k)} ${esc(v)}`)
    .join(", ");
  const command = m.command ? `<br>command <code>${esc(m.command)}</code>` : "";
  return `<p class="meta">${items.join(" · ")}${versions ? `<br>versions: ${versions}` : ""}${command}</p>`;
}

/** The whole page. */
export function reportHtml(parts: HtmlParts): string {
  const { model, headline } = parts;
  const threshold = formatScore(model.threshold);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(parts.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${esc(parts.title)}</h1>
${metaLine(parts)}
<p class="headline${headline.clear ? "" : " unclear"}">${esc(headline.estimates)}<br><strong>${esc(headline.verdict)}</strong>${headline.caution === "" ? "" : `<br><span class="caution">${esc(headline.caution)}</span>`}</p>
${failedRunsHtml(parts.failedRuns ?? [])}
<h2>Variants</h2>
${variantTable(model)}
<p>${esc(solvedNote(model))}</p>
<p class="muted">Final score: a run's last greedy evaluation (mean return of its evaluation episodes). Steps and seconds to solve are the run's env steps and wall-clock seconds at the first evaluation that reached ${esc(threshold)}, evaluation time included ("of which evaluation" is the time spent evaluating up to then). Medians over the seeds that solved.</p>
<h2>Learning curves</h2>
${figure(parts, "learning-curves", `Greedy evaluation return against env steps: interquartile mean across seeds (the aggregate of the headline) with a 95% bootstrap band, rliable's sample-efficiency curve; single seeds faint; the dashed line at ${esc(threshold)} is solved. ${esc(carryForwardNote(model))}`)}
${figure(parts, "learning-curves-mean", "The same runs as the mean across seeds with its 95% bootstrap band: the mean feels every seed, so one collapsed seed pulls it down where the IQM, which drops the best and worst quarter, does not.")}
<h2>Final scores</h2>
${figure(parts, "final-scores", "Median, interquartile mean (the mean of the middle 50% of seeds) and mean of the final scores, each with a 95% percentile bootstrap interval over seeds (rliable, Agarwal et al. 2021).")}
${figure(parts, "performance-profile", `Performance profile (rliable's score distribution): for each score τ, the fraction of seeds whose final score is above τ, with a 95% bootstrap band. A curve above another everywhere is better at every level; the dashed line at ${esc(threshold)} is solved, so where a curve crosses it is the fraction of seeds that ended above it.`)}
<h2>Probability of improvement</h2>
${figure(parts, "probability-of-improvement", "P(a &gt; b): the probability that a random seed of a ends with a higher final score than a random seed of b (ties count half), with a 95% bootstrap interval. Above 0.5 across the whole interval means a is reliably better.")}
${improvementMatrix(model)}
<h2>Seeds</h2>
${seedTable(model)}
<h2>Method</h2>
<p>Statistics follow rliable (Agarwal et al. 2021, "Deep Reinforcement Learning at the Edge of the Statistical Precipice"): interquartile mean, percentile bootstrap intervals over seeds (one env, so the stratified bootstrap resamples seeds), and the probability of improvement (Mann–Whitney U / (n·m)). The IQM and P(a &gt; b) intervals are those of summary.json; the report's own intervals (mean, median, curve and profile bands) use ${model.reps} replicates seeded with ${model.seed}. Diverged: the run emitted a divergence warning.</p>
<p>${esc(minSeedsNote())}</p>
${configBlock(parts.config)}
</main>
</body>
</html>
`;
}
