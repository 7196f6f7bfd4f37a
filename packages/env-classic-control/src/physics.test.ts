import { describe, expect, it } from "vitest";
import { floorMod } from "./physics.js";

/** NumPy's float64 `%` as Python writes it: fmod, then + b when the signs differ; ±0 keeps b's sign. */
function numpyMod(a: number, b: number): number {
  const r = a % b;
  if (r === 0) return b < 0 ? -0 : 0;
  return b < 0 !== r < 0 ? r + b : r;
}

describe("floorMod (Pendulum's angle_normalize)", () => {
  it("equals fmod-then-adjust bit for bit, fast cases (|a| < b) and slow ones alike", () => {
    const b = 2 * Math.PI;
    const xs = [0, -0, b, -b, Math.PI, -Math.PI, 1e-300, -1e-300, 5e-324, -5e-324, 100, -100, 1e300, -1e300];
    let s = 9;
    for (let i = 0; i < 20000; i++) {
      s = (Math.imul(1664525, s) + 1013904223) >>> 0;
      xs.push((s / 2 ** 32 - 0.5) * [4 * Math.PI, 1e3, 1e-3][i % 3]!);
    }
    for (const a of xs) {
      for (const m of [b, -b, 3]) expect(Object.is(floorMod(a, m), numpyMod(a, m)), `${a} % ${m}`).toBe(true);
    }
    expect([Number.NaN, Number.POSITIVE_INFINITY].map((a) => floorMod(a, b))).toEqual([
      Number.NaN,
      Number.NaN,
    ]);
  });
});
