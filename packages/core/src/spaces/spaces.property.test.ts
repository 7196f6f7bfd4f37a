import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../rng.js";
import { Box, type BoxDType } from "./box.js";
import { Discrete } from "./discrete.js";
import { spaceFromJSON } from "./from-json.js";

const inf = Number.POSITIVE_INFINITY;

/** One coordinate's bounds: bounded, half-bounded either way, or unbounded. */
const bound = fc
  .tuple(
    fc.double({ min: -1e30, max: 1e30, noNaN: true }),
    fc.double({ min: 0, max: 1e30, noNaN: true }),
    fc.constantFrom("both", "below", "above", "none"),
  )
  .map(([lo, width, kind]) => {
    const hi = lo + width;
    return kind === "both"
      ? [lo, hi]
      : kind === "below"
        ? [lo, inf]
        : kind === "above"
          ? [-inf, hi]
          : [-inf, inf];
  });

const boxSpec = fc
  .tuple(
    fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    fc.constantFrom<BoxDType>("float32", "float64"),
  )
  .chain(([shape, dtype]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.record({
      shape: fc.constant(shape),
      dtype: fc.constant(dtype),
      bounds: fc.array(bound, { minLength: size, maxLength: size }),
      seed: fc.nat(),
    });
  });

const makeBox = (s: { shape: number[]; dtype: BoxDType; bounds: number[][] }) =>
  new Box(
    s.bounds.map((b) => b[0]!),
    s.bounds.map((b) => b[1]!),
    s.shape,
    s.dtype,
  );

describe("Box properties", () => {
  it("every sample is contained", () => {
    fc.assert(
      fc.property(boxSpec, (s) => {
        const box = makeBox(s);
        const rng = createRng(s.seed);
        for (let i = 0; i < 5; i++) expect(box.contains(box.sample(rng))).toBe(true);
      }),
    );
  });

  it("contains rejects NaN anywhere, wrong length, the other dtype and plain arrays", () => {
    fc.assert(
      fc.property(boxSpec, fc.nat(), (s, at) => {
        const box = makeBox(s);
        const x = box.sample(createRng(s.seed));
        const withNaN = x.slice();
        withNaN[at % x.length] = Number.NaN;
        expect(box.contains(withNaN)).toBe(false);
        const Longer = x.constructor as Float32ArrayConstructor;
        expect(box.contains(new Longer(x.length + 1))).toBe(false);
        expect(box.contains(x.subarray(0, x.length - 1))).toBe(false);
        const other = s.dtype === "float32" ? Float64Array.from(x) : Float32Array.from(x);
        expect(box.contains(other)).toBe(false);
        expect(box.contains(Array.from(x))).toBe(false);
      }),
    );
  });

  it("contains rejects a value past a finite bound", () => {
    fc.assert(
      fc.property(boxSpec, fc.nat(), (s, at) => {
        const box = makeBox(s);
        const x = box.sample(createRng(s.seed));
        const i = at % x.length;
        if (box.high[i] !== inf) {
          const y = x.slice();
          y[i] = box.high[i]! + Math.max(1, Math.abs(box.high[i]!)); // surely above, also after rounding
          expect(box.contains(y)).toBe(false);
        }
        if (box.low[i] !== -inf) {
          const y = x.slice();
          y[i] = box.low[i]! - Math.max(1, Math.abs(box.low[i]!));
          expect(box.contains(y)).toBe(false);
        }
      }),
    );
  });

  it("toJSON / spaceFromJSON round-trips through JSON text", () => {
    fc.assert(
      fc.property(boxSpec, (s) => {
        const box = makeBox(s);
        const back = spaceFromJSON(JSON.parse(JSON.stringify(box.toJSON())));
        expect(box.equals(back)).toBe(true);
        expect(String(back)).toBe(String(box));
      }),
    );
  });
});

describe("Discrete properties", () => {
  const discrete = fc.record({
    n: fc.integer({ min: 1, max: 1_000_000 }),
    start: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    seed: fc.nat(),
  });

  it("every sample is contained", () => {
    fc.assert(
      fc.property(discrete, ({ n, start, seed }) => {
        const d = new Discrete(n, start);
        const rng = createRng(seed);
        for (let i = 0; i < 5; i++) expect(d.contains(d.sample(rng))).toBe(true);
      }),
    );
  });

  it("contains rejects non-integers, NaN, non-numbers and values out of range", () => {
    fc.assert(
      fc.property(discrete, fc.double({ noNaN: true }), ({ n, start }, x) => {
        const d = new Discrete(n, start);
        if (!Number.isInteger(x)) expect(d.contains(x)).toBe(false);
        expect(d.contains(start + 0.5)).toBe(false);
        expect(d.contains(Number.NaN)).toBe(false);
        expect(d.contains(String(start))).toBe(false);
        expect(d.contains(start - 1)).toBe(false);
        expect(d.contains(start + n)).toBe(false);
        expect(d.contains(start + n - 1)).toBe(true);
      }),
    );
  });

  it("toJSON / spaceFromJSON round-trips", () => {
    fc.assert(
      fc.property(discrete, ({ n, start }) => {
        const d = new Discrete(n, start);
        const back = spaceFromJSON(JSON.parse(JSON.stringify(d)));
        expect(d.equals(back)).toBe(true);
      }),
    );
  });
});
