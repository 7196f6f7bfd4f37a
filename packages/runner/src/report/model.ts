/**
 * What the compare report shows, computed once from summary.json and the runs: the figures, the
 * HTML tables and the terminal table all read this, so they cannot disagree.
 */
import { createRng, describeValue, GymkitError, type Rng } from "@gymkit/core";
import { bootstrapCi, type ConfidenceInterval, DEFAULT_BOOTSTRAP_REPS } from "../stats/bootstrap.js";
import { type CurveBand, curveBand } from "../stats/curves.js";
import { median } from "../stats/descriptive.js";
import { linspace, type PerformanceProfile, performanceProfile } from "../stats/profile.js";
import { type SolveStats, solveStats } from "../stats/solve.js";
import type { CompareSummary, RunRecord, VariantSummary } from "../stats/summary.js";

/**
 * Variant colours, in summary order (Tableau 10, vega's default categorical scheme); the same
 * variant has the same colour in every figure and in the tables' swatches. Past 10 they repeat.
 */
export const VARIANT_COLORS = [
  "#4c78a8",
  "#f58518",
  "#54a24b",
  "#e45756",
  "#72b7b2",
  "#eeca3b",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
] as const;

/** One seed of one variant: the per-seed table's row. */
export interface SeedRow {
  variant: string;
  seed: number;
  finalScore: number;
  solve: SolveStats;
  evaluations: number;
  diverged: boolean;
}

/** The learning curve of one variant: the bands per evaluation index, placed at env steps. */
export interface VariantCurve {
  /** Env steps of evaluation i (from the seed with the most evaluations; all share the schedule). */
  steps: number[];
  /** IQM across seeds with its 95% band: the aggregate the headline uses. */
  iqm: CurveBand;
  /** Mean across seeds with its 95% band. */
  mean: CurveBand;
  /** Seeds with at least one evaluation (the others are left out of the curve). */
  seeds: number;
}

/** One variant as the report shows it. */
export interface VariantRow {
  name: string;
  color: string;
  summary: VariantSummary;
  /** 95% bootstrap intervals of the mean and median (summary.json has the IQM's). */
  meanCi: ConfidenceInterval;
  medianCi: ConfidenceInterval;
  solvedCount: number;
  /** Seeds whose final score is at or above the threshold. */
  finalSolvedCount: number;
  /** Median over the solved seeds of the evaluation seconds up to solving; `null` when none solved. */
  evalSecondsToSolve: number | null;
  curve: VariantCurve | null;
  /** Fraction of seeds with a final score above each of the model's `taus`, with its 95% band. */
  profile: PerformanceProfile;
  seeds: SeedRow[];
}

/** Everything the report renders. */
export interface ReportModel {
  summary: CompareSummary;
  threshold: number;
  reps: number;
  seed: number;
  variants: VariantRow[];
  /** The thresholds τ of the performance profiles: 101 from min(0, lowest score) to max(threshold, highest score). */
  taus: number[];
  /** The runs, in variant order, then by seed. */
  runs: RunRecord[];
}

/** Options of {@link buildReportModel} beyond the data. */
export interface ReportModelOptions {
  /** The env's reward threshold, e.g. 475 for CartPole-v1 (what "solved" means). */
  threshold: number;
  /** Seed of the report's own bootstraps (curve bands, mean and median intervals). @default 0 */
  seed?: number | undefined;
  /** Replicates per interval. @default 2000 */
  reps?: number | undefined;
}

const invalid = (message: string) => new GymkitError("GYMKIT_INVALID_ARGUMENT", `renderReport: ${message}`);

