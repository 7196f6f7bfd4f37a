import { createRng } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { type Activation, glorotInit, type NetworkSpec, QNetwork } from "./network.js";
import type { LossKind, TdBatch } from "./td.js";
import { fastPathSupports, Trainer } from "./trainer.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

/** Random parameters with non-zero biases, so ReLU units are neither all on nor all off. */
function randomNet(spec: NetworkSpec, seed: number, label: string, trainable = true): QNetwork {
  const rng = createRng(seed);
  const values = glorotInit(spec, rng).map((a) => {
    const out = a.slice();
    for (let i = 0; i < out.length; i++) out[i] = out[i]! * 1.5 + rng.normal(0, 0.1);
    return out;
  });
  return new QNetwork(spec, values, label, trainable);
}

function randomBatch(spec: NetworkSpec, n: number, seed: number, weighted: boolean): TdBatch {
  const rng = createRng(seed);
  const obs = Float32Array.from({ length: n * spec.inputSize }, () => rng.normal(0, 1));
  const next = Float32Array.from({ length: n * spec.inputSize }, () => rng.normal(0, 1));
  return {
    size: n,
    observations: obs,
    nextObservations: next,
    actions: Int32Array.from({ length: n }, () => rng.int(spec.outputSize)),
    rewards: Float32Array.from({ length: n }, () => rng.uniform(-1, 2)),
    // every third transition terminated; the others (incl. truncated ones) bootstrap
    terminated: Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    weights: weighted ? Float32Array.from({ length: n }, () => rng.uniform(0.2, 1)) : undefined,
  };
}

const configs: Array<{
  activation: Activation;
  hidden: number[];
  loss: LossKind;
  weighted: boolean;
  doubleDqn: boolean;
}> = [];
for (const activation of ["relu", "tanh"] as const)
  for (const hidden of [[16], [16, 12]])
    for (const loss of ["mse", "huber"] as const)
      for (const weighted of [false, true])
        for (const doubleDqn of [false, true])
          configs.push({ activation, hidden, loss, weighted, doubleDqn });

describe("hand-derived gradients", () => {
  it.each(configs)(
    "equal tf autodiff within 1e-5: %o",
    ({ activation, hidden, loss, weighted, doubleDqn }) => {
      const spec: NetworkSpec = { inputSize: 4, hidden, outputSize: 3, activation, dueling: false };
      expect(fastPathSupports(spec)).toBe(true);
      const online = randomNet(spec, 1, "online");
      const target = randomNet(spec, 2, "target", false);
      // rewards up to 2 and γ = 0.9 put some |δ| above and some below Huber's threshold of 1
      const trainer = new Trainer(
        online,
        target,
        { gamma: 0.9, loss, doubleDqn, lr: 1e-3, maxGradNorm: 0 },
        true,
      );
      const batch = randomBatch(spec, 32, 3, weighted);
      const before = tf.memory().numTensors;
      const fast = trainer.gradients(batch, "fast");
      const auto = trainer.gradients(batch, "autodiff");
      expect(tf.memory().numTensors).toBe(before);
      expect(fast.loss).toBeCloseTo(auto.loss, 10);
      expect(fast.grads.map((g) => g.length)).toEqual(auto.grads.map((g) => g.length));
      let maxDiff = 0;
      let maxAbs = 0;
      fast.grads.forEach((g, i) => {
        const a = auto.grads[i]!;
        for (let k = 0; k < g.length; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(g[k]! - a[k]!) / Math.max(1, Math.abs(a[k]!)));
          maxAbs = Math.max(maxAbs, Math.abs(a[k]!));
        }
      });
      expect(maxAbs).toBeGreaterThan(1e-3); // the check is not vacuous
      expect(maxDiff).toBeLessThan(1e-5);
      trainer.dispose();
      online.dispose();
      target.dispose();
    },
  );

  it("uses autodiff for dueling heads and other activations, and trains them", () => {
    for (const [activation, dueling] of [
      ["relu", true],
      ["sigmoid", false],
      ["elu", false],
      ["linear", false],
    ] as const) {
      const spec: NetworkSpec = { inputSize: 4, hidden: [8], outputSize: 2, activation, dueling };
      expect(fastPathSupports(spec)).toBe(false);
      const online = randomNet(spec, 4, "online");
      const trainer = new Trainer(
        online,
        undefined,
        { gamma: 0.9, loss: "mse", doubleDqn: false, lr: 1e-2, maxGradNorm: 10 },
        true,
      );
      expect(trainer.path).toBe("autodiff");
      const batch = randomBatch(spec, 16, 5, false);
      const first = trainer.step(batch).loss;
      let last = first;
      for (let i = 0; i < 30; i++) last = trainer.step(batch).loss;
      expect(last).toBeLessThan(first);
      trainer.dispose();
      online.dispose();
    }
  });
});
