import { Box, Discrete, GymkitError, REPLAY_BUFFER, TARGET_SYNC } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { makeAgent, testRegistry, trainSteps } from "../test/helpers.js";
import { prepareBackend } from "./backend.js";
import { HardSync } from "./target-sync.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

const obsSpace = new Box(-10, 10, [4]);
const actSpace = new Discrete(2);
const spaces = { observationSpace: obsSpace, actionSpace: actSpace };

describe("agent presets and options", () => {
  it("registers dqn, dqn-blog and qlearning with their parts", () => {
    const registry = testRegistry();
    expect(registry.kinds("agent")).toEqual(["dqn", "dqn-blog", "qlearning"]);
    expect(registry.kinds("targetSync")).toEqual(["hard", "none", "soft"]);
    const blog = makeAgent("dqn-blog").agent;
    expect([blog.buffer.kind, blog.buffer.capacity, blog.targetSync.kind, blog.options.loss]).toEqual([
      "uniform",
      50_000,
      "hard",
      "mse",
    ]);
    expect((blog.targetSync as HardSync).every).toBe(10);
    const q = makeAgent("qlearning").agent;
    expect([q.buffer.kind, q.options.batchSize, q.targetSync.kind, q.target]).toEqual([
      "online",
      1,
      "none",
      undefined,
    ]);
    expect(q.config).toMatchObject({
      preset: "qlearning",
      backend: "cpu",
      gradientPath: "fast",
      hidden: blog.options.hidden,
    });
    blog.dispose();
    q.dispose();
  });

  it("rejects bad options naming the path, the value and what is allowed", () => {
    const scope = testRegistry().scope({ totalSteps: 1000 });
    const bad = (o: Record<string, unknown>) => () => scope.create("agent", "dqn", { ...spaces, ...o });
    expect(bad({ gama: 0.9 })).toThrow(
      /^Invalid config at agent: unknown option "gama". Did you mean "gamma"\? Allowed options: hidden, /,
    );
    expect(bad({ gamma: 1.5 })).toThrow(/agent\.gamma: expected a number >= 0 and <= 1, got 1\.5/);
    expect(bad({ hidden: [64, 0] })).toThrow(/agent\.hidden\[1\]: expected an integer >= 1/);
    expect(bad({ loss: "l1" })).toThrow(/agent\.loss: expected one of "mse", "huber", got "l1"/);
    expect(bad({ activation: "relu6" })).toThrow(/agent\.activation/);
    expect(bad({ epsilon: { kind: "cosine" } })).toThrow(/agent\.epsilon: Unknown schedule "cosine"/);
    expect(bad({ epsilon: { kind: "linear", from: 3 } })).toThrow(
      /agent\.epsilon: .*from: expected a number/,
    );
    expect(bad({ buffer: { kind: "uniform", capacity: -1 } })).toThrow(/agent\.buffer: .*capacity/);
    expect(bad({ targetSync: { kind: "soft", tau: 2 } })).toThrow(/agent\.targetSync: .*tau/);
    expect(bad({ batchSize: 64, buffer: { kind: "uniform", capacity: 10 } })).toThrow(
      /batchSize: 64 is larger/,
    );
    expect(() => scope.create("agent", "dqn", {})).toThrow(/agent\.observationSpace: expected a Box space/);
    expect(() => scope.create("agent", "dqn", { ...spaces, actionSpace: obsSpace })).toThrow(
      /Discrete action space/,
    );
    expect(bad({ backend: "wasm" })).toThrow(/prepareBackend\("wasm"\)/);
    try {
      bad({ lr: 0 })();
    } catch (e) {
      expect(e).toBeInstanceOf(GymkitError);
      expect((e as GymkitError).code).toBe("GYMKIT_INVALID_CONFIG");
    }
  });

  it("takes the buffer and target sync from the run scope when provided (never builds its own)", () => {
    const registry = testRegistry();
    const scope = registry.scope({ totalSteps: 1000 });
    const buffer = scope.create("buffer", "uniform", { capacity: 100, ...spaces });
    const sync = new HardSync(3);
    scope.provide(REPLAY_BUFFER, buffer).provide(TARGET_SYNC, sync);
    const create = vi.spyOn(registry, "create");
    const agent = scope.create("agent", "dqn", spaces) as unknown as {
      buffer: unknown;
      targetSync: unknown;
      dispose(): void;
    };
    expect(agent.buffer).toBe(buffer);
    expect(agent.targetSync).toBe(sync);
    expect(create.mock.calls.map((c) => c[0])).toEqual(["agent", "schedule"]);
    agent.dispose();
  });
});

