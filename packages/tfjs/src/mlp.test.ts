import { createRng, GymkitError } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BackendName, prepareBackend } from "./backend.js";
import { glorotUniform, orthogonal } from "./init.js";
import { initMlp, Mlp, type MlpSpec, mlpParameterShapes } from "./mlp.js";

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));

const spec: MlpSpec = { inputSize: 4, hidden: [8, 6], activation: "relu", output: 3 };
const twoHeads: MlpSpec = {
  inputSize: 4,
  hidden: [8],
  activation: "tanh",
  output: [
    { name: "value", size: 1 },
    { name: "advantage", size: 3 },
  ],
};

describe("Mlp layout and init", () => {
  it("names layers dense0 … denseN, or the hidden layers then the named heads", () => {
    expect(mlpParameterShapes(spec)).toEqual([
      { name: "dense0/kernel", shape: [1, 4, 8] },
      { name: "dense0/bias", shape: [8] },
      { name: "dense1/kernel", shape: [1, 8, 6] },
      { name: "dense1/bias", shape: [6] },
      { name: "dense2/kernel", shape: [1, 6, 3] },
      { name: "dense2/bias", shape: [3] },
    ]);
    expect(mlpParameterShapes(twoHeads).map((s) => s.name)).toEqual([
      "dense0/kernel",
      "dense0/bias",
      "value/kernel",
      "value/bias",
      "advantage/kernel",
      "advantage/bias",
    ]);
  });

  it("draws Glorot kernels layer after layer from one stream, biases 0", () => {
    const values = initMlp(spec, createRng(3));
    const rng = createRng(3);
    expect(values).toEqual([
      glorotUniform(4, 8, rng),
      new Float32Array(8),
      glorotUniform(8, 6, rng),
      new Float32Array(6),
      glorotUniform(6, 3, rng),
      new Float32Array(3),
    ]);
  });

  it("takes an init per layer (CleanRL's PPO: orthogonal √2 hidden, 0.01 for the policy head)", () => {
    const values = initMlp({ ...spec, hidden: [8] }, createRng(4), (_layer, _i, isHead) => ({
      kind: "orthogonal",
      gain: isHead ? 0.01 : Math.SQRT2,
    }));
    const rng = createRng(4);
    expect(values[0]).toEqual(orthogonal(4, 8, Math.SQRT2, rng));
    expect(values[2]).toEqual(orthogonal(8, 3, 0.01, rng));
  });

  it("refuses a bad spec, saying what is wrong", () => {
    const bad = (s: Partial<MlpSpec>) => () => initMlp({ ...spec, ...s }, createRng(0));
    expect(bad({ hidden: [8, 0] })).toThrow("Mlp: hidden sizes must be integers >= 1, got [8, 0].");
    expect(bad({ activation: "gelu" as never })).toThrow(
      'Mlp: activation must be one of relu, tanh, sigmoid, elu, linear, got "gelu".',
    );
    expect(bad({ output: [{ name: "dense0", size: 2 }] })).toThrow('Mlp: layer name "dense0" is used twice.');
    expect(bad({ output: [] })).toThrow("Mlp: it needs at least one head.");
    expect(() => new Mlp(spec, [new Float32Array(32)], "x")).toThrow(
      "Mlp x: expected 6 parameter arrays (dense0/kernel, dense0/bias, dense1/kernel, dense1/bias, dense2/kernel, dense2/bias), got 1.",
    );
  });
});

describe.each(["cpu", "wasm"] as BackendName[])("Mlp forward passes on %s", (backend) => {
  const nets: Mlp[] = [];
  const make = (s: MlpSpec, seed: number) => {
    const n = Mlp.create(s, createRng(seed), { label: `t${seed}` });
    nets.push(n);
    return n;
  };
  beforeAll(async () => {
    await prepareBackend(backend, { log: false });
  });
  afterAll(() => {
    for (const n of nets) n.dispose();
  });
  const input = () =>
    tf.tensor3d(
      Float32Array.from({ length: 5 * 4 }, (_, i) => Math.sin(i * 1.3)),
      [1, 5, 4],
    );

  it.each(["relu", "tanh", "sigmoid", "elu", "linear"] as const)(
    "forward (raw kernels) equals forwardOps (tf ops) with %s, one head and two",
    (activation) => {
      for (const s of [
        { ...spec, activation },
        { ...twoHeads, activation },
      ]) {
        const net = make(s, 8);
        const before = tf.memory().numTensors;
        const [fast, ops] = tf.tidy(() => {
          const x = input();
          return [
            net.forwardHeads(x).map((t) => t.dataSync()),
            net.forwardHeadsOps(x).map((t) => t.dataSync()),
          ];
        });
        expect(tf.memory().numTensors).toBe(before);
        expect(fast!.map((a) => a.length)).toEqual(typeof s.output === "number" ? [15] : [5, 15]);
        for (const [h, a] of fast!.entries()) expect(maxDiff(a, ops![h]!)).toBeLessThan(1e-5);
        if (typeof s.output === "number") {
          expect(tf.tidy(() => net.forward(input()).dataSync())).toEqual(fast![0]);
        }
      }
    },
  );

  it("forward follows every upload (weights are new tensors, never rewritten in place)", () => {
    const net = make(spec, 9);
    const out = () => tf.tidy(() => Array.from(net.forward(input()).dataSync()));
    const first = out();
    expect(out()).toEqual(first);
    for (const p of net.parameters()) for (let k = 0; k < p.length; k++) p[k] = p[k]! * 0.5 + 0.01;
    net.upload();
    const second = out();
    expect(second).not.toEqual(first);
    const ops = tf.tidy(() => Array.from(net.forwardOps(input()).dataSync()));
    expect(maxDiff(second, ops)).toBeLessThan(1e-5);
  });

  it("forward on a two-head MLP says to use forwardHeads", () => {
    const net = make(twoHeads, 10);
    expect(() => tf.tidy(() => net.forward(input()))).toThrow(GymkitError);
    expect(() => tf.tidy(() => net.forward(input()))).toThrow(
      "Mlp t10.forward: it has 2 heads (value, advantage); use forwardHeads.",
    );
  });
});
