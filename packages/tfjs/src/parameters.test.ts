import { createRng, type SyncableParameters } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareBackend } from "./backend.js";
import { type ParameterEntry, ParameterSet, parameterSetOf } from "./parameters.js";
import { expectNoTensorLeak, tensorCount } from "./testing/index.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

const entries = (seed: number, cols = 3): ParameterEntry[] => {
  const rng = createRng(seed);
  const draw = (n: number) => Float32Array.from({ length: n }, () => rng.normal(0, 1));
  return [
    { name: "w", shape: [1, 2, cols], values: draw(2 * cols) },
    { name: "b", shape: [cols], values: draw(cols) },
  ];
};

describe("ParameterSet", () => {
  it("keeps the values in JS and mirrors them into variables; dispose frees the variables", () => {
    const before = tensorCount();
    const p = new ParameterSet(entries(1), "p");
    expect(tensorCount()).toBe(before + 2); // the two variables, no initial tensors left over
    expect(p.names()).toEqual(["w", "b"]);
    expect(p.size()).toBe(9);
    expect(p.variables().map((v) => Array.from(v.dataSync()))).toEqual(p.read().map((a) => Array.from(a)));
    p.parameters()[1]!.fill(2);
    expect(Array.from(p.variable("b").dataSync())).not.toEqual([2, 2, 2]);
    p.upload();
    expect(Array.from(p.variable("b").dataSync())).toEqual([2, 2, 2]);
    expect(() => p.variable("c")).toThrow('Network has no variable "c"; it has w, b.');
    p.dispose();
    p.dispose();
    expect(tensorCount()).toBe(before);
  });

  it("polyakFrom is bit for bit what tfjs' mul/add kernels give, and copyFrom copies", () => {
    const a = new ParameterSet(entries(2), "a");
    const b = new ParameterSet(entries(3), "b");
    const old = b.read();
    b.polyakFrom(a, 0.005);
    const expected = tf.tidy(() =>
      a
        .read()
        .map((s, i) =>
          tf
            .add(tf.mul(tf.tensor(s), tf.scalar(0.005)), tf.mul(tf.tensor(old[i]!), tf.scalar(1 - 0.005)))
            .dataSync(),
        ),
    );
    expect(b.read()).toEqual(expected);
    expect(b.variables().map((v) => v.dataSync())).toEqual(expected);
    b.copyFrom(a);
    expect(b.read()).toEqual(a.read());
    // No shared memory: a later change of the source does not reach the copy.
    a.parameters()[0]!.fill(9);
    expect(b.read()).not.toEqual(a.read());
    expect(() => b.polyakFrom(a, 0)).toThrow("polyakFrom: tau must be in (0, 1], got 0.");
    a.dispose();
    b.dispose();
  });

  it("matches by name with shapes verified, and names what does not match", () => {
    const a = new ParameterSet(entries(4), "a");
    const wider = new ParameterSet(entries(5, 4), "wider");
    const other = new ParameterSet([{ name: "w", shape: [1, 2, 3], values: new Float32Array(6) }], "other");
    expect(() => a.copyFrom(wider)).toThrow(
      'copyFrom: variable "w" has shape [1, 2, 4] in the source but [1, 2, 3] in the target.',
    );
    expect(() => a.copyFrom(other)).toThrow('copyFrom: the source network has no variable "b" (it has w).');
    const fake: SyncableParameters = { names: () => ["w", "b"], copyFrom() {}, polyakFrom() {} };
    expect(() => a.polyakFrom(fake, 0.5)).toThrow(
      "polyakFrom: the source must keep its parameters in a @gymkit/tfjs ParameterSet (an Mlp or a network holding one), got [object Object].",
    );
    // A network that holds a set is a valid source.
    const holder = { parameterSet: wider, names: () => wider.names(), copyFrom() {}, polyakFrom() {} };
    expect(parameterSetOf(holder)).toBe(wider);
    for (const p of [a, wider, other]) p.dispose();
  });

  it("write checks every name and size before changing anything", () => {
    const a = new ParameterSet(entries(6), "a");
    const before = a.read();
    expect(() => a.write(new Map([["w", new Float32Array(6)]]))).toThrow('Missing values for variable "b".');
    expect(() =>
      a.write(
        new Map([
          ["w", new Float32Array(6)],
          ["b", new Float32Array(2)],
        ]),
      ),
    ).toThrow('Variable "b" has 3 values ([3]), got 2.');
    expect(a.read()).toEqual(before);
    expectNoTensorLeak(() =>
      a.write(
        new Map([
          ["w", new Float32Array(6).fill(1)],
          ["b", new Float32Array(3).fill(2)],
        ]),
      ),
    );
    expect(Array.from(a.variable("w").dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
    a.dispose();
  });

  it("refuses values that do not fit the shape, and a name given twice", () => {
    expect(
      () => new ParameterSet([{ name: "w", shape: [2, 2], values: new Float32Array(3) }], "net"),
    ).toThrow('net: parameter "w" of shape [2, 2] needs 4 values, got 3.');
    const w = { name: "w", shape: [1], values: new Float32Array(1) };
    expect(() => new ParameterSet([w, w], "net")).toThrow('net: parameter "w" is given twice.');
  });
});
