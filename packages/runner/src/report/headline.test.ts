import { describe, expect, it } from "vitest";
import type { ConfidenceInterval } from "../stats/bootstrap.js";
import type { JudgeInput } from "../stats/verdict.js";
import { reportHeadline } from "./headline.js";

/** A variant with only what the headline reads: its seeds (5 unless given), an IQM and its interval. */
const variant = (iqm: number, ci95: ConfidenceInterval, seeds = 5) => ({
  seeds: Array.from({ length: seeds }, (_, i) => i),
  finalScore: { mean: iqm, median: iqm, iqm, ci95 },
});

/** Two variants, listed in the order given, with P(a > b) and its interval (P(b > a) mirrored). */
function summary(
  a: [string, number, ConfidenceInterval, number?],
  b: [string, number, ConfidenceInterval, number?],
  poi: [number, ConfidenceInterval],
): JudgeInput {
  const [p, [lo, hi]] = poi;
  return {
    variants: { [a[0]]: variant(a[1], a[2], a[3]), [b[0]]: variant(b[1], b[2], b[3]) },
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
      caution: "",
      leader: "dqn",
      runnerUp: "qlearning",
      clear: true,
      reason: "clear",
    });
  });

  it("the issue's 2-seed report: P = 1.00 [1.00, 1.00] and disjoint intervals, yet no verdict, and why", () => {
    const h = reportHeadline(
      summary(["dqn", 159, [140, 178], 2], ["dqn-blog", 466, [432, 500], 2], [0, [0, 0]]),
    );
    expect(h).toEqual({
      text: "dqn-blog: IQM 466 [432, 500]; dqn: IQM 159 [140, 178]. P(dqn-blog > dqn) = 1.00 [1.00, 1.00] (degenerate). No verdict with 2 seeds per variant: a verdict needs at least 5 seeds per variant. With so few, two equally good variants would put every seed of one above every seed of the other 33% of the time, and a bootstrap over them then reports P = 1.00 [1.00, 1.00]. Run at least 5 seeds per variant (gymkit compare --seeds 5). Degenerate: P(dqn-blog > dqn) has an interval of zero width, because every bootstrap resample gave the same value (the seeds all equal, or every seed of one variant above every seed of the other); the bootstrap saw no spread, which is not certainty.",
      estimates:
        "dqn-blog: IQM 466 [432, 500]; dqn: IQM 159 [140, 178]. P(dqn-blog > dqn) = 1.00 [1.00, 1.00] (degenerate).",
      verdict:
        "No verdict with 2 seeds per variant: a verdict needs at least 5 seeds per variant. With so few, two equally good variants would put every seed of one above every seed of the other 33% of the time, and a bootstrap over them then reports P = 1.00 [1.00, 1.00]. Run at least 5 seeds per variant (gymkit compare --seeds 5).",
      caution:
        "Degenerate: P(dqn-blog > dqn) has an interval of zero width, because every bootstrap resample gave the same value (the seeds all equal, or every seed of one variant above every seed of the other); the bootstrap saw no spread, which is not certainty.",
      leader: "dqn-blog",
      runnerUp: "dqn",
      clear: false,
      reason: "too-few-seeds",
    });
  });

  it("3 and 4 seeds are still too few; the fewer seeds of the two decide; 5 each may be clear", () => {
    const separated = (n: number, m = n) =>
      reportHeadline(summary(["a", 400, [380, 420], n], ["b", 100, [80, 120], m], [1, [1, 1]]));
    expect(separated(3).verdict).toContain(
      "No verdict with 3 seeds per variant: a verdict needs at least 5 seeds per variant. With so few, two equally good variants would put every seed of one above every seed of the other 10% of the time,",
    );
    expect(separated(4)).toMatchObject({ clear: false, reason: "too-few-seeds" });
    expect(separated(4).verdict).toContain("other 2.9% of the time");
    expect(separated(10, 2).verdict).toMatch(
      /^No verdict with 10 seeds of a and 2 of b: .* other 3\.0% of the time/,
    );
    // 5 each: chance alone separates them 0.8% of the time; the verdict stands, the P interval is labelled.
    const five = separated(5);
    expect(five).toMatchObject({ clear: true, reason: "clear", leader: "a" });
    expect(five.estimates).toBe(
      "a: IQM 400 [380, 420]; b: IQM 100 [80, 120]. P(a > b) = 1.00 [1.00, 1.00] (degenerate).",
    );
    expect(five.caution).toMatch(/^Degenerate: P\(a > b\) has an interval of zero width/);
  });

  it("labels every degenerate IQM interval, in the estimates and in the caution", () => {
    const h = reportHeadline(summary(["a", 500, [500, 500]], ["b", 9, [9, 9]], [1, [1, 1]]));
    expect(h.estimates).toBe(
      "a: IQM 500 [500, 500] (degenerate); b: IQM 9.00 [9.00, 9.00] (degenerate). P(a > b) = 1.00 [1.00, 1.00] (degenerate).",
    );
    expect(h.caution).toMatch(/^Degenerate: IQM of a, IQM of b, P\(a > b\) have an interval of zero width/);
    expect(h.text.endsWith(h.caution)).toBe(true);
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
    const one = summary(["a", 500, [499, 500]], ["b", 0, [0, 0]], [1, [1, 1]]);
    delete one.variants.b;
    one.probabilityOfImprovement = { a: {} };
    expect(reportHeadline(one).text).toBe(
      "a: IQM 500 [499, 500]. Only one variant, so there is nothing to compare it with.",
    );
    expect(reportHeadline({ variants: {}, probabilityOfImprovement: {} })).toMatchObject({
      text: "No variants to compare.",
      leader: null,
      reason: null,
    });
  });
});