function variantCurve(runs: readonly RunRecord[], rng: Rng, reps: number): VariantCurve | null {
  const evaluated = runs.filter((r) => r.evaluations.length > 0);
  if (evaluated.length === 0) return null;
  const longest = evaluated.reduce((a, b) => (b.evaluations.length > a.evaluations.length ? b : a));
  const curves = evaluated.map((r) => r.evaluations.map((e) => e.mean));
  return {
    steps: longest.evaluations.map((e) => e.step),
    iqm: curveBand(curves, { rng: rng.fork("iqm"), reps, statistic: "iqm" }),
    mean: curveBand(curves, { rng: rng.fork("mean"), reps, statistic: "mean" }),
    seeds: evaluated.length,
  };
}

/** Thresholds for the performance profiles: 101 from min(0, lowest score) to max(threshold, highest). */
function profileTaus(summary: CompareSummary, threshold: number): number[] {
  const scores = Object.values(summary.variants).flatMap((v) => v.returns);
  return linspace(Math.min(0, ...scores), Math.max(threshold, ...scores), 101);
}

/**
 * The report's model: per variant (in summary order) its summary, mean and median intervals, solve
 * figures per seed from the runs, the learning-curve bands (IQM and mean) and the performance profile. Each bootstrap draws from its own fork
 * of `createRng(seed)` named after the variant, as {@link summarize} does.
 */
export function buildReportModel(
  summary: CompareSummary,
  runs: readonly RunRecord[],
  options: ReportModelOptions,
): ReportModel {
  const { threshold, seed = 0, reps = DEFAULT_BOOTSTRAP_REPS } = options;
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
    throw invalid(
      `threshold must be a finite number (the env's reward threshold, 475 for CartPole-v1), got ${describeValue(threshold)}.`,
    );
  }
  const names = Object.keys(summary.variants);
  for (const run of runs) {
    if (!Object.hasOwn(summary.variants, run.variant)) {
      throw invalid(
        `a run belongs to variant ${describeValue(run.variant)}, which summary.json does not have (it has ${names.map((n) => JSON.stringify(n)).join(", ")}). Pass the runs the summary was made from.`,
      );
    }
  }
  const root = createRng(seed);
  const taus = profileTaus(summary, threshold);
  const variants = names.map((name, i): VariantRow => {
    const s = summary.variants[name]!;
    const own = runs.filter((r) => r.variant === name).sort((a, b) => a.seed - b.seed);
    const ownSeeds = own.map((r) => r.seed);
    if (ownSeeds.join() !== s.seeds.join()) {
      throw invalid(
        `summary.json has seeds [${s.seeds.join(", ")}] for variant ${JSON.stringify(name)}, the runs [${ownSeeds.join(", ")}]. Pass the runs the summary was made from.`,
      );
    }
    const seeds = own.map(
      (r): SeedRow => ({
        variant: name,
        seed: r.seed,
        finalScore: r.finalScore,
        solve: solveStats(r.evaluations, threshold),
        evaluations: r.evaluations.length,
        diverged: r.diverged,
      }),
    );
    const evalSeconds = seeds.flatMap((r) => (r.solve.solved ? [r.solve.evalSeconds] : []));
    const key = JSON.stringify(name); // names may contain '/'
    return {
      name,
      color: VARIANT_COLORS[i % VARIANT_COLORS.length]!,
      summary: s,
      meanCi: bootstrapCi(s.returns, "mean", { reps, rng: root.fork(`report/mean/${key}`) }),
      medianCi: bootstrapCi(s.returns, "median", { reps, rng: root.fork(`report/median/${key}`) }),
      solvedCount: seeds.filter((r) => r.solve.solved).length,
      finalSolvedCount: seeds.filter((r) => r.finalScore >= threshold).length,
      evalSecondsToSolve: evalSeconds.length === 0 ? null : median(evalSeconds),
      curve: variantCurve(own, root.fork(`report/curve/${key}`), reps),
      profile: performanceProfile(s.returns, taus, { reps, rng: root.fork(`report/profile/${key}`) }),
      seeds,
    };
  });
  const ordered = names.flatMap((name) =>
    runs.filter((r) => r.variant === name).sort((a, b) => a.seed - b.seed),
  );
  return { summary, threshold, reps, seed, variants, taus, runs: ordered };
}
