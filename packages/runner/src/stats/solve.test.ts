import { GymkitError } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { type EvaluationRecord, solveStats } from "./solve.js";

const evals = (means: number[]): EvaluationRecord[] =>
  means.map((mean, i) => ({ step: (i + 1) * 10_000, mean, wallSeconds: (i + 1) * 30, evalSeconds: 2 + i }));

describe("solveStats", () => {
  it("finds the first evaluation whose mean reaches the threshold (>=), with its steps and seconds", () => {
    // Evaluations at 10k..50k steps; the third reaches 475 exactly.
    expect(solveStats(evals([20, 300, 475, 120, 500]), 475)).toEqual({
      solved: true,
      step: 30_000,
      seconds: 90, // wall clock at the end of that evaluation, evaluation time included
      evalSeconds: 2 + 3 + 4, // the evaluations' own time up to and including it
    });
  });

  it("solves at the first evaluation and never after a later dip", () => {
    expect(solveStats(evals([500, 10]), 475)).toEqual({
      solved: true,
      step: 10_000,
      seconds: 30,
      evalSeconds: 2,
    });
  });

  it("reports not solved, with null figures, when no evaluation reaches it (or there are none)", () => {
    const unsolved = { solved: false, step: null, seconds: null, evalSeconds: null };
    expect(solveStats(evals([474.99, 300]), 475)).toEqual(unsolved);
    expect(solveStats([], 475)).toEqual(unsolved);
  });

  it("refuses a threshold that is not a finite number", () => {
    expect(() => solveStats(evals([500]), Number.NaN)).toThrow(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "solveStats: threshold must be a finite number (the env's reward threshold, 475 for CartPole-v1), got NaN.",
      ),
    );
  });
});
