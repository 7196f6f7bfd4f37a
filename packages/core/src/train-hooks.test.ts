import { describe, expect, it } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import type { ActOptions, Agent, BatchActor, Transition, UpdateResult } from "./agent.js";
import { createTrainingEvents } from "./events.js";
import { evaluate, train } from "./train.js";
import { SyncVectorEnv } from "./vector/sync-vector-env.js";
import type { AutoresetMode } from "./vector.js";

/** A deterministic policy of the observation: floor(x) mod 2. */
const policy = (obs: ArrayLike<number>, offset = 0) => Math.floor(obs[offset]!) % 2;

/** Records copies of every transition; acts by `policy`, one or many observations at a time. */
class PolicyAgent implements Agent, BatchActor {
  readonly seen: Array<{ o: number[]; a: number; r: number; n: number[]; term: boolean; trunc: boolean }> =
    [];
  act(observation: Float32Array): number {
    return policy(observation);
  }
  actBatch(
    observations: Float32Array,
    count: number,
    _o?: ActOptions,
    out = new Int32Array(count),
  ): Int32Array {
    for (let i = 0; i < count; i++) out[i] = policy(observations, i * 2);
    return out;
  }
  observe(t: Transition): void {
    this.seen.push({
      o: Array.from(t.observation),
      a: t.action,
      r: t.reward,
      n: Array.from(t.nextObservation),
      term: t.terminated,
      trunc: t.truncated,
    });
  }
  update(): UpdateResult | undefined {
    return undefined;
  }
  dispose(): void {}
}

/** The transitions n scalar envs seeded seed + i give under `policy`, `steps` each. */
async function scalarTransitions(length: number, seed: number, steps: number) {
  const agent = new PolicyAgent();
  await train({ env: new ChainEnv(length), agent, budget: { steps }, seed });
  return agent.seen;
}

describe("train() with a vector env", () => {
  it.each(["next-step", "same-step"] as const)(
    "%s: each sub-env hands the agent exactly the transitions a scalar env seeded seed + i would",
    async (mode: AutoresetMode) => {
      const n = 3;
      const length = 4;
      const vector = new SyncVectorEnv(
        Array.from({ length: n }, () => () => new ChainEnv(length)),
        { autoresetMode: mode },
      );
      const agent = new PolicyAgent();
      const result = await train({ env: vector, agent, budget: { steps: 36 }, seed: 5 });
      expect(result.steps).toBe(36);
      expect(result.episodes).toBe(9);
      expect(result.episodeReturns).toHaveLength(9);
      // The vector loop interleaves sub-envs 0, 1, 2, 0, 1, 2, ... (reset steps are not transitions).
      const perEnv = Array.from({ length: n }, (_, i) => agent.seen.filter((_, k) => k % n === i));
      for (let i = 0; i < n; i++) {
        // Sub-env i of a SyncVectorEnv seeded 5 starts from seed 5 + i (Gymnasium's rule).
        expect(perEnv[i]).toEqual(await scalarTransitions(length, 5 + i, 12));
      }
    },
  );

  it("budget counts env steps across sub-envs; an agent without actBatch gets a clear error", async () => {
    const vector = new SyncVectorEnv([() => new ChainEnv(5), () => new ChainEnv(5)]);
    const result = await train({ env: vector, agent: new PolicyAgent(), budget: { steps: 7 } });
    expect(result.steps).toBe(8); // lockstep: the last vector step takes both sub-envs past 7
    const scalarOnly: Agent = { act: () => 0, observe: () => {}, update: () => undefined, dispose: () => {} };
    await expect(train({ env: vector, agent: scalarOnly, budget: { steps: 4 } })).rejects.toThrow(
      "train: a vector env of 2 sub-envs needs an agent with actBatch(observations, count); this agent has none. Pass a single env instead.",
    );
  });
});

describe("train() awaits persistence at safe points", () => {
  it("awaits checkpoint.save every N steps and emits checkpoint; nothing steps meanwhile", async () => {
    const events = createTrainingEvents();
    const checkpoints: unknown[] = [];
    events.on("checkpoint", (e) => checkpoints.push(e));
    const env = new ChainEnv(3);
    const stepsAtSave: number[] = [];
    const result = await train({
      env,
      agent: new PolicyAgent(),
      events,
      budget: { steps: 10 },
      checkpoint: {
        every: 4,
        save: async (step) => {
          const before = env.t;
          await new Promise((r) => setTimeout(r, 5));
          expect(env.t).toBe(before); // the loop waited
          stepsAtSave.push(step);
          return `ckpt-${step}`;
        },
      },
    });
    expect(result.steps).toBe(10);
    expect(stepsAtSave).toEqual([4, 8]);
    expect(checkpoints).toEqual([
      { step: 4, path: "ckpt-4" },
      { step: 8, path: "ckpt-8" },
    ]);
  });

  it("awaits onEvaluation before training goes on (saving the best model cannot race)", async () => {
    const order: string[] = [];
    let saving = false;
    const agent = new PolicyAgent();
    const observe = agent.observe.bind(agent);
    agent.observe = (t) => {
      expect(saving).toBe(false);
      observe(t);
    };
    await train({
      env: new ChainEnv(3),
      agent,
      budget: { steps: 9 },
      evaluation: { env: new ChainEnv(3), every: 3, episodes: 1 },
      onEvaluation: async (e) => {
        saving = true;
        order.push(`save ${e.step}`);
        await new Promise((r) => setTimeout(r, 2));
        saving = false;
      },
    });
    expect(order).toEqual(["save 3", "save 6", "save 9"]);
  });
});

