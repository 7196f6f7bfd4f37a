import { describe, expect, it } from "vitest";
import { GymkitError } from "../errors.js";
import { createRng } from "../rng.js";
import { Box } from "./box.js";
import { Discrete } from "./discrete.js";
import { spaceFromJSON } from "./from-json.js";

const f32 = (...v: number[]) => Float32Array.from(v);
const f64 = (...v: number[]) => Float64Array.from(v);
const inf = Number.POSITIVE_INFINITY;

describe("Discrete", () => {
  it("contains the integers start..start+n-1 and nothing else", () => {
    const d = new Discrete(3, -1);
    expect([-1, 0, 1].every((x) => d.contains(x))).toBe(true);
    for (const x of [-2, 2, 0.5, Number.NaN, inf, "0", null, undefined, [0], 0n, true]) {
      expect(d.contains(x)).toBe(false);
    }
    expect(d.shape).toEqual([]);
    expect(d.dtype).toBe("int64");
  });

  it("rejects n <= 0, fractional n and fractional start with a clear error", () => {
    expect(() => new Discrete(0)).toThrowError("Discrete(n): n must be a positive integer, got 0.");
    expect(() => new Discrete(-2)).toThrowError(GymkitError);
    expect(() => new Discrete(2.5)).toThrowError(/got 2.5/);
    expect(() => new Discrete(Number.NaN)).toThrowError(/got NaN/);
    expect(() => new Discrete(2, 0.5)).toThrowError("Discrete(2, start): start must be an integer");
  });

  it("prints like Gymnasium", () => {
    expect(String(new Discrete(2))).toBe("Discrete(2)");
    expect(String(new Discrete(3, -1))).toBe("Discrete(3, start=-1)");
  });

  it("samples every value, also beyond n = 2^32", () => {
    const rng = createRng(0);
    const d = new Discrete(4, 10);
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) seen.add(d.sample(rng));
    expect([...seen].sort()).toEqual([10, 11, 12, 13]);
    const huge = new Discrete(2 ** 40 + 3);
    for (let i = 0; i < 100; i++) expect(huge.contains(huge.sample(rng))).toBe(true);
  });
});

describe("Box", () => {
  it("broadcasts scalar bounds to the shape and infers the shape from array bounds", () => {
    const b = new Box(-1, 1, [2, 3]);
    expect(b.shape).toEqual([2, 3]);
    expect(b.size).toBe(6);
    expect(b.low).toBeInstanceOf(Float32Array);
    expect(Array.from(b.high)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(new Box([0, 1], [2, 3]).shape).toEqual([2]);
    expect(new Box(0, [2, 3, 4]).shape).toEqual([3]);
    expect(new Box(0, 1).shape).toEqual([1]);
    expect(new Box(0, 1, [3], "float64").low).toBeInstanceOf(Float64Array);
  });

  it("rejects invalid construction with clear messages", () => {
    const cases: Array<[() => unknown, string | RegExp]> = [
      [
        () => new Box(2, 1),
        "Box: low[0] = 2.0 is greater than high[0] = 1.0; every low must be <= its high.",
      ],
      [() => new Box([0, 5], [1, 4]), /low\[1\] = 5.0 is greater than high\[1\] = 4.0/],
      [() => new Box(Number.NaN, 1), "Box: low[0] is NaN; bounds must be numbers or ±Infinity."],
      [() => new Box(0, [1, Number.NaN]), /high\[1\] is NaN/],
      [() => new Box([0, 0, 0], 1, [2]), "Box: low has 3 values but shape (2,) needs 2"],
      [() => new Box([0, 0], [1, 1, 1]), "Box: low has 2 values and high has 3"],
      [() => new Box(0, 1, [2, 0]), "Box: shape[1] must be a positive integer, got 0 (shape [2,0])."],
      [() => new Box(0, 1, [1.5]), /shape\[0\] must be a positive integer, got 1.5/],
      [
        () => new Box(0, 1, [2], "int8" as "float32"),
        'Box: dtype must be "float32" or "float64", got "int8".',
      ],
      [() => new Box(inf, inf), /low\[0\] is \+inf/],
      [() => new Box(-inf, -inf), /high\[0\] is -inf/],
      [() => new Box([], []), /at least one element/],
      [() => new Box(["a"] as unknown as number[], [1]), 'Box: low[0] must be a number, got "a".'],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrowError(GymkitError);
      expect(make).toThrowError(message);
    }
  });

  it("allows infinite bounds", () => {
    const b = new Box(-inf, inf, [2]);
    expect(b.contains(f32(1e30, -1e30))).toBe(true);
    expect(b.isBounded()).toBe(false);
    expect(new Box(0, inf).isBounded("below")).toBe(true);
    expect(new Box(0, inf).isBounded("above")).toBe(false);
    expect(new Box(0, 1).isBounded()).toBe(true);
  });

  it("contains checks the typed-array class, length, NaN and bounds", () => {
    const b = new Box(-1, 1, [2]);
    expect(b.contains(f32(0, 1))).toBe(true);
    expect(b.contains(f32(-1, -1))).toBe(true);
    expect(b.contains(f64(0, 0))).toBe(false); // float64 data in a float32 box
    expect(b.contains([0, 0])).toBe(false);
    expect(b.contains(f32(0))).toBe(false);
    expect(b.contains(f32(0, 0, 0))).toBe(false);
    expect(b.contains(f32(0, Number.NaN))).toBe(false);
    expect(b.contains(f32(0, 1.5))).toBe(false);
    expect(b.contains(undefined)).toBe(false);
    const b64 = new Box(-1, 1, [2], "float64");
    expect(b64.contains(f64(0, 1))).toBe(true);
    expect(b64.contains(f32(0, 1))).toBe(false);
  });

  it("compares float32 observations against float32-rounded bounds", () => {
    const b = new Box(-4.8, 4.8, [1]);
    expect(b.contains(f32(4.8))).toBe(true); // fround(4.8) > 4.8, so this needs the rounded bound
    expect(b.contains(f32(-4.8))).toBe(true);
    expect(b.contains(f32(4.80001))).toBe(false);
  });

  it("prints like Gymnasium's repr", () => {
    expect(String(new Box(-4.8, 4.8, [4]))).toBe("Box(-4.8, 4.8, (4,), float32)");
    expect(String(new Box(-1, 1, [2, 3], "float64"))).toBe("Box(-1.0, 1.0, (2, 3), float64)");
    const thetaLimit = (12 * 2 * Math.PI) / 360;
    const high = [4.8, inf, thetaLimit * 2, inf];
    expect(
      String(
        new Box(
          high.map((h) => -h),
          high,
        ),
      ),
    ).toBe("Box([-4.8 -inf -0.41887903 -inf], [4.8 inf 0.41887903 inf], (4,), float32)");
    expect(String(new Box([0, 0], [1e-5, 2e20]))).toBe("Box(0.0, [1e-05 2e+20], (2,), float32)");
    expect(String(new Box(0, [1, 2, 3, 4], [2, 2]))).toBe("Box(0.0, [[1.0 2.0] [3.0 4.0]], (2, 2), float32)");
    const long = new Box(
      0,
      Array.from({ length: 2000 }, (_, i) => i + 1),
    );
    expect(String(long)).toBe("Box(0.0, [1.0 2.0 3.0 ... 1998.0 1999.0 2000.0], (2000,), float32)");
  });

  it("samples like Gymnasium: uniform, exponential from one bound, normal when unbounded", () => {
    const rng = createRng(1);
    const b = new Box([0, 5, -inf, -inf], [1, inf, 3, inf], undefined, "float64");
    const n = 4000;
    const sums = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const x = b.sample(rng);
      expect(b.contains(x)).toBe(true);
      for (let j = 0; j < 4; j++) sums[j]! += x[j]!;
    }
    const means = sums.map((s) => s / n);
    expect(means[0]).toBeCloseTo(0.5, 1); // uniform [0, 1)
    expect(Math.abs(means[1]! - 6)).toBeLessThan(0.1); // 5 + Exp(1)
    expect(Math.abs(means[2]! - 2)).toBeLessThan(0.1); // 3 - Exp(1)
    expect(Math.abs(means[3]!)).toBeLessThan(0.1); // N(0, 1)
    expect(new Box(0, 1).sample(rng)).toBeInstanceOf(Float32Array);
  });

  it("samples inside boxes whose width overflows a double", () => {
    const b = new Box(-1.7e308, 1.7e308, [8], "float64");
    const x = b.sample(createRng(0));
    expect(b.contains(x)).toBe(true);
  });
});

