import { createRng } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { formatSteps, makeAxis } from "./axis.js";

/** A "nice" tick step: 1, 2 or 5 × 10^k (up to float noise). */
function isNiceStep(step: number): boolean {
  const k = Math.floor(Math.log10(step) + 1e-9);
  const m = step / 10 ** k;
  return [1, 2, 5, 10].some((n) => Math.abs(m - n) < 1e-6);
}

describe("makeAxis", () => {
  it("rounds the data's extent out to round ticks: no 254, no 0.00085", () => {
    const returns = makeAxis([8, 152, 296]);
    expect(returns.domain).toEqual([0, 300]);
    expect(returns.ticks.map((t) => t.label)).toEqual(["0", "100", "200", "300"]);
    const small = makeAxis([0.0207, 2.29], { ticks: 4 });
    expect(small.domain).toEqual([0, 2.5]);
    expect(small.ticks.map((t) => t.label)).toEqual(["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"]);
  });

  it("ticks at 1, 2 or 5 × 10^k, each a multiple of the step, inside the domain (500 random extents)", () => {
    const rng = createRng(20);
    for (let i = 0; i < 500; i++) {
      const scale = 10 ** rng.uniform(-5, 6);
      const a = rng.uniform(-1, 1) * scale;
      const b = a + rng.uniform(0.001, 3) * scale;
      const axis = makeAxis([a, b], { ticks: 2 + rng.int(6) });
      const values = axis.ticks.map((t) => t.value);
      const step = values[1]! - values[0]!;
      expect(isNiceStep(step), `${a}..${b}: step ${step}`).toBe(true);
      for (const v of values) expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-6);
      expect(axis.domain[0]).toBeLessThanOrEqual(a);
      expect(axis.domain[1]).toBeGreaterThanOrEqual(b);
      expect(values[0]).toBeGreaterThanOrEqual(axis.domain[0] - 1e-9 * scale);
    }
  });

  it("a log axis for the loss: powers of 10 over the positive values, unlabelled minor ticks, 0 not shown", () => {
    const loss = makeAxis([0.00085, 0.0207, 2.29, 0], { scale: "log" });
    expect(loss.domain).toEqual([0.0001, 10]);
    expect(loss.ticks.filter((t) => t.label !== "").map((t) => t.label)).toEqual([
      "0.0001",
      "0.001",
      "0.01",
      "0.1",
      "1",
      "10",
    ]);
    expect(loss.ticks).toHaveLength(6); // five decades: powers of 10 only
    // Two decades: 2–9 × 10^k as minor ticks, labelled only where d3 finds room (1, 2, 5 × 10^k).
    const near = makeAxis([0.02, 0.9], { scale: "log" });
    expect(near.domain).toEqual([0.01, 1]);
    expect(near.ticks.length).toBeGreaterThan(10);
    for (const t of near.ticks.filter((t) => t.label !== "")) expect(t.label).toMatch(/^0?\.?0*[125]$|^1$/);
    expect(loss.at(0.001)).toBeCloseTo(0.2, 12); // a decade is a fifth of the axis
    expect(loss.at(0)).toBeNaN();
    expect(loss.at(-1)).toBeNaN();
  });

  it("ε on a fixed [0, 1] axis: never below 0, even for a constant schedule; values outside drawn at the edge", () => {
    const constant = makeAxis([0.05, 0.05, 0.05], { domain: [0, 1] });
    expect(constant.domain).toEqual([0, 1]);
    expect(constant.ticks[0]!.value).toBe(0);
    expect(constant.ticks.at(-1)!.value).toBe(1);
    expect(constant.at(0.05)).toBeCloseTo(0.05, 12);
    expect(constant.at(-0.2)).toBe(0);
    expect(constant.at(1.5)).toBe(1);
    // Without the fixed domain a constant is widened around itself, and 0.05 would reach below 0:
    expect(makeAxis([0.05]).domain[0]).toBeLessThan(0);
  });

  it("the step axis ends at the budget; its labels read 0, 5k, 10k", () => {
    const steps = makeAxis([], { domain: [0, 20000], ticks: 4, format: formatSteps });
    expect(steps.ticks.map((t) => t.label)).toEqual(["0", "5k", "10k", "15k", "20k"]);
    expect(formatSteps(2500)).toBe("2.5k");
    expect(formatSteps(500)).toBe("500");
  });
});
