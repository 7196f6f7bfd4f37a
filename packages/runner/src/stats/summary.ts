/**
 * `summary.json` of `gymkit compare` (issue #11): per variant the final-score statistics with a 95%
 * bootstrap interval, the solve figures and the diverged seeds, the probability of improvement of
 * every variant over every other, and the verdict with the headline the terminal and report.html
 * print (issue #20). Pure: the same runs and seed give the same summary.
 */
import { createRng, describeValue, GymkitError } from "@gymkit/core";
import { reportHeadline } from "../report/headline.js";
import {
  bootstrapCi,
  type ConfidenceInterval,
  DEFAULT_BOOTSTRAP_REPS,
  probabilityOfImprovementCi,
} from "./bootstrap.js";
import { iqm, mean, median } from "./descriptive.js";
import { probabilityOfImprovement } from "./improvement.js";
import { type EvaluationRecord, solveStats } from "./solve.js";
import { type Judgement, judge } from "./verdict.js";

/** One finished run of a comparison, as the runner records it. */
export interface RunRecord {
  /** The variant (config) the run belongs to. */
  variant: string;
  seed: number;
  /** Its periodic greedy evaluations, in order. */
  evaluations: readonly EvaluationRecord[];
  /** The final score: the last greedy evaluation's mean return. */
  finalScore: number;
  /** Whether the run emitted a `warning` event of kind `divergence`. */
  diverged: boolean;
}

/** Statistics of the final scores of one variant's seeds. `ci95` is the interval of the IQM. */
export interface FinalScoreSummary {
  mean: number;
  median: number;
  iqm: number;
  /** 95% percentile bootstrap interval of the IQM (rliable's headline estimate). */
  ci95: ConfidenceInterval;
}

/** `summary.json`'s `variants[name]`. */
export interface VariantSummary {
  /** The seeds, ascending; `returns` follows the same order. */
  seeds: number[];
  finalScore: FinalScoreSummary;
  /** Fraction of seeds whose evaluation reached the threshold at some point (solved once, whatever came after). */
  solvedFraction: number;
  /**
   * Fraction of seeds whose final score (last evaluation) is at or above the threshold. At most
   * `solvedFraction`: a run that solved can end lower, and the final-score statistics see only the end.
   */
  finalSolvedFraction: number;
  /** Median env steps to solve over the seeds that solved; `null` when none did. */
  stepsToSolve: { median: number | null };
  /** Median wall-clock seconds to solve (evaluation time included) over the seeds that solved; `null` when none did. */
  secondsToSolve: { median: number | null };
  /** Final score per seed, in `seeds` order. */
  returns: number[];
  /** Seeds flagged as diverged, ascending. */
  diverged: number[];
}

/** P(row > column) with its 95% interval. */
export interface ImprovementEstimate {
  value: number;
  ci95: ConfidenceInterval;
}

/** summary.json's `verdict`: what `judge` concluded and the headline that says it. */
export interface SummaryVerdict extends Judgement {
  /** The headline exactly as the terminal and report.html print it (`reportHeadline(summary).text`). */
  headline: string;
}

/** The shape of `summary.json`. */
export interface CompareSummary {
  env: string;
  /** The env's reward threshold: what "solved" means. */
  threshold: number;
  backend: string;
  versions: Record<string, string>;
  variants: Record<string, VariantSummary>;
  /** `probabilityOfImprovement[a][b]` = P(a > b), for every ordered pair of distinct variants. */
  probabilityOfImprovement: Record<string, Record<string, ImprovementEstimate>>;
  verdict: SummaryVerdict;
}

/** Input of {@link summarize}. */
export interface SummarizeInput {
  env: string;
  backend: string;
  versions: Record<string, string>;
  /** The env's reward threshold, e.g. 475 for CartPole-v1. */
  threshold: number;
  runs: readonly RunRecord[];
  /**
   * Seed of the bootstrap. Each interval draws from its own fork (`finalScore/"<variant>"`,
   * `poi/["<a>","<b>"]`), so adding a variant does not move the others' intervals.
   * @default 0
   */
  seed?: number;
  /**
   * Bootstrap replicates per interval.
   * @default 2000
   */
  reps?: number;
}

const invalid = (message: string) => new GymkitError("GYMKIT_INVALID_ARGUMENT", `summarize: ${message}`);

