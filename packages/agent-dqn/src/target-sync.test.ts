import { createRng, GymkitError, type SyncableParameters, type TargetSync, z } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAgent, testRegistry, trainSteps } from "../test/helpers.js";
import { glorotInit, type NetworkSpec, QNetwork } from "./network.js";
import { HardSync, NoSync, SoftSync } from "./target-sync.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

const spec: NetworkSpec = { inputSize: 4, hidden: [8, 6], outputSize: 2, activation: "relu", dueling: false };
const nets: QNetwork[] = [];
const net = (seed: number, s: NetworkSpec = spec) => {
  const n = new QNetwork(s, glorotInit(s, createRng(seed)), `n${seed}`);
  nets.push(n);
  return n;
};
afterAll(() => {
  for (const n of nets) n.dispose();
});

const values = (n: QNetwork) => n.read().map((a) => Array.from(a));

describe("QNetwork as SyncableParameters", () => {
  it("names its variables like dense0/kernel", () => {
    expect(net(1).names()).toEqual([
      "dense0/kernel",
      "dense0/bias",
      "dense1/kernel",
      "dense1/bias",
      "dense2/kernel",
      "dense2/bias",
    ]);
    expect(
      net(1, { ...spec, dueling: true })
        .names()
        .slice(-4),
    ).toEqual(["value/kernel", "value/bias", "advantage/kernel", "advantage/bias"]);
  });

  it("hard sync: the target equals the online network right after, and only every `every` updates", () => {
    const online = net(1);
    const target = net(2);
    const sync = new HardSync(3);
    expect(sync.afterUpdate(1, online, target)).toBe(false);
    expect(values(target)).not.toEqual(values(online));
    expect(sync.afterUpdate(3, online, target)).toBe(true);
    expect(values(target)).toEqual(values(online));
    // a later change of the online net does not reach the copy (no shared mutable memory)
    online.write(
      new Map(online.names().map((n, i) => [n, new Float32Array(online.variables()[i]!.size).fill(7)])),
    );
    expect(values(target)).not.toEqual(values(online));
  });

  it("soft sync: target = tau·online + (1 − tau)·old target, bit for bit what tfjs' mul/add kernels give", () => {
    const online = net(3);
    const target = net(4);
    const old = target.read();
    const on = online.read();
    expect(new SoftSync(0.1, 2).afterUpdate(1, online, target)).toBe(false);
    expect(values(target)).toEqual(old.map((a) => Array.from(a)));
    expect(new SoftSync(0.1, 2).afterUpdate(2, online, target)).toBe(true);
    // The blend runs in JS on the networks' float32 arrays; tfjs would compute it as below.
    const expected = tf.tidy(() =>
      on.map((o, i) =>
        tf.add(tf.mul(tf.tensor(o), tf.scalar(0.1)), tf.mul(tf.tensor(old[i]!), tf.scalar(0.9))).dataSync(),
      ),
    );
    expect(target.read()).toEqual(expected);
    // and the variables the forward pass reads hold the same values
    expect(target.variables().map((v) => v.dataSync())).toEqual(expected);
    expect(target.read()).not.toEqual(old);
  });

  it("copies by name with shapes verified, naming the variable on a mismatch", () => {
    const a = net(5);
    const wider = net(6, { ...spec, hidden: [8, 7] });
    expect(() => a.copyFrom(wider)).toThrow(
      /variable "dense1\/kernel" has shape \[1, 8, 7\] in the source but \[1, 8, 6\]/,
    );
    const deeper = net(7, { ...spec, hidden: [8] });
    expect(() => a.copyFrom(deeper)).toThrow(/no variable "dense2\/kernel"/);
    const fake: SyncableParameters = { names: () => [], copyFrom() {}, polyakFrom() {} };
    expect(() => a.copyFrom(fake)).toThrow(GymkitError);
  });

  it("forward (kernels) equals forwardOps (tf ops), dueling head included", async () => {
    for (const s of [spec, { ...spec, dueling: true }, { ...spec, activation: "tanh" as const }]) {
      const n = net(8, s);
      const x = tf.tensor3d(
        Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)),
        [1, 3, 4],
      );
      const a = tf.tidy(() => n.forward(x));
      const b = tf.tidy(() => n.forwardOps(x));
      const av = await a.data();
      const bv = b.dataSync();
      for (let i = 0; i < av.length; i++) expect(av[i]).toBeCloseTo(bv[i]!, 6);
      tf.dispose([a, b, x]);
    }
  });

  it("none keeps no target network", () => {
    expect(new NoSync().usesTargetNetwork).toBe(false);
    const { agent } = makeAgent("dqn", { targetSync: { kind: "none" } });
    expect(agent.target).toBeUndefined();
    agent.dispose();
  });
});

describe("a custom target-sync strategy", () => {
  /** Hard copy on updates that are powers of two: one small class. */
  class PowerOfTwoSync implements TargetSync {
    readonly kind = "power-of-two";
    readonly usesTargetNetwork = true;
    syncedAt: number[] = [];
    afterUpdate(n: number, online: SyncableParameters, target: SyncableParameters): boolean {
      if ((n & (n - 1)) !== 0) return false;
      target.copyFrom(online);
      this.syncedAt.push(n);
      return true;
    }
  }

  it("is registered as a targetSync kind and used by an agent", () => {
    const registry = testRegistry();
    const made: PowerOfTwoSync[] = [];
    registry.add({
      slot: "targetSync",
      id: "power-of-two",
      options: z.strictObject({}),
      create: () => {
        const s = new PowerOfTwoSync();
        made.push(s);
        return s;
      },
    });
    const { agent, env } = makeAgent(
      "dqn",
      // nStep 1: one transition in the buffer per step, so updates start at step 64
      { targetSync: { kind: "power-of-two" }, learningStarts: 64, hidden: [8], nStep: 1 },
      { registry },
    );
    expect(agent.targetSync).toBe(made[0]);
    trainSteps(agent, env, 64 + 40);
    expect(agent.updates).toBe(41);
    expect(made[0]!.syncedAt).toEqual([1, 2, 4, 8, 16, 32]);
    expect(values(agent.target!)).not.toEqual(values(agent.online));
    agent.dispose();
  });
});