describe("acting", () => {
  it("greedy actions come from one forward pass; actBatch agrees with act", () => {
    const { agent } = makeAgent("dqn", { hidden: [16] });
    const obs = Float32Array.from({ length: 64 * 4 }, (_, i) => Math.sin(i * 0.7) * 2);
    const batch = agent.actBatch(obs, 64, { explore: false });
    const q = agent.qValues(obs, 64);
    for (let i = 0; i < 64; i++) {
      const single = agent.act(obs.subarray(4 * i, 4 * i + 4), { explore: false });
      expect(batch[i]).toBe(single);
      expect(single).toBe(q[2 * i + 1]! > q[2 * i]! ? 1 : 0);
    }
    expect(new Set(batch).size).toBe(2); // the check sees both actions
    agent.dispose();
  });

  it("explores ε-greedily with its own forked Rng", () => {
    const { agent } = makeAgent("dqn", { epsilon: { kind: "constant", value: 1 } });
    const obs = new Float32Array(4);
    const counts = [0, 0];
    for (let i = 0; i < 2000; i++) counts[agent.act(obs)]!++;
    expect(counts[0]).toBeGreaterThan(850);
    expect(counts[1]).toBeGreaterThan(850);
    const a = Array.from({ length: 50 }, () => agent.act(obs));
    agent.dispose();
    const twin = makeAgent("dqn", { epsilon: { kind: "constant", value: 1 } }).agent;
    for (let i = 0; i < 2000; i++) twin.act(obs);
    expect(Array.from({ length: 50 }, () => twin.act(obs))).toEqual(a);
    twin.dispose();
  });

  it("maps action indices onto Discrete(n, start)", () => {
    const registry = testRegistry();
    const scope = registry.scope({ totalSteps: 1000 });
    const actionSpace = new Discrete(2, 5);
    const agent = scope.create("agent", "dqn", {
      observationSpace: obsSpace,
      actionSpace,
      learningStarts: 8,
      batchSize: 8,
    });
    const seen = new Set<number>();
    const obs = new Float32Array(4);
    for (let t = 0; t < 40; t++) {
      const a = agent.act(obs);
      seen.add(a);
      agent.observe({
        observation: obs,
        action: a,
        reward: 1,
        nextObservation: obs,
        terminated: false,
        truncated: false,
      });
      agent.update();
    }
    expect([...seen].every((a) => a === 5 || a === 6)).toBe(true);
    expect(agent.act(obs, { explore: false })).toBeGreaterThanOrEqual(5);
    agent.dispose();
  });
});

describe("updates", () => {
  it("start after learningStarts, run every trainFreq steps with gradientSteps each, and report", () => {
    const { agent, env } = makeAgent("dqn", {
      learningStarts: 100,
      trainFreq: 4,
      gradientSteps: 3,
      batchSize: 32,
      targetSync: { kind: "hard", every: 6 },
      hidden: [8],
    });
    const results: Array<ReturnType<typeof agent.update>> = [];
    const update = agent.update.bind(agent);
    agent.update = () => {
      const r = update();
      results.push(r);
      return r;
    };
    trainSteps(agent, env, 120);
    const done = results.flatMap((r, i) => (r ? [{ ...r, at: i + 1 }] : []));
    expect(done.map((r) => r.at)).toEqual([100, 104, 108, 112, 116, 120]);
    expect(done.map((r) => r.updates)).toEqual([3, 6, 9, 12, 15, 18]);
    expect(done.map((r) => r.targetSynced)).toEqual([false, true, false, true, false, true]);
    for (const r of done) {
      expect(r.step).toBe(r.at);
      const m = r.metrics;
      expect(Number.isFinite(m["train/loss"]) && m["train/loss"]! >= 0).toBe(true);
      expect(Number.isFinite(m["train/q_mean"])).toBe(true);
      expect(Number.isFinite(m["train/grad_norm"]) && m["train/grad_norm"]! >= 0).toBe(true);
      expect(m["train/n_updates"]).toBe(r.updates);
      expect(m["rollout/exploration_rate"]).toBeCloseTo(
        agent.options.epsilon.kind === "linear" ? 1 - (0.95 * r.at) / 2000 : 0,
        9,
      );
    }
    agent.dispose();
  });

  it("bootstraps through truncation, never through termination (online buffer, batch 1)", () => {
    const obs = Float32Array.of(0.1, -0.2, 0.3, 0.05);
    const next = Float32Array.of(0.5, 0.4, -0.3, 0.2);
    for (const [terminated, truncated] of [
      [true, false],
      [false, true],
      [false, false],
    ] as const) {
      const { agent } = makeAgent("qlearning", { loss: "mse", gamma: 0.9 });
      const q = agent.qValues(obs, 1);
      const qn = agent.qValues(next, 1);
      agent.observe({
        observation: obs,
        action: 1,
        reward: 0.5,
        nextObservation: next,
        terminated,
        truncated,
      });
      const r = agent.update()!;
      const y = 0.5 + (terminated ? 0 : 0.9 * Math.max(qn[0]!, qn[1]!));
      expect(r.metrics["train/loss"]).toBeCloseTo((q[1]! - y) ** 2, 6);
      agent.dispose();
    }
  });

  it("passes importance weights in and |δ| back to a prioritized buffer", () => {
    const { agent, env } = makeAgent("dqn", {
      buffer: { kind: "prioritized", capacity: 1000 },
      learningStarts: 50,
      batchSize: 16,
      hidden: [8],
    });
    const spy = vi.spyOn(agent.buffer, "updatePriorities");
    trainSteps(agent, env, 60);
    expect(spy).toHaveBeenCalledTimes(11);
    const [indices, errors] = spy.mock.calls[0]!;
    expect(indices).toHaveLength(16);
    expect(Array.from(errors as Float32Array).every((e) => e >= 0 && Number.isFinite(e))).toBe(true);
    agent.dispose();
  });

  it("trains every supported architecture without leaking tensors", () => {
    for (const o of [
      { activation: "tanh", hidden: [8, 8] },
      { dueling: true, hidden: [8] },
      { activation: "elu", hidden: [8], doubleDqn: true },
    ]) {
      const { agent, env } = makeAgent("dqn", { ...o, learningStarts: 32, batchSize: 16 });
      trainSteps(agent, env, 40);
      const n = tf.memory().numTensors;
      trainSteps(agent, env, 40);
      expect(tf.memory().numTensors).toBe(n);
      expect(agent.updates).toBe(49);
      agent.dispose();
    }
  });
});
