import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@gymkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { chiSquare, chiSquareCritical999, fill, makeBuffer, rowMatches } from "../test/helpers.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";
import { loadBuffer, saveBuffer } from "./node.js";
import type { PrioritizedReplayBuffer } from "./prioritized-buffer.js";

const make = (options: Record<string, unknown> = {}) =>
  makeBuffer("prioritized", options) as unknown as PrioritizedReplayBuffer;

/** Brute-force PER, straight from the paper's formulas, over raw priorities p_i = |δ_i| + ε. */
function reference(raw: number[], alpha: number, beta: number) {
  const scaled = raw.map((p) => p ** alpha);
  const total = scaled.reduce((a, b) => a + b, 0);
  const P = scaled.map((s) => s / total);
  const N = raw.length;
  const w = P.map((p) => (N * p) ** -beta);
  const maxW = Math.max(...w);
  return { P, weights: w.map((x) => x / maxW) };
}

describe("prioritized buffer", () => {
  const dir = mkdtempSync(join(tmpdir(), "gymkit-per-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tdErrors = (n: number) =>
    Array.from({ length: n }, (_, i) => ((i * 37) % 11) * 0.3 + 0.2 + (i === 3 ? 5 : 0));

  it("samples with frequencies p_i^α / Σ p^α (chi-square against the reference)", () => {
    const n = 16;
    const alpha = 0.6;
    const b = make({ capacity: n, alpha });
    fill(b, n);
    const td = tdErrors(n);
    b.updatePriorities(
      Int32Array.from({ length: n }, (_, i) => i),
      td,
    );
    const { P } = reference(
      td.map((d) => Math.abs(d) + 1e-6),
      alpha,
      0.4,
    );
    const rng = createRng(99).fork("per");
    const counts = new Float64Array(n);
    const calls = 3000;
    const k = 4;
    for (let t = 0; t < calls; t++) {
      const batch = b.sample(k, rng);
      for (let r = 0; r < k; r++) counts[batch.indices[r]!]!++;
    }
    const expected = P.map((p) => p * calls * k);
    expect(Math.min(...expected)).toBeGreaterThan(5); // chi-square validity
    expect(chiSquare(counts, expected)).toBeLessThan(chiSquareCritical999(n - 1));
  });

  it("returns importance weights (N·P(i))^-β / max_j (N·P(j))^-β and exact rows", () => {
    const n = 12;
    const b = make({ capacity: 20, alpha: 0.7, beta: 0.5, betaAnnealSteps: 1_000_000 });
    fill(b, n);
    const td = tdErrors(n);
    b.updatePriorities(
      Int32Array.from({ length: n }, (_, i) => i),
      td,
    );
    const rng = createRng(5);
    for (let t = 0; t < 50; t++) {
      const beta = b.beta;
      const ref = reference(
        td.map((d) => Math.abs(d) + 1e-6),
        0.7,
        beta,
      );
      const batch = b.sample(6, rng);
      for (let r = 0; r < batch.size; r++) {
        const i = batch.indices[r]!;
        expect(batch.weights![r]).toBeCloseTo(ref.weights[i]!, 6);
        expect(rowMatches(batch, r)).toBe(i);
      }
    }
  });

  it("anneals β linearly from beta to betaFinal over betaAnnealSteps sample calls", () => {
    const b = make({ capacity: 8, beta: 0.4, betaAnnealSteps: 10 });
    fill(b, 8);
    const rng = createRng(0);
    expect(b.beta).toBeCloseTo(0.4, 12);
    for (let i = 0; i < 5; i++) b.sample(2, rng);
    expect(b.beta).toBeCloseTo(0.7, 12);
    for (let i = 0; i < 20; i++) b.sample(2, rng);
    expect(b.beta).toBe(1);
    const fixed = make({ capacity: 8, beta: 0.5, betaFinal: 0.5 });
    fill(fixed, 8);
    for (let i = 0; i < 5; i++) fixed.sample(2, rng);
    expect(fixed.beta).toBe(0.5);
  });

  it("gives new transitions the largest priority seen so far", () => {
    const b = make({ capacity: 8, alpha: 0.5 });
    fill(b, 3);
    expect(b.trees.get(0)).toBe(1); // max priority starts at 1
    b.updatePriorities([1], [-9]);
    expect(b.trees.get(1)).toBeCloseTo(Math.sqrt(9 + 1e-6), 12);
    b.updatePriorities([1], [0.1]); // max priority stays 9 + ε
    fill(b, 1, 10);
    expect(b.trees.get(3)).toBeCloseTo(Math.sqrt(9 + 1e-6), 12);
  });

  it("with α = 0 samples uniformly and gives weight 1", () => {
    const b = make({ capacity: 4, alpha: 0 });
    fill(b, 4);
    b.updatePriorities([0, 1, 2, 3], [1, 100, 0, 3]);
    const batch = b.sample(4, createRng(1));
    expect(Array.from(batch.weights!)).toEqual([1, 1, 1, 1]);
  });

  it("rejects bad updatePriorities input and changes nothing", () => {
    const b = make({ capacity: 8 });
    fill(b, 5);
    const before = [b.trees.values.slice(), b.trees.inner.slice()];
    const cases: Array<[ArrayLike<number>, ArrayLike<number>, RegExp]> = [
      [[0, 1], [0.5, Number.NaN], /tdErrors\[1\] = NaN; TD errors must be finite/],
      [[0], [Number.POSITIVE_INFINITY], /tdErrors\[0\] = Infinity/],
      [[0, 5], [1, 1], /indices\[1\] = 5 is not a stored slot; expected an integer in \[0, 5\)/],
      [[-1], [1], /indices\[0\] = -1/],
      [[1.5], [1], /indices\[0\] = 1.5/],
      [[0, 1], [1], /as many TD errors as indices, got 2 indices and 1 TD errors/],
    ];
    for (const [indices, td, message] of cases) {
      expect(() => b.updatePriorities(indices, td)).toThrowError(message);
      expect([b.trees.values, b.trees.inner]).toEqual(before);
    }
  });

  it("checks its options", () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ alpha: -0.1 }, "Invalid config at buffer.alpha: expected a number >= 0 and <= 10, got -0.1."],
      [{ beta: 1.5 }, "Invalid config at buffer.beta: expected a number >= 0 and <= 1, got 1.5."],
      [
        { betaFinal: Number.NaN },
        "Invalid config at buffer.betaFinal: expected a number >= 0 and <= 1, got NaN.",
      ],
      [{ epsilon: 0 }, "Invalid config at buffer.epsilon: expected a number > 0, got 0."],
      [
        { epsilon: Number.POSITIVE_INFINITY },
        "Invalid config at buffer.epsilon: expected a number > 0, got Infinity.",
      ],
      [{ betaAnnealSteps: 0 }, "Invalid config at buffer.betaAnnealSteps: expected an integer >= 1, got 0."],
      [
        { betaAnnealSteps: 2 ** 53 },
        "Invalid config at buffer.betaAnnealSteps: expected an integer >= 1, got 9007199254740992.",
      ],
    ];
    for (const [options, message] of bad) expect(() => make(options)).toThrowError(message);
  });

  it("rejects an intact image whose priorities or counters are impossible, and changes nothing", () => {
    const b = make({ capacity: 8 });
    fill(b, 5);
    const good = decodeCheckpoint(b.serialize());
    const edited = (state: Record<string, unknown>, priorities: Float64Array) =>
      encodeCheckpoint({
        kind: good.kind,
        config: good.config,
        state: { ...good.state, ...state },
        sections: [...good.sections].map(([name, data]) => ({
          name,
          data: name === "priorities" ? priorities : data,
        })),
      });
    const ones = new Float64Array(5).fill(1);
    const cases: Array<[Uint8Array, RegExp]> = [
      [edited({}, Float64Array.of(1, 1, -1, 1, 1)), /priorities\[2\] = -1 is not a positive finite number/],
      [edited({}, new Float64Array(4).fill(1)), /section "priorities" should hold 5 Float64Array values/],
      [edited({ maxPriority: 0 }, ones), /maxPriority 0 is not a positive finite number/],
      [edited({ sampleCount: -1 }, ones), /sampleCount -1 is not a non-negative integer/],
    ];
    const c = make({ capacity: 8 });
    fill(c, 3, 100);
    c.updatePriorities([1], [4]);
    const before = c.serialize();
    for (const [image, message] of cases) {
      expect(() => c.deserialize(image, "edited.rb")).toThrowError(message);
      expect(c.serialize()).toEqual(before);
    }
  });

  it("checkpoints priorities, max priority and the β counter", async () => {
    const b = make({ capacity: 10, betaAnnealSteps: 100 });
    fill(b, 13);
    b.updatePriorities([0, 4, 7], [3, 0.2, 7]);
    const rng = createRng(8);
    for (let i = 0; i < 7; i++) b.sample(3, rng);
    const file = join(dir, "per.rb");
    await saveBuffer(b, file);
    const c = make({ capacity: 10, betaAnnealSteps: 100 });
    await loadBuffer(c, file);
    const d = make({ capacity: 10, betaAnnealSteps: 100 });
    d.deserialize(b.serialize());
    for (const x of [c, d]) {
      expect(x.trees.values).toEqual(b.trees.values);
      expect(x.trees.inner).toEqual(b.trees.inner);
      expect(x.beta).toBe(b.beta);
      expect(x.sampleCount).toBe(7);
    }
    fill(b, 1, 50);
    fill(c, 1, 50);
    fill(d, 1, 50);
    expect(c.trees.get(3)).toBe(b.trees.get(3)); // same max priority for new transitions
    expect(d.trees.get(3)).toBe(b.trees.get(3));
    await expect(loadBuffer(make({ capacity: 10, alpha: 0.5 }), file)).rejects.toThrowError(
      /config mismatch: alpha is 0.6 in the file, 0.5 in this buffer/,
    );
  });
});
