import { GymkitError } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { A, B } from "../../test/stats-reference.js";
import { reportHeadline } from "../report/headline.js";
import type { EvaluationRecord } from "./solve.js";
import { type RunRecord, type SummarizeInput, summarize } from "./summary.js";

/** A run whose evaluations every 10k steps end at `finalScore`, solving at `solveAt` (1-based) if given. */
function run(
  variant: string,
  seed: number,
  finalScore: number,
  solveAt?: number,
  diverged = false,
): RunRecord {
  const evaluations: EvaluationRecord[] = [1, 2, 3, 4].map((k) => ({
    step: k * 10_000,
    mean: k === 4 ? finalScore : solveAt !== undefined && k >= solveAt ? 480 : 100,
    wallSeconds: k * 20 + seed,
    evalSeconds: 1,
  }));
  return { variant, seed, evaluations, finalScore, diverged };
}

const input = (runs: RunRecord[], extra: Partial<SummarizeInput> = {}): SummarizeInput => ({
  env: "CartPole-v1",
  backend: "cpu",
  versions: { "@gymkit/runner": "0.1.0" },
  threshold: 475,
  runs,
  ...extra,
});

// The samples as two variants; seeds listed out of order to check sorting.
const referenceRuns = (): RunRecord[] => [
  ...A.map((score, i) => run("dqn", 9 - i, score, score >= 475 ? 2 : undefined, i === 3)),
  ...B.map((score, i) => run("q-learning", i, score, score >= 475 ? 3 : undefined)),
];