describe("toJSON / spaceFromJSON", () => {
  it("round-trips through JSON text, infinities as strings", () => {
    const b = new Box([-4.8, -inf], [4.8, inf]);
    const json = JSON.parse(JSON.stringify(b));
    expect(json).toEqual({
      type: "Box",
      low: [b.low[0], "-inf"],
      high: [b.high[0], "inf"],
      shape: [2],
      dtype: "float32",
    });
    const back = spaceFromJSON(json);
    expect(back).toBeInstanceOf(Box);
    expect((back as Box).equals(b)).toBe(true);
    expect(String(back)).toBe(String(b));
    const d = spaceFromJSON(JSON.parse(JSON.stringify(new Discrete(5, 2))));
    expect(new Discrete(5, 2).equals(d)).toBe(true);
  });

  it("rejects malformed input naming the problem", () => {
    const cases: Array<[unknown, string | RegExp]> = [
      [null, 'spaceFromJSON: expected an object with a "type" field, got null.'],
      [{ type: "Tuple" }, 'spaceFromJSON: unknown space type "Tuple"; known types: "Discrete", "Box".'],
      [{ type: "Discrete" }, 'spaceFromJSON: Discrete "n" must be a number, got undefined.'],
      [{ type: "Discrete", n: 0, start: 0 }, "Discrete(n): n must be a positive integer, got 0."],
      [{ type: "Box", low: [0], high: [1], shape: [1], dtype: "int8" }, /Box "dtype" must be/],
      [{ type: "Box", low: 0, high: [1], shape: [1], dtype: "float32" }, /Box "low" must be an array/],
      [
        { type: "Box", low: ["x"], high: [1], shape: [1], dtype: "float32" },
        /low\[0\] must be a number, "inf" or "-inf", got "x"/,
      ],
      [{ type: "Box", low: [2], high: [1], shape: [1], dtype: "float32" }, /greater than high/],
      [{ type: "Box", low: [0], high: [1], dtype: "float32" }, /Box "shape" must be an array/],
    ];
    for (const [json, message] of cases) {
      expect(() => spaceFromJSON(json)).toThrowError(GymkitError);
      expect(() => spaceFromJSON(json)).toThrowError(message);
    }
  });
});