describe("train() warnings", () => {
  it("emits an agent's warning as a typed warning event, once per kind", async () => {
    const events = createTrainingEvents();
    const warnings: unknown[] = [];
    events.on("warning", (w) => warnings.push(w));
    const agent = new PolicyAgent();
    agent.update = () => ({
      step: 0,
      updates: 1,
      targetSynced: false,
      metrics: {},
      warning: { kind: "divergence", message: "Q is large.", figures: { qMean: 1e7 } },
    });
    await train({ env: new ChainEnv(3), agent, events, budget: { steps: 6 } });
    expect(warnings).toEqual([
      { step: 1, kind: "divergence", message: "Q is large.", figures: { qMean: 1e7 } },
    ]);
  });
});

describe("train() stopped from outside", () => {
  it("writes a checkpoint where it stands (Ctrl-C), then returns stopped", async () => {
    const saved: number[] = [];
    let steps = 0;
    const agent = new PolicyAgent();
    const observe = agent.observe.bind(agent);
    agent.observe = (t) => {
      steps++;
      observe(t);
    };
    const result = await train({
      env: new ChainEnv(3),
      agent,
      budget: { steps: 100 },
      shouldStop: () => steps >= 5,
      checkpoint: {
        every: 50,
        save: async (step, state) => {
          saved.push(step);
          expect(typeof state).toBe("function"); // ChainEnv keeps no state; CartPole's is tested in agent-dqn
          return undefined;
        },
      },
    });
    expect(result.reason).toBe("stopped");
    expect(saved).toEqual([5]);
  });
});

describe("train() and evaluate() check their arguments", () => {
  const env = new ChainEnv(3);
  const agent = new PolicyAgent();
  const budget = { steps: 5 };
  it.each([
    [
      { env: undefined, agent, budget },
      "train: env must be an env with reset() and step() (registry.make(id), or a vector env), got undefined.",
    ],
    [
      { env: {}, agent, budget },
      "train: env must be an env with reset() and step() (registry.make(id), or a vector env), got {}.",
    ],
    [
      { env, agent: undefined, budget },
      "train: agent must be an agent with act(), observe(), update(), got undefined.",
    ],
    [{ env, agent: {}, budget }, "train: agent must be an agent with act(), observe(), update(), got {}."],
    [
      { env, agent, budget, evaluation: { env: undefined, every: 5, episodes: 1 } },
      "train: evaluation.env must be an env with reset() and step() (registry.make(id), or a vector env), got undefined.",
    ],
    [
      { env, agent, budget, checkpoint: { every: 5 } },
      "train: checkpoint.save must be a function, got null.",
    ],
    [{ env, agent, budget, shouldStop: "yes" }, 'train: shouldStop must be a function, got "yes".'],
    [{ env, agent, budget, onEvaluation: 5 }, "train: onEvaluation must be a function, got 5."],
    [
      { env, agent, budget, signal: {} },
      "train: signal must be an AbortSignal (new AbortController().signal), got {}.",
    ],
  ])("train(%j) says what was wrong", async (options, message) => {
    await expect(train(options as never)).rejects.toThrow(message);
  });

  it("evaluate() too", async () => {
    await expect(evaluate(undefined as never, agent, { episodes: 1 })).rejects.toThrow(
      "evaluate: env must be an env with reset() and step() (registry.make(id), or a vector env), got undefined.",
    );
    await expect(evaluate(env, {} as never, { episodes: 1 })).rejects.toThrow(
      "evaluate: agent must be an agent with act(), got {}.",
    );
    await expect(evaluate(env, agent, undefined as never)).rejects.toThrow(
      "evaluate: episodes must be a positive integer, got undefined.",
    );
    await expect(evaluate(env, agent, { episodes: 1, maxEpisodeSteps: 0 })).rejects.toThrow(
      "evaluate: maxEpisodeSteps must be a positive integer, got 0.",
    );
  });
});