describe("summarize", () => {
  it("builds summary.json with the issue's reference statistics", () => {
    const s = summarize(input(referenceRuns()));
    expect(Object.keys(s)).toEqual([
      "env",
      "threshold",
      "backend",
      "versions",
      "variants",
      "probabilityOfImprovement",
      "verdict",
    ]);
    expect(s.env).toBe("CartPole-v1");
    expect(s.threshold).toBe(475);
    expect(s.backend).toBe("cpu");
    expect(s.versions).toEqual({ "@gymkit/runner": "0.1.0" });
    expect(Object.keys(s.variants)).toEqual(["dqn", "q-learning"]);

    const dqn = s.variants.dqn!;
    expect(Object.keys(dqn)).toEqual([
      "seeds",
      "finalScore",
      "solvedFraction",
      "finalSolvedFraction",
      "stepsToSolve",
      "secondsToSolve",
      "returns",
      "diverged",
    ]);
    expect(dqn.seeds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dqn.returns).toEqual([...A].reverse()); // seed s had A[9 - s]
    expect(dqn.finalScore.mean).toBeCloseTo(378.59, 4);
    expect(dqn.finalScore.median).toBeCloseTo(493.7, 4);
    expect(dqn.finalScore.iqm).toBeCloseTo(458.7667, 4);
    const [lo, hi] = dqn.finalScore.ci95;
    expect(lo).toBeLessThan(dqn.finalScore.iqm);
    expect(hi).toBeGreaterThanOrEqual(dqn.finalScore.iqm);
    expect(s.variants["q-learning"]!.finalScore.iqm).toBeCloseTo(32.7667, 4);
    expect(dqn.diverged).toEqual([6]);
    expect(s.variants["q-learning"]!.diverged).toEqual([]);

    const poi = s.probabilityOfImprovement;
    expect(Object.keys(poi)).toEqual(["dqn", "q-learning"]);
    expect(Object.keys(poi.dqn!)).toEqual(["q-learning"]);
    expect(poi.dqn!["q-learning"]!.value).toBeCloseTo(0.86, 12);
    expect(poi["q-learning"]!.dqn!.value).toBeCloseTo(0.14, 12);
    const [plo, phi] = poi.dqn!["q-learning"]!.ci95;
    expect(poi["q-learning"]!.dqn!.ci95[0]).toBeCloseTo(1 - phi, 12);
    expect(poi["q-learning"]!.dqn!.ci95[1]).toBeCloseTo(1 - plo, 12);
    expect(plo).toBeLessThanOrEqual(0.86);
    expect(phi).toBeGreaterThanOrEqual(0.86);
  });

  it("reports solved fraction and median steps and seconds to solve over the seeds that solved", () => {
    const s = summarize(input(referenceRuns()));
    // dqn: 6 of A's 10 scores are >= 475 and those seeds reach 480 at their 2nd evaluation.
    const dqn = s.variants.dqn!;
    expect(dqn.solvedFraction).toBe(0.6);
    expect(dqn.finalSolvedFraction).toBe(0.6); // here the solved seeds are the ones that end >= 475
    expect(dqn.stepsToSolve).toEqual({ median: 20_000 });
    // Seeds 9 - i for A[i] >= 475 (i = 0, 1, 2, 4, 7, 9): 9, 8, 7, 5, 2, 0 -> seconds 40 + seed.
    expect(dqn.secondsToSolve).toEqual({ median: 40 + 6 });
    // q-learning: only seed 9 (500) solves, at its 3rd evaluation.
    const q = s.variants["q-learning"]!;
    expect(q.solvedFraction).toBe(0.1);
    expect(q.stepsToSolve).toEqual({ median: 30_000 });
    expect(q.secondsToSolve).toEqual({ median: 60 + 9 });
  });

  it("gives null medians when no seed solved, and handles one seed", () => {
    const s = summarize(input([run("tiny", 4, 20)]));
    expect(s.variants.tiny).toEqual({
      seeds: [4],
      finalScore: { mean: 20, median: 20, iqm: 20, ci95: [20, 20] },
      solvedFraction: 0,
      finalSolvedFraction: 0,
      stepsToSolve: { median: null },
      secondsToSolve: { median: null },
      returns: [20],
      diverged: [],
    });
    expect(s.probabilityOfImprovement).toEqual({ tiny: {} });
  });

  it("is deterministic for a seed, and a variant's interval does not move when another is added", () => {
    const runs = referenceRuns();
    expect(summarize(input(runs, { seed: 3 }))).toEqual(summarize(input(runs, { seed: 3 })));
    const more = [...runs, run("c51", 0, 300), run("c51", 1, 490, 1)];
    const a = summarize(input(runs, { seed: 3 }));
    const b = summarize(input(more, { seed: 3 }));
    expect(b.variants.dqn).toEqual(a.variants.dqn);
    expect(b.probabilityOfImprovement.dqn!["q-learning"]).toEqual(
      a.probabilityOfImprovement.dqn!["q-learning"],
    );
    expect(Object.keys(b.probabilityOfImprovement.c51!)).toEqual(["dqn", "q-learning"]);
    for (const x of ["dqn", "q-learning", "c51"]) {
      for (const y of ["dqn", "q-learning", "c51"]) {
        if (x === y) continue;
        const sum = b.probabilityOfImprovement[x]![y]!.value + b.probabilityOfImprovement[y]![x]!.value;
        expect(sum).toBeCloseTo(1, 14);
      }
    }
  });

  it("counts a seed that solved and fell back as solved, not as solved at the end", () => {
    // Both reach 480 at their 2nd evaluation; seed 0 ends at 200.
    const s = summarize(input([run("x", 0, 200, 2), run("x", 1, 490, 2)]));
    expect(s.variants.x!.solvedFraction).toBe(1);
    expect(s.variants.x!.finalSolvedFraction).toBe(0.5);
  });

  it("the issue's 2-seed comparison: every seed of one above the other's, P = 1.00 [1.00, 1.00], no verdict", () => {
    const s = summarize(
      input([run("dqn", 0, 150), run("dqn", 1, 168), run("dqn-blog", 0, 432, 2), run("dqn-blog", 1, 500, 2)]),
    );
    expect(s.probabilityOfImprovement["dqn-blog"]!.dqn).toEqual({ value: 1, ci95: [1, 1] });
    expect(s.variants["dqn-blog"]!.finalScore.ci95[0]).toBeGreaterThan(s.variants.dqn!.finalScore.ci95[1]);
    expect(s.verdict).toEqual({
      leader: "dqn-blog",
      runnerUp: "dqn",
      clear: false,
      reason: "too-few-seeds",
      seeds: 2,
      minSeeds: 5,
      chanceOfSeparation: 1 / 3,
      degenerate: ["P(dqn-blog > dqn)"],
      headline: reportHeadline(s).text,
    });
    expect(Object.keys(s.verdict)).toEqual([
      "leader",
      "runnerUp",
      "clear",
      "reason",
      "seeds",
      "minSeeds",
      "chanceOfSeparation",
      "degenerate",
      "headline",
    ]);
    expect(s.verdict.headline).toContain("No verdict with 2 seeds per variant");
    expect(s.verdict.headline).not.toContain("clearly ahead");
  });

  it("serializes to the JSON shape of summary.json", () => {
    const s = summarize(input([run("x", 0, 480, 2), run("x", 1, 470)]));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("refuses empty runs, duplicate seeds and non-finite scores, saying what was wrong", () => {
    expect(() => summarize(input([]))).toThrow(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "summarize: runs is empty; need at least one finished run per variant.",
      ),
    );
    expect(() => summarize(input([run("a", 1, 10), run("a", 1, 20)]))).toThrow(
      'summarize: variant "a" has seed 1 twice; each seed runs once per variant.',
    );
    expect(() => summarize(input([run("a", 1, Number.NaN)]))).toThrow(
      'summarize: variant "a" seed 1 has finalScore NaN; expected a finite number (its last evaluation\'s mean return).',
    );
    expect(() => summarize(input([run("", 1, 3)]))).toThrow(
      'summarize: a run has variant ""; expected a non-empty name.',
    );
  });
});
