import { createRng } from "@gymkit/core";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquare, chiSquareCritical999, fill, makeBuffer, rowMatches } from "../test/helpers.js";

describe("uniform buffer sampling", () => {
  it("samples only stored transitions, exactly, without duplicates (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (capacity, adds, seed, fraction) => {
          const b = makeBuffer("uniform", { capacity });
          fill(b, adds);
          const k = Math.max(1, Math.ceil(fraction * b.size));
          const batch = b.sample(k, createRng(seed));
          expect(batch.size).toBe(k);
          const ids = new Set<number>();
          for (let r = 0; r < k; r++) {
            expect(batch.indices[r]).toBeGreaterThanOrEqual(0);
            expect(batch.indices[r]).toBeLessThan(b.size);
            const id = rowMatches(batch, r);
            expect(id).toBeDefined();
            // Only the newest min(adds, capacity) transitions survive; slot = id mod capacity.
            expect(id!).toBeGreaterThanOrEqual(adds - b.size);
            expect(id! % capacity).toBe(batch.indices[r]);
            ids.add(batch.indices[r]!);
          }
          expect(ids.size).toBe(k);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("returns exact rows from a large buffer too (the prefetching gather path)", () => {
    const b = makeBuffer("uniform", { capacity: 2 ** 17 });
    fill(b, 5000);
    const batch = b.sample(64, createRng(12));
    for (let r = 0; r < 64; r++) expect(rowMatches(batch, r)).toBe(batch.indices[r]);
  });

  it("with replacement, may repeat a transition within a batch, and stays in range", () => {
    const b = makeBuffer("uniform", { capacity: 3, replacement: true });
    fill(b, 3);
    const rng = createRng(1);
    let repeats = 0;
    for (let t = 0; t < 50; t++) {
      const batch = b.sample(3, rng);
      if (new Set(batch.indices).size < 3) repeats++;
      for (const i of batch.indices) expect(i).toBeLessThan(3);
    }
    expect(repeats).toBeGreaterThan(0);
  });

  it("is deterministic for a seed", () => {
    const b = makeBuffer("uniform", { capacity: 100 });
    fill(b, 100);
    const x = b.sample(16, createRng(3), { copy: true });
    const y = b.sample(16, createRng(3), { copy: true });
    expect(y.indices).toEqual(x.indices);
    expect(b.sample(16, createRng(4)).indices).not.toEqual(x.indices);
  });

  const cases = [
    { name: "sparse batches, without replacement (hash-set rejection)", k: 8, replacement: false },
    { name: "dense batches, without replacement (partial Fisher-Yates)", k: 40, replacement: false },
    { name: "with replacement", k: 8, replacement: true },
  ];
  for (const { name, k, replacement } of cases) {
    it(`draws every stored slot equally often: chi-square, ${name}`, () => {
      const n = 50;
      const b = makeBuffer("uniform", { capacity: n, replacement });
      fill(b, 73); // wrapped ring
      const rng = createRng(2024).fork("chi-square");
      const counts = new Float64Array(n);
      const calls = 4000;
      for (let t = 0; t < calls; t++) {
        const batch = b.sample(k, rng);
        for (let r = 0; r < k; r++) counts[batch.indices[r]!]!++;
      }
      const expected = new Float64Array(n).fill((calls * k) / n);
      expect(chiSquare(counts, expected)).toBeLessThan(chiSquareCritical999(n - 1));
    });
  }

  it("draws unordered pairs uniformly too (no within-batch position bias)", () => {
    const n = 6;
    const b = makeBuffer("uniform", { capacity: n });
    fill(b, n);
    const rng = createRng(11);
    const first = new Float64Array(n);
    const pairs = new Float64Array(n * n);
    const calls = 6000;
    for (let t = 0; t < calls; t++) {
      const batch = b.sample(2, rng);
      first[batch.indices[0]!]!++;
      pairs[batch.indices[0]! * n + batch.indices[1]!]!++;
    }
    expect(chiSquare(first, new Float64Array(n).fill(calls / n))).toBeLessThan(chiSquareCritical999(n - 1));
    const ordered = Array.from(pairs).filter((_, i) => Math.floor(i / n) !== i % n);
    expect(chiSquare(ordered, new Float64Array(ordered.length).fill(calls / ordered.length))).toBeLessThan(
      chiSquareCritical999(ordered.length - 1),
    );
  });

  it("rejects an unknown option value", () => {
    expect(() => makeBuffer("uniform", { replacement: "yes" })).toThrowError(
      'Invalid config at buffer.replacement: expected true or false, got "yes".',
    );
  });
});
