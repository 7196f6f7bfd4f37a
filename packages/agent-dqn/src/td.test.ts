import { prepareBackend } from "@gymkit/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { type NetworkSpec, QNetwork } from "./network.js";
import type { LossKind, TdBatch } from "./td.js";
import { type GradientPath, Trainer } from "./trainer.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

// A linear Q-net (no hidden layer) so every number below is checkable by hand:
// online Q(s) = [s0, s1 + 0.5], target Q(s) = [2·s0, s1].
const spec: NetworkSpec = { inputSize: 2, hidden: [], outputSize: 2, activation: "relu", dueling: false };
const onlineValues = [Float32Array.of(1, 0, 0, 1), Float32Array.of(0, 0.5)];
const targetValues = [Float32Array.of(2, 0, 0, 1), Float32Array.of(0, 0)];

// gamma = 0.5
//  #  s       a  r   s'          term trunc  y (vanilla)           y (double: a* = argmax online Q(s'))
//  0  [1,2]   0  1   [3,1]       0    0      1 + .5·max(6,1) = 4    online Q(s')=[3,1.5] → a*=0 → 4
//  1  [0,1]   1  0   [1,4]       1    0      0 (no bootstrap)      0
//  2  [2,0]   1  2   [1,4]       0    1      2 + .5·max(2,4) = 4    online [1,4.5] → a*=1 → 4   (truncated bootstraps)
//  3  [1,1]   0  -1  [.5,.25]    0    0      -1 + .5·max(1,.25) = -.5   online [.5,.75] → a*=1 → -1 + .5·.25 = -.875
// Q(s,a): 1, 1.5, 0.5, 1  →  δ vanilla = [-3, 1.5, -3.5, 1.5], δ double = [-3, 1.5, -3.5, 1.875]
const batch = (weights?: number[]): TdBatch => ({
  size: 4,
  observations: Float32Array.of(1, 2, 0, 1, 2, 0, 1, 1),
  actions: Int32Array.of(0, 1, 1, 0),
  rewards: Float32Array.of(1, 0, 2, -1),
  nextObservations: Float32Array.of(3, 1, 1, 4, 1, 4, 0.5, 0.25),
  terminated: Uint8Array.of(0, 1, 0, 0),
  weights: weights ? Float32Array.from(weights) : undefined,
});

function trainer(loss: LossKind, doubleDqn: boolean, path: GradientPath) {
  const online = new QNetwork(spec, onlineValues, "online");
  const target = new QNetwork(spec, targetValues, "target", false);
  const t = new Trainer(
    online,
    target,
    { gamma: 0.5, loss, doubleDqn, lr: 0.01, maxGradNorm: 0 },
    true,
    path,
  );
  return {
    t,
    online,
    dispose: () => {
      t.dispose();
      online.dispose();
      target.dispose();
    },
  };
}

describe.each(["fast", "autodiff"] as const)("one update by hand (%s gradients)", (path) => {
  it("mse: loss, |δ|, gradients, and Adam's first step of -lr·sign(g)", () => {
    const { t, online, dispose } = trainer("mse", false, path);
    const g = t.gradients(batch());
    expect(g.loss).toBeCloseTo((9 + 2.25 + 12.25 + 2.25) / 4, 6);
    expect(g.qMean).toBeCloseTo((1 + 1.5 + 0.5 + 1) / 4, 6);
    // dL/dQ(s_i, a_i) = 2δ_i/4 = [-1.5, .75, -1.75, .75]
    // kernel [in, out] row-major: ∂W[j][a] = Σ_i s_i[j]·dq_i[a]
    expect(Array.from(g.grads[0]!)).toEqual([-0.75, -3.5, -2.25, 0.75].map((x) => expect.closeTo(x, 6)));
    expect(Array.from(g.grads[1]!)).toEqual([-0.75, -1].map((x) => expect.closeTo(x, 6)));
    const stats = t.step(batch());
    expect(Array.from(stats.absTdErrors)).toEqual([3, 1.5, 3.5, 1.5]);
    const [kernel, bias] = online.read();
    expect(Array.from(kernel!)).toEqual([1.01, 0.01, 0.01, 0.99].map((x) => expect.closeTo(x, 6)));
    expect(Array.from(bias!)).toEqual([0.01, 0.51].map((x) => expect.closeTo(x, 6)));
    dispose();
  });

  it("huber: quadratic inside |δ| < 1, linear outside", () => {
    const { t, dispose } = trainer("huber", false, path);
    const g = t.gradients(batch());
    expect(g.loss).toBeCloseTo((2.5 + 1 + 3 + 1) / 4, 6);
    // dL/dQ = clip(δ, -1, 1)/4 = [-.25, .25, -.25, .25]
    expect(Array.from(g.grads[1]!)).toEqual([0, 0].map((x) => expect.closeTo(x, 6)));
    expect(Array.from(g.grads[0]!)).toEqual([0, -0.5, -0.25, 0.25].map((x) => expect.closeTo(x, 6)));
    dispose();
  });

  it("importance weights scale each row's loss and gradient", () => {
    const { t, dispose } = trainer("mse", false, path);
    const g = t.gradients(batch([1, 0.5, 0.25, 1]));
    expect(g.loss).toBeCloseTo((9 + 0.5 * 2.25 + 0.25 * 12.25 + 2.25) / 4, 6);
    // dq = 2wδ/4 = [-1.5, .375, -.4375, .75]
    expect(Array.from(g.grads[1]!)).toEqual([-0.75, -0.0625].map((x) => expect.closeTo(x, 6)));
    dispose();
  });

  it("double DQN picks a' with the online net and values it with the target", () => {
    const { t, dispose } = trainer("mse", true, path);
    const g = t.gradients(batch());
    expect(g.loss).toBeCloseTo((9 + 2.25 + 12.25 + 1.875 ** 2) / 4, 6);
    dispose();
  });

  it("leaks no tensors", () => {
    const { t, dispose } = trainer("huber", true, path);
    t.step(batch());
    const n = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) t.step(batch([1, 1, 0.5, 0.5]));
    expect(tf.memory().numTensors).toBe(n);
    dispose();
  });
});
