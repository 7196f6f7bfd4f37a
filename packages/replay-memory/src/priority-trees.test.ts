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

describe("PriorityTrees (sum-tree + min-tree)", () => {
  it("rounds the leaves up to a power of two", () => {
    expect(new PriorityTrees(1).leaves).toBe(1);
    expect(new PriorityTrees(5).leaves).toBe(8);
    expect(new PriorityTrees(1024).leaves).toBe(1024);
    expect(new PriorityTrees(1_000_000).leaves).toBe(1_048_576);
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
        fc.integer({ min: 1, max: 70 }),
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
          expect(b.nodes).toEqual(a.nodes);
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
    expect(b.nodes).toEqual(a.nodes);
  });
});
