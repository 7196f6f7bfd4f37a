import { createRng } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { clipScale, JsAdam, type Optimizer } from "./adam.js";
import { prepareBackend } from "./backend.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

describe("JsAdam", () => {
  it("takes the steps tfjs' own Adam takes (30 steps, within float32 rounding)", () => {
    const rng = createRng(11);
    const start = Float32Array.from({ length: 50 }, () => rng.normal(0, 1));
    const grads = Array.from({ length: 30 }, () =>
      Float32Array.from({ length: 50 }, () => rng.normal(0, 0.1)),
    );
    const ours = start.slice();
    const adam: Optimizer = new JsAdam([50], { lr: 0.01, epsilon: 1e-7 });
    const theirs = tf.variable(tf.tensor1d(start), true, "adam-ref");
    const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    for (const g of grads) {
      adam.step([ours], [g]);
      tf.tidy(() => reference.applyGradients([{ name: "adam-ref", tensor: tf.tensor1d(g) }]));
    }
    expect(adam.t).toBe(30);
    const ref = theirs.dataSync();
    let moved = 0;
    ours.forEach((v, i) => {
      expect(v).toBeCloseTo(ref[i]!, 5);
      moved = Math.max(moved, Math.abs(v - start[i]!));
    });
    expect(moved).toBeGreaterThan(0.1); // lr 0.01 × 30 steps: the check is not vacuous
    reference.dispose();
    theirs.dispose();
  });

  it("scales the gradients by gradScale (clipping) and keeps float64 moments", () => {
    const a = new JsAdam([3], { lr: 0.1 });
    const b = new JsAdam([3], { lr: 0.1 });
    const pa = Float32Array.of(1, 2, 3);
    const pb = pa.slice();
    a.step([pa], [[2, 4, 6]], 0.5);
    b.step([pb], [[1, 2, 3]]);
    expect(pa).toEqual(pb);
    expect(a.m[0]).toBeInstanceOf(Float64Array);
  });
});

describe("clipScale", () => {
  it("is PyTorch's clip_grad_norm_ factor: maxNorm / (norm + 1e-6), at most 1", () => {
    expect(clipScale([[3], [4]], 1)).toEqual({ norm: 5, scale: 1 / (5 + 1e-6) });
    expect(clipScale([[3], [4]], 10)).toEqual({ norm: 5, scale: 1 });
    expect(clipScale([[3], [4]], 0)).toEqual({ norm: 5, scale: 1 });
  });
});
