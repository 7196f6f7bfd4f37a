/**
 * When a run solved its env (issue #11): the first periodic greedy evaluation whose mean return
 * reaches the env's reward threshold (475 for CartPole-v1, Gymnasium's `reward_threshold`).
 */
import { describeValue, GymkitError } from "@gymkit/core";

/** One periodic greedy evaluation of a run, as the runner records it. */
export interface EvaluationRecord {
  /** Env steps of training so far (all sub-envs). */
  step: number;
  /** Mean return of the greedy evaluation episodes. */
  mean: number;
  /** Wall-clock seconds since the run started, up to the end of this evaluation (evaluation time included). */
  wallSeconds: number;
  /** Wall-clock seconds this evaluation took. */
  evalSeconds: number;
}

/** What {@link solveStats} found; the figures are `null` when the run never solved. */
export type SolveStats =
  | {
      solved: true;
      /** Env steps at the solving evaluation. */
      step: number;
      /** Wall-clock seconds at the end of the solving evaluation, evaluation time included. */
      seconds: number;
      /** Of `seconds`, how many went to evaluations (all of them up to and including the solving one). */
      evalSeconds: number;
    }
  | { solved: false; step: null; seconds: null; evalSeconds: null };

/**
 * The first evaluation, in the order given, whose mean return is >= `threshold`. Steps and seconds to
 * solve are the run's env steps and wall-clock seconds at that evaluation; `evalSeconds` sums the
 * evaluations' own time up to it, so `seconds − evalSeconds` is the training time alone.
 * @example solveStats([{ step: 1000, mean: 480, wallSeconds: 12, evalSeconds: 2 }], 475)
 *   // { solved: true, step: 1000, seconds: 12, evalSeconds: 2 }
 */
export function solveStats(evaluations: readonly EvaluationRecord[], threshold: number): SolveStats {
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `solveStats: threshold must be a finite number (the env's reward threshold, 475 for CartPole-v1), got ${describeValue(threshold)}.`,
    );
  }
  let evalSeconds = 0;
  for (const e of evaluations) {
    evalSeconds += e.evalSeconds;
    if (e.mean >= threshold) return { solved: true, step: e.step, seconds: e.wallSeconds, evalSeconds };
  }
  return { solved: false, step: null, seconds: null, evalSeconds: null };
}
