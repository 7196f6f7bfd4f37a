import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PriorityTrees } from "./priority-trees.js";

/** Brute force: the first slot whose cumulative sum exceeds `mass`, skipping empty slots. */
function referenceFind(values: number[], mass: number): number {
  let acc = 0;
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    if (!(values[i]! > 0)) continue;
    acc += values[i]!;
    last = i;
    if (mass < acc) return i;
  }
  return last;
}

describe("PriorityTrees (4-ary sum-tree + min-tree)", () => {
  it("rounds the leaves up to a power of four (at least 4)", () => {
    expect(new PriorityTrees(1).leaves).toBe(4);
    expect(new PriorityTrees(5).leaves).toBe(16);
    expect(new PriorityTrees(1024).leaves).toBe(1024);
    expect(new PriorityTrees(50_000).leaves).toBe(65_536);
    const big = new PriorityTrees(1_000_000);
    expect(big.leaves).toBe(1_048_576);
    expect(big.depth).toBe(10);
    // Every sibling group starts on a multiple of 4 doubles: 32 bytes, one cache line.
    expect(big.firstLeaf % 4).toBe(0);
  });

  it("every inner node holds the exact sum and min of its leaves (property, 4-ary layout)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.array(fc.tuple(fc.nat(), fc.double({ min: 1e-9, max: 1e6, noNaN: true })), {
              minLength: 1,
              maxLength: 40,
            }),
          ),
          { maxLength: 12 },
        ),
        (capacity, steps) => {
          const t = new PriorityTrees(capacity);
          const values = new Float64Array(t.leaves);
          for (const [many, ops] of steps) {
            const slots = ops.map(([s]) => s % capacity);
            const vs = ops.map(([, v]) => v);
            if (many) t.setMany(slots, vs, slots.length);
            else for (let j = 0; j < slots.length; j++) t.set(slots[j]!, vs[j]!);
            slots.forEach((s, j) => {
              values[s] = vs[j]!;
            });
          }
          expect(t.leafValues(t.leaves)).toEqual(values);
          // Walk the implicit layout level by level: node s covers leaves [lo, lo + width).
          const check = (s: number, lo: number, width: number): [number, number] => {
            if (width === 1) {
              expect(t.minAt(s)).toBe(values[lo]! > 0 ? values[lo]! : Number.POSITIVE_INFINITY);
              return [t.sumAt(s), t.minAt(s)];
            }
            const w = width / 4;
            const kids = [0, 1, 2, 3].map((k) => check(4 * s - 8 + k, lo + k * w, w));
            const sum = kids[0]![0] + kids[1]![0] + kids[2]![0] + kids[3]![0];
            const min = Math.min(...kids.map(([, m]) => m));
            expect(t.sumAt(s)).toBe(sum); // recomputed from the children: bit-exact, no drift
            expect(t.minAt(s)).toBe(min);
            return [sum, min];
          };
          check(3, 0, t.leaves);
          const brute = values.reduce((a, b) => a + b, 0);
          expect(Math.abs(t.total - brute)).toBeLessThanOrEqual(1e-12 * brute);
          const positive = Array.from(values).filter((v) => v > 0);
          expect(t.min).toBe(positive.length ? Math.min(...positive) : Number.POSITIVE_INFINITY);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("findMany() over a filled prefix with real-valued priorities matches the brute force (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 50, noNaN: true }), { minLength: 1, maxLength: 500 }),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (priorities, batch, u) => {
          const t = new PriorityTrees(600);
          t.assign(Float64Array.from(priorities));
          const values = [...priorities];
          // Stratified masses as the buffer draws them, plus the very top of the range.
          const segment = t.total / batch;
          const masses = Float64Array.from({ length: batch }, (_, i) => (i + u) * segment);
          const expected = Array.from(masses, (m) => referenceFind(values, m));
          const out = new Int32Array(batch);
          t.findMany(masses, batch, out);
          for (let i = 0; i < batch; i++) {
            // Rounding may move a mass that sits on a boundary to the neighbour; never further.
            expect(Math.abs(out[i]! - expected[i]!)).toBeLessThanOrEqual(1);
            expect(values[out[i]!]).toBeGreaterThan(0);
          }
          expect(t.find(t.total)).toBe(values.length - 1);
          const top = new Int32Array(1);
          t.findMany(Float64Array.of(t.total * (1 + 1e-12)), 1, top);
          expect(top[0]).toBe(values.length - 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps total, min and prefix-sum search equal to a brute-force reference (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 1000 })), { maxLength: 120 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 30,
        }),
        (capacity, ops, fractions) => {
          const t = new PriorityTrees(capacity);
          const values: number[] = new Array(capacity).fill(0);
          for (const [slot, v] of ops) {
            t.set(slot % capacity, v); // integers: sums are exact, so comparisons are exact
            values[slot % capacity] = v;
          }
          const total = values.reduce((a, b) => a + b, 0);
          expect(t.total).toBe(total);
          const positive = values.filter((v) => v > 0);
          expect(t.min).toBe(positive.length ? Math.min(...positive) : Number.POSITIVE_INFINITY);
          if (total > 0) {
            for (const f of fractions) expect(t.find(f * total)).toBe(referenceFind(values, f * total));
            const masses = Float64Array.from(fractions, (f) => f * total);
            const out = new Int32Array(fractions.length);
            t.findMany(masses, fractions.length, out);
            expect(Array.from(out)).toEqual(fractions.map((f) => referenceFind(values, f * total)));
            // Rounding at or past the total never reaches an empty leaf.
            expect(values[t.find(total)]).toBeGreaterThan(0);
            expect(values[t.find(total * (1 + 1e-12))]).toBeGreaterThan(0);
            const edge = new Int32Array(1);
            t.findMany(Float64Array.of(total * (1 + 1e-12)), 1, edge);
            expect(values[edge[0]!]).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("setMany() gives the same trees as set() one by one, duplicates included (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 1e-3, max: 100, noNaN: true })), { maxLength: 80 }),
        (capacity, ops) => {
          const a = new PriorityTrees(capacity);
          const b = new PriorityTrees(capacity);
          const slots = ops.map(([s]) => s % capacity);
          const values = ops.map(([, v]) => v);
          slots.forEach((s, j) => {
            a.set(s, values[j]!);
          });
          b.setMany(slots, values, slots.length);
          expect(b.values).toEqual(a.values);
          expect(b.inner).toEqual(a.inner);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("assign() rebuilds the same trees as set() one by one", () => {
    const a = new PriorityTrees(13);
    const b = new PriorityTrees(13);
    const values = Float64Array.from({ length: 9 }, (_, i) => ((i * 7919) % 13) + 0.5);
    values.forEach((v, i) => {
      a.set(i, v);
    });
    b.assign(values);
    expect(b.values).toEqual(a.values);
    expect(b.inner).toEqual(a.inner);
  });
});