/** The runs of each variant, in order of first appearance, each sorted by seed; checks duplicates. */
function groupRuns(runs: readonly RunRecord[]): Map<string, RunRecord[]> {
  if (runs.length === 0) throw invalid("runs is empty; need at least one finished run per variant.");
  const groups = new Map<string, RunRecord[]>();
  for (const run of runs) {
    if (typeof run.variant !== "string" || run.variant === "") {
      throw invalid(`a run has variant ${describeValue(run.variant)}; expected a non-empty name.`);
    }
    if (!Number.isSafeInteger(run.seed)) {
      throw invalid(
        `variant "${run.variant}" has a run with seed ${describeValue(run.seed)}; expected an integer.`,
      );
    }
    if (typeof run.finalScore !== "number" || !Number.isFinite(run.finalScore)) {
      throw invalid(
        `variant "${run.variant}" seed ${run.seed} has finalScore ${describeValue(run.finalScore)}; expected a finite number (its last evaluation's mean return).`,
      );
    }
    const group = groups.get(run.variant) ?? [];
    if (group.some((r) => r.seed === run.seed)) {
      throw invalid(
        `variant "${run.variant}" has seed ${describeValue(run.seed)} twice; each seed runs once per variant.`,
      );
    }
    group.push(run);
    groups.set(run.variant, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.seed - b.seed);
  return groups;
}

/** Median of the non-null values, or null when there are none. */
const medianOrNull = (values: Array<number | null>): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : median(present);
};

/**
 * Builds `summary.json` from the finished runs: per variant the mean, median and IQM of the final
 * scores with a 95% bootstrap interval of the IQM, the solved fraction (ever, and at the end) and
 * median steps and seconds to solve (see {@link solveStats}), the per-seed final scores and the
 * diverged seeds; P(a > b) with its 95% interval for every ordered pair (P(b > a) is derived as
 * 1 − P(a > b), its interval mirrored, so the two always add up to 1); and the verdict (`judge`)
 * with the headline sentence.
 */
export function summarize(input: SummarizeInput): CompareSummary {
  const { threshold, seed = 0, reps = DEFAULT_BOOTSTRAP_REPS } = input;
  const root = createRng(seed);
  const groups = groupRuns(input.runs);
  const scores = new Map<string, number[]>();

  const variants: Array<[string, VariantSummary]> = [];
  for (const [name, group] of groups) {
    const returns = group.map((r) => r.finalScore);
    const solves = group.map((r) => solveStats(r.evaluations, threshold));
    scores.set(name, returns);
    variants.push([
      name,
      {
        seeds: group.map((r) => r.seed),
        finalScore: {
          mean: mean(returns),
          median: median(returns),
          iqm: iqm(returns),
          ci95: bootstrapCi(returns, "iqm", {
            reps,
            confidence: 0.95,
            rng: root.fork(`finalScore/${JSON.stringify(name)}`),
          }),
        },
        solvedFraction: solves.filter((s) => s.solved).length / group.length,
        finalSolvedFraction: returns.filter((r) => r >= threshold).length / group.length,
        stepsToSolve: { median: medianOrNull(solves.map((s) => s.step)) },
        secondsToSolve: { median: medianOrNull(solves.map((s) => s.seconds)) },
        returns,
        diverged: group.filter((r) => r.diverged).map((r) => r.seed),
      },
    ]);
  }

  const names = [...groups.keys()];
  const poi = new Map<string, Array<[string, ImprovementEstimate]>>(names.map((n) => [n, []]));
  names.forEach((a, i) => {
    for (const b of names.slice(i + 1)) {
      const x = scores.get(a)!;
      const y = scores.get(b)!;
      const value = probabilityOfImprovement(x, y);
      const [lo, hi] = probabilityOfImprovementCi(x, y, {
        reps,
        confidence: 0.95,
        rng: root.fork(`poi/${JSON.stringify([a, b])}`), // JSON: names may contain '/'
      });
      poi.get(a)!.push([b, { value, ci95: [lo, hi] }]);
      poi.get(b)!.push([a, { value: 1 - value, ci95: [1 - hi, 1 - lo] }]);
    }
  });

  const stats = {
    env: input.env,
    threshold,
    backend: input.backend,
    versions: { ...input.versions },
    variants: Object.fromEntries(variants),
    probabilityOfImprovement: Object.fromEntries(names.map((n) => [n, Object.fromEntries(poi.get(n)!)])),
  };
  // groupRuns refused an empty list, so there is a leader to judge.
  return { ...stats, verdict: { ...judge(stats)!, headline: reportHeadline(stats).text } };
}
