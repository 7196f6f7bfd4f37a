/**
 * Synthetic `gymkit compare` runs for the report's tests and sample: three variants × 5 seeds on
 * CartPole-v1, evaluated every 5000 steps (0.5 s per evaluation, 6 s of training between them).
 * - "dqn" solves every seed (seed s at evaluation 4 + s); seed 0 stops there (stopAtMean), so its
 *   curve is carried forward; seed 4 ends at 490.
 * - "qlearning" never solves (final scores 9–150).
 * - "<b>x</b>" (a name to escape) is in between: seeds 0 and 3 solve; seed 2 diverges and collapses.
 */
import type { EvaluationRecord } from "../src/stats/solve.js";
import type { RunRecord } from "../src/stats/summary.js";

export const EVAL_EVERY = 5000;
export const EVALUATIONS = 10;
const TRAIN_SECONDS = 6;
const EVAL_SECONDS = 0.5;

/** Rises linearly to `peak` at evaluation `peakAt`, then linearly to `final` at evaluation `count`. */
function evaluations(peak: number, peakAt: number, final: number, count = EVALUATIONS): EvaluationRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const k = i + 1;
    const mean =
      k <= peakAt
        ? (peak * k) / peakAt
        : peak + ((final - peak) * (k - peakAt)) / Math.max(1, count - peakAt);
    return {
      step: k * EVAL_EVERY,
      mean: Math.round(mean * 100) / 100,
      wallSeconds: k * (TRAIN_SECONDS + EVAL_SECONDS),
      evalSeconds: EVAL_SECONDS,
    };
  });
}

function run(variant: string, seed: number, evals: EvaluationRecord[], diverged = false): RunRecord {
  return { variant, seed, evaluations: evals, finalScore: evals.at(-1)!.mean, diverged };
}

export const ESCAPED_NAME = "<b>x</b>";

/** The three variants' runs (15). */
export function compareRuns(): RunRecord[] {
  const q = [12, 25, 18, 150, 9];
  const x: Array<[peak: number, peakAt: number, final: number]> = [
    [480, 6, 350],
    [120, 10, 120],
    [300, 5, 60],
    [476, 8, 476],
    [300, 9, 300],
  ];
  return [
    ...[0, 1, 2, 3, 4].map((s) =>
      run("dqn", s, evaluations(500, 4 + s, s === 4 ? 490 : 500, s === 0 ? 4 : EVALUATIONS)),
    ),
    ...q.map((final, s) => run("qlearning", s, evaluations(final, EVALUATIONS, final))),
    ...x.map(([peak, at, final], s) => run(ESCAPED_NAME, s, evaluations(peak, at, final), s === 2)),
  ];
}
