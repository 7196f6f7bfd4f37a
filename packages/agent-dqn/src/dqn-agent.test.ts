import { Box, Discrete, GymkitError } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { makeAgent, testRegistry, trainSteps } from "../test/helpers.js";
import type { HardSync } from "./target-sync.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

const obsSpace = new Box(-10, 10, [4]);
const actSpace = new Discrete(2);
const spaces = { observationSpace: obsSpace, actionSpace: actSpace };

describe("agent presets and options", () => {
  it("registers dqn, dqn-blog, qlearning, dqn-lunar, dqn-acrobot and dqn-mountaincar with their parts", () => {
    const registry = testRegistry();
    expect(registry.ids("agent")).toEqual([
      "dqn",
      "dqn-acrobot",
      "dqn-blog",
      "dqn-lunar",
      "dqn-mountaincar",
      "qlearning",
    ]);
    const acrobot = makeAgent("dqn-acrobot").agent;
    expect([
      acrobot.buffer.kind,
      acrobot.buffer.capacity,
      acrobot.targetSync.kind,
      acrobot.options.gamma,
    ]).toEqual(["uniform", 50_000, "hard", 0.99]);
    const car = makeAgent("dqn-mountaincar").agent;
    expect([
      car.buffer.capacity,
      car.options.trainFreq,
      car.options.gradientSteps,
      car.options.gamma,
    ]).toEqual([10_000, 16, 8, 0.98]);
    expect(registry.ids("targetSync")).toEqual(["hard", "none", "soft"]);
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

  it("dqn-lunar carries RL Zoo's LunarLander-v3 values for SB3's DQN", () => {
    const lunar = makeAgent("dqn-lunar").agent;
    const o = lunar.options;
    expect([o.hidden, o.lr, o.batchSize, o.learningStarts, o.trainFreq, o.gradientSteps]).toEqual([
      [256, 256],
      0.00063,
      128,
      0,
      4,
      4,
    ]);
    expect([o.doubleDqn, o.nStep, o.loss, o.maxGradNorm, o.gamma]).toEqual([false, 1, "huber", 10, 0.99]);
    expect([lunar.buffer.kind, lunar.buffer.capacity, lunar.targetSync.kind]).toEqual([
      "uniform",
      50_000,
      "hard",
    ]);
    expect((lunar.targetSync as HardSync).every).toBe(250);
    lunar.dispose();
  });

  it("rejects bad options naming the full path, the value and what is allowed", () => {
    const registry = testRegistry();
    const env = registry.make("CartPole-v1");
    const bad = (o: Record<string, unknown>) => () =>
      registry.create("agent", "dqn", o, { env, budget: { steps: 5000 } });
    expect(bad({ gama: 0.9 })).toThrow(
      /^Invalid config at agent\.gama: unknown option "gama" for agent "dqn". Did you mean "gamma"\? Allowed options: hidden, .*, backend, buffer, targetSync, epsilon, lrSchedule\.$/,
    );
    expect(bad({ gamma: 1.5 })).toThrow(
      "Invalid config at agent.gamma: expected a number >= 0 and <= 1, got 1.5.",
    );
    expect(bad({ hidden: [64, 0] })).toThrow(
      "Invalid config at agent.hidden[1]: expected an integer >= 1 and <= 65536, got 0.",
    );
    expect(bad({ loss: "hubber" })).toThrow(
      'Invalid config at agent.loss: expected one of "mse", "huber", got "hubber". Did you mean "huber"?',
    );
    expect(bad({ learningRate: 0.01 })).toThrow(
      'Invalid config at agent.learningRate: unknown option "learningRate" for agent "dqn". "learningRate" (Stable-Baselines3\'s name) is written agent.lr in gymkit.',
    );
    expect(bad({ target_update_interval: 100 })).toThrow(
      'Invalid config at agent.target_update_interval: unknown option "target_update_interval" for agent "dqn". "target_update_interval" (Stable-Baselines3\'s name) is written agent.targetSync.every in gymkit.',
    );
    expect(bad({ buffer_size: 100 })).toThrow(
      'Invalid config at agent.buffer_size: unknown option "buffer_size" for agent "dqn". "buffer_size" (Stable-Baselines3\'s name) is written agent.buffer.capacity in gymkit.',
    );
    expect(bad({ epsilon: { kind: "cosine" } })).toThrow(
      'Invalid config at agent.epsilon.kind: unknown schedule "cosine". Did you mean "constant"? Registered schedule ids: constant (agent-dqn), exponential (agent-dqn), linear (agent-dqn).',
    );
    expect(bad({ epsilon: { kind: "linear", from: 3 } })).toThrow(
      "Invalid config at agent.epsilon.from: expected a number >= 0 and <= 1, got 3.",
    );
    expect(bad({ epsilon: { kind: "linear", fraction: 0.2, steps: 100 } })).toThrow(
      "Invalid config at agent.epsilon: give fraction (of the step budget) or steps (env steps), not both.",
    );
    expect(bad({ buffer: { kind: "uniform", capacity: -1 } })).toThrow(
      "Invalid config at agent.buffer.capacity: expected an integer >= 1 and <= 268435456, got -1.",
    );
    expect(bad({ targetSync: { kind: "soft", tau: 2 } })).toThrow(
      "Invalid config at agent.targetSync.tau: expected a number > 0 and <= 1, got 2.",
    );
    expect(bad({ targetSync: { kind: "hard", every: 0 } })).toThrow(
      "Invalid config at agent.targetSync.every: expected an integer >= 1, got 0.",
    );
    expect(bad({ targetSync: "hadr" })).toThrow(
      'Invalid config at agent.targetSync.kind: unknown target-sync strategy "hadr". Did you mean "hard"? Registered targetSync ids: hard (agent-dqn), none (agent-dqn), soft (agent-dqn).',
    );
    expect(bad({ targetSync: 5 })).toThrow(
      'Invalid config at agent.targetSync: expected a target-sync strategy as "<id>" or { kind: "<id>", ...options }, got 5. Registered targetSync ids: hard (agent-dqn), none (agent-dqn), soft (agent-dqn).',
    );
    expect(bad({ batchSize: 64, buffer: { kind: "uniform", capacity: 10 } })).toThrow(
      "Invalid config at agent.batchSize: 64 is larger than the uniform buffer's capacity 10 (agent.buffer.capacity), so no batch could ever be drawn. Lower batchSize or raise the capacity.",
    );
    expect(() => registry.create("agent", "dqn", {})).toThrow(
      'Invalid config at agent.buffer: the replay buffer "prioritized" needs the env\'s spaces; compose it in a run, or give registry.create a context { env } (an env or its { observationSpace, actionSpace }).',
    );
    // Replay buffers store Box actions now (issue 21), so DQN's own check is the one that refuses them.
    expect(() =>
      registry.create(
        "agent",
        "dqn",
        {},
        { env: { ...spaces, actionSpace: obsSpace }, budget: { steps: 5000 } },
      ),
    ).toThrow(/agent: DQN needs a Discrete action space, got/);
    expect(bad({ backend: "wasm" })).toThrow(
      'Invalid config at agent.backend: asked for "wasm" but the prepared backend is "cpu". Call `await prepareBackend("wasm")` first, or set agent.backend to "auto".',
    );
    try {
      bad({ lr: 0 })();
    } catch (e) {
      expect(e).toBeInstanceOf(GymkitError);
      expect((e as GymkitError).code).toBe("GYMKIT_INVALID_CONFIG");
    }
  });

  it("a bare id is shorthand for { kind }; the agent takes its parts from the run", async () => {
    const registry = testRegistry();
    const run = await registry.compose({
      env: "CartPole-v1",
      agent: { kind: "dqn", targetSync: "hard", buffer: { capacity: 100 } },
      budget: { steps: 5000 },
    });
    const agent = run.agent as unknown as { buffer: unknown; targetSync: HardSync };
    expect(agent.buffer).toBe(run.parts.buffer);
    expect(agent.targetSync).toBe(run.parts.targetSync);
    expect(agent.targetSync.every).toBe(10);
    expect(run.config.agent).toMatchObject({
      kind: "dqn",
      buffer: { kind: "prioritized", capacity: 100, alpha: 0.4 },
      targetSync: { kind: "hard", every: 10 },
      epsilon: { kind: "linear", from: 1, to: 0.05 },
    });
    expect(run.filled.map((f) => `${f.path}=${f.id}`)).toEqual([
      "env=CartPole-v1",
      "eval.env=CartPole-v1",
      "agent.buffer=prioritized",
      "agent.targetSync=hard",
      "agent.epsilon=linear",
      "agent.lrSchedule=constant",
      "agent=dqn",
    ]);
    await run.dispose();
  });

  it("presets merge under what the user wrote: qlearning keeps its online buffer unless told otherwise", async () => {
    const registry = testRegistry();
    const { config } = registry.resolve({
      env: "CartPole-v1",
      agent: { kind: "qlearning", lr: 0.0005 },
      budget: { steps: 5000 },
    });
    expect(config.agent).toMatchObject({
      kind: "qlearning",
      lr: 0.0005,
      batchSize: 1,
      learningStarts: 1,
      buffer: { kind: "online", capacity: 1 },
      targetSync: { kind: "none" },
    });
    const other = registry.resolve({
      env: "CartPole-v1",
      agent: { kind: "qlearning", batchSize: 32, buffer: { kind: "uniform", capacity: 5000 } },
      budget: { steps: 5000 },
    }).config.agent;
    expect(other).toMatchObject({
      batchSize: 32,
      buffer: { kind: "uniform", capacity: 5000, replacement: false },
    });
    // The resolved config resolves to itself.
    expect(
      registry.resolve({ env: "CartPole-v1", agent: config.agent, budget: { steps: 5000 } }).config,
    ).toEqual(config);
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
    const actionSpace = new Discrete(2, 5);
    const agent = registry.create(
      "agent",
      "dqn",
      { learningStarts: 8, batchSize: 8 },
      { env: { observationSpace: obsSpace, actionSpace }, budget: { steps: 5000 } },
    );
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
        1 - (0.95 * r.at) / 2000, // the dqn default: linear 1 → 0.05 over 10% of 20 000 steps
        9,
      );
    }
    agent.dispose();
  });

  it("scale Adam's learning rate by lrSchedule against env steps; at factor 0 the weights stay", () => {
    const { agent, env } = makeAgent("dqn", {
      lr: 0.004,
      learningStarts: 50,
      batchSize: 16,
      hidden: [8],
      lrSchedule: { kind: "linear", from: 1, to: 0, steps: 100 },
    });
    const seen: Array<[number, number]> = [];
    const update = agent.update.bind(agent);
    agent.update = () => {
      const before = agent.online.read();
      const r = update();
      if (r) {
        seen.push([r.step, r.metrics["train/learning_rate"]!]);
        const moved = agent.online.read().some((w, i) => w.some((x, k) => x !== before[i]![k]));
        expect(moved).toBe(r.step < 100);
      }
      return r;
    };
    trainSteps(agent, env, 120);
    expect(seen.map(([step]) => step)).toEqual(Array.from({ length: 71 }, (_, i) => 50 + i));
    for (const [step, lr] of seen) expect(lr).toBeCloseTo(0.004 * Math.max(0, 1 - step / 100), 12);
    expect(agent.config.lrSchedule).toEqual({ kind: "linear", from: 1, to: 0, steps: 100 });
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
