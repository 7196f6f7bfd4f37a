import { describe, expect, it } from "vitest";
import type { ConfidenceInterval } from "../stats/bootstrap.js";
import type { CompareSummary, VariantSummary } from "../stats/summary.js";
import { reportHeadline } from "./headline.js";

/** A variant with only what the headline reads: 5 seeds, an IQM and its interval. */
const variant = (iqm: number, ci95: ConfidenceInterval): VariantSummary => ({
  seeds: [0, 1, 2, 3, 4],
  finalScore: { mean: iqm, median: iqm, iqm, ci95 },
  solvedFraction: 0,
  stepsToSolve: { median: null },
  secondsToSolve: { median: null },
  returns: [iqm, iqm, iqm, iqm, iqm],
  diverged: [],
});

/** Two variants, listed in the order given, with P(a > b) and its interval (P(b > a) mirrored). */
function summary(
  a: [string, number, ConfidenceInterval],
  b: [string, number, ConfidenceInterval],
  poi: [number, ConfidenceInterval],
): CompareSummary {
  const [p, [lo, hi]] = poi;
  return {
    env: "CartPole-v1",
    backend: "cpu",
    versions: {},
    variants: { [a[0]]: variant(a[1], a[2]), [b[0]]: variant(b[1], b[2]) },
    probabilityOfImprovement: {
      [a[0]]: { [b[0]]: { value: p, ci95: [lo, hi] } },
      [b[0]]: { [a[0]]: { value: 1 - p, ci95: [1 - hi, 1 - lo] } },
    },
  };
}

describe("reportHeadline", () => {
  it("the issue's example: disjoint IQM intervals and P above 0.5 → clearly ahead (listed highest first)", () => {
    const h = reportHeadline(
      summary(["qlearning", 21.3, [12.1, 35.0]], ["dqn", 500, [498, 500]], [0.02, [0.0, 0.07]]),
    );
    expect(h).toEqual({
      text: "dqn: IQM 500 [498, 500]; qlearning: IQM 21.3 [12.1, 35.0]. P(dqn > qlearning) = 0.98 [0.93, 1.00]. dqn is clearly ahead of qlearning: the IQM intervals do not overlap and P(dqn > qlearning) stays above 0.5 across its interval.",
      estimates:
        "dqn: IQM 500 [498, 500]; qlearning: IQM 21.3 [12.1, 35.0]. P(dqn > qlearning) = 0.98 [0.93, 1.00].",
      verdict:
        "dqn is clearly ahead of qlearning: the IQM intervals do not overlap and P(dqn > qlearning) stays above 0.5 across its interval.",
      leader: "dqn",
      runnerUp: "qlearning",
      clear: true,
    });
  });

  it("overlapping IQM intervals → no clear winner, even with the favourite ahead on the point estimate", () => {
    const h = reportHeadline(
      summary(["dqn", 310, [150, 480]], ["qlearning", 290, [120, 450]], [0.56, [0.3, 0.8]]),
    );
    expect(h.leader).toBe("dqn");
    expect(h.clear).toBe(false);
    expect(h.verdict).toBe(
      "dqn has the higher IQM, but the intervals of dqn and qlearning overlap: no clear winner at this number of seeds (5 seeds).",
    );
  });

  it("Q-learning ahead is said just as plainly", () => {
    const h = reportHeadline(
      summary(["dqn", 120, [80, 160]], ["qlearning", 300, [250, 350]], [0.1, [0.0, 0.3]]),
    );
    expect(h.leader).toBe("qlearning");
    expect(h.clear).toBe(true);
    expect(h.text).toMatch(
      /^qlearning: IQM 300 \[250, 350\]; dqn: IQM 120 \[80, 160\]\. P\(qlearning > dqn\) = 0\.90/,
    );
  });

  it("disjoint IQM intervals but P(a > b)'s interval reaching 0.5 → no clear winner", () => {
    const h = reportHeadline(summary(["a", 400, [350, 450]], ["b", 300, [250, 340]], [0.7, [0.45, 0.9]]));
    expect(h.clear).toBe(false);
    expect(h.verdict).toBe(
      "The IQM intervals of a and b do not overlap, but the interval of P(a > b) includes 0.5: no clear winner at this number of seeds (5 seeds).",
    );
  });

  it("a tie and a single variant", () => {
    const tie = reportHeadline(summary(["a", 500, [500, 500]], ["b", 500, [500, 500]], [0.5, [0.5, 0.5]]));
    expect(tie).toMatchObject({ leader: "a", runnerUp: "b", clear: false });
    expect(tie.verdict).toBe(
      "a and b have the same IQM and their intervals overlap: no clear winner at this number of seeds (5 seeds).",
    );
    const one = summary(["a", 500, [500, 500]], ["b", 0, [0, 0]], [1, [1, 1]]);
    delete one.variants.b;
    one.probabilityOfImprovement = { a: {} };
    expect(reportHeadline(one).text).toBe(
      "a: IQM 500 [500, 500]. Only one variant, so there is nothing to compare it with.",
    );
  });
});
