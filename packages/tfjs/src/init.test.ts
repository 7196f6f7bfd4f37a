import { createRng, GymkitError } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { glorotUniform, initKernel, orthogonal } from "./init.js";

/** The Gram matrix of the smaller side of a row-major `rows × cols` kernel: WᵀW (tall) or WWᵀ (wide). */
function gram(w: Float32Array, rows: number, cols: number): number[][] {
  const tall = rows >= cols;
  const n = Math.min(rows, cols);
  const len = Math.max(rows, cols);
  const at = (vec: number, k: number) => (tall ? w[k * cols + vec]! : w[vec * cols + k]!);
  return Array.from({ length: n }, (_, a) =>
    Array.from({ length: n }, (_, b) => {
      let s = 0;
      for (let k = 0; k < len; k++) s += at(a, k) * at(b, k);
      return s;
    }),
  );
}

describe("orthogonal init", () => {
  it.each([
    [8, 3, Math.SQRT2],
    [3, 8, Math.SQRT2],
    [64, 64, Math.SQRT2],
    [256, 256, 1],
    [4, 64, 0.01],
    [64, 2, 1],
    [1, 5, 2],
  ])("%i × %i, gain %f: the smaller Gram matrix is gain²·I", (rows, cols, gain) => {
    const w = orthogonal(rows, cols, gain, createRng(7));
    expect(w.length).toBe(rows * cols);
    const g = gram(w, rows, cols);
    let worst = 0;
    for (const [a, row] of g.entries()) {
      for (const [b, v] of row.entries()) {
        worst = Math.max(worst, Math.abs(v - (a === b ? gain * gain : 0)) / (gain * gain));
      }
    }
    // float32 rounding of the entries: relative error ~1e-7 per entry, summed over ≤ 256 terms.
    expect(worst).toBeLessThan(1e-5);
  });

  it("is a function of the seed: same seed, same kernel; another seed, another kernel", () => {
    const a = orthogonal(16, 8, 1, createRng(1));
    expect(orthogonal(16, 8, 1, createRng(1))).toEqual(a);
    const b = orthogonal(16, 8, 1, createRng(2));
    expect(b).not.toEqual(a);
    // Not a signed permutation: a random rotation spreads every column over the rows.
    expect(a.filter((v) => Math.abs(v) > 1e-3).length).toBeGreaterThan(0.9 * a.length);
  });

  it("scales with the gain", () => {
    const one = orthogonal(6, 4, 1, createRng(3));
    const two = orthogonal(6, 4, 2, createRng(3));
    expect(Math.max(...two.map((v, i) => Math.abs(v - 2 * one[i]!)))).toBeLessThan(1e-6);
  });

  it("refuses bad shapes and gains, saying what it got", () => {
    expect(() => orthogonal(0, 4, 1, createRng(0))).toThrow(
      "orthogonal: a kernel needs integer sizes >= 1, got 0 × 4.",
    );
    expect(() => orthogonal(2, 2, Number.NaN, createRng(0))).toThrow(
      "orthogonal: gain must be a finite number, got NaN.",
    );
    expect(() => initKernel(2, 2, { kind: "he" } as never, createRng(0))).toThrow(GymkitError);
  });
});

describe("Glorot uniform init", () => {
  it("draws U(−l, l), l = √(6 / (in + out)), row-major in draw order", () => {
    const w = glorotUniform(4, 3, createRng(5));
    const rng = createRng(5);
    const limit = Math.sqrt(6 / 7);
    expect(Array.from(w)).toEqual(Array.from({ length: 12 }, () => Math.fround(rng.uniform(-limit, limit))));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
  });
});
