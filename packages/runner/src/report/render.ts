/**
 * The `gymkit compare` report (issue #11): {@link renderReport} turns summary.json and the runs into
 * report.html, its figures (SVG + PNG) and a terminal table, in memory; {@link writeReport} puts
 * them on disk, each file atomically.
 */
import { join } from "node:path";
import { writeFileAtomic } from "@gymkit/core/node";
import { renderVegaLite } from "@gymkit/loggers";
import type { CompareSummary, RunRecord } from "../stats/summary.js";
import { type FailedRun, failedRunsText } from "./failed.js";
import {
  FIGURE_NAMES,
  type FigureName,
  finalScoresSpec,
  improvementSpec,
  learningCurvesSpec,
  performanceProfileSpec,
} from "./figures.js";
import { type Headline, reportHeadline } from "./headline.js";
import { type ReportManifest, reportHtml } from "./html.js";
import { buildReportModel } from "./model.js";
import { terminalTable } from "./table.js";

/** Input of {@link renderReport}. */
export interface ReportInput {
  /** summary.json, from `summarize()`. */
  summary: CompareSummary;
  /** The runs the summary was made from (their evaluations draw the curves and the per-seed table). */
  runs: readonly RunRecord[];
  /** The env's reward threshold (475 for CartPole-v1): the dashed line, and what "solved" means. */
  threshold: number;
  /** @default "gymkit compare: <env>" */
  title?: string | undefined;
  /** The resolved config, shown as JSON at the end of the page. */
  config?: unknown;
  manifest?: ReportManifest | undefined;
  /** Seed of the report's own bootstraps (curve bands, mean and median intervals). @default 0 */
  seed?: number | undefined;
  /** Bootstrap replicates of those intervals. @default 2000 */
  reps?: number | undefined;
  /** PNG pixels per SVG pixel. @default 2 */
  scale?: number | undefined;
  /** Runs that failed (not in `summary`): a section of the page and lines under the table. */
  failedRuns?: readonly FailedRun[] | undefined;
}

/** One figure, as vega drew it and as resvg rasterized it. */
export interface ReportFigure {
  svg: string;
  png: Uint8Array;
}

/** What {@link renderReport} makes. */
export interface RenderedReport {
  /** report.html: self-contained (inline SVG and CSS, no scripts, no external URLs). */
  html: string;
  /** Keyed by file name: `figures/<name>.svg` and `.png`. */
  figures: Record<FigureName, ReportFigure>;
  /** The fixed-width table for the terminal, then the failed runs if any, ending in a newline. */
  table: string;
  /** The headline sentence and its verdict (also at the top of the page). */
  headline: Headline;
}

/**
 * Renders the compare report: learning curves (IQM and mean), final-score intervals, performance
 * profiles and probability of improvement (Vega-Lite → SVG → PNG through `@gymkit/loggers`), the
 * headline, the tables and the page. Async
 * only because vega renders asynchronously; nothing is written. The same input gives the same output
 * (the bootstraps are seeded and no clock is read; the date comes from `manifest.createdAt`).
 */
export async function renderReport(input: ReportInput): Promise<RenderedReport> {
  const model = buildReportModel(input.summary, input.runs, {
    threshold: input.threshold,
    seed: input.seed,
    reps: input.reps,
  });
  const specs: Record<FigureName, Record<string, unknown>> = {
    "learning-curves": learningCurvesSpec(model, "iqm"),
    "learning-curves-mean": learningCurvesSpec(model, "mean"),
    "final-scores": finalScoresSpec(model),
    "performance-profile": performanceProfileSpec(model),
    "probability-of-improvement": improvementSpec(model),
  };
  // One at a time: vega's work is synchronous CPU, so running them together saves nothing.
  const figures = {} as Record<FigureName, ReportFigure>;
  for (const name of FIGURE_NAMES) figures[name] = await renderVegaLite(specs[name], { scale: input.scale });
  const headline = reportHeadline(input.summary);
  const html = reportHtml({
    model,
    headline,
    figures,
    title: input.title ?? `gymkit compare: ${input.summary.env}`,
    config: input.config,
    manifest: input.manifest,
    failedRuns: input.failedRuns,
  });
  const failed = failedRunsText(input.failedRuns ?? []);
  return { html, figures, table: `${terminalTable(model)}${failed === "" ? "" : `\n${failed}`}`, headline };
}

/**
 * Writes `<outDir>/figures/<name>.svg` and `.png` for each figure, then `<outDir>/report.html`
 * last, so a page on disk always has its figure files. Each file is replaced atomically
 * (`writeFileAtomic`). `outDir` is used as given: the runner has validated it. Returns the paths
 * written, in order.
 */
export async function writeReport(outDir: string, rendered: RenderedReport): Promise<string[]> {
  const written: string[] = [];
  for (const name of FIGURE_NAMES) {
    const figure = rendered.figures[name];
    for (const [ext, data] of [
      ["svg", figure.svg],
      ["png", figure.png],
    ] as const) {
      const path = join(outDir, "figures", `${name}.${ext}`);
      await writeFileAtomic(path, data);
      written.push(path);
    }
  }
  const html = join(outDir, "report.html");
  await writeFileAtomic(html, rendered.html);
  written.push(html);
  return written;
}
