import { createTrainingEvents, train, type WarningEvent } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAgent, testRegistry } from "../test/helpers.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

describe("act and actBatch check what they are given", () => {
  it("reject missing, short and non-finite observations, whether exploring or not", () => {
    const { agent } = makeAgent("dqn", { hidden: [8] });
    for (const explore of [true, false]) {
      expect(() => agent.act(undefined as unknown as Float32Array, { explore })).toThrow(
        "act: expected an observation of 4 numbers, got undefined.",
      );
      expect(() => agent.act(new Float32Array(3), { explore })).toThrow(
        "act: expected an observation of 4 numbers, got 3 numbers.",
      );
      expect(() => agent.act(Float32Array.of(0, Number.NaN, 0, 0), { explore })).toThrow(
        "act: observation value 1 is NaN; observations must be finite numbers (check the env or wrapper that produced it).",
      );
    }
    const batch = new Float32Array(8);
    batch[6] = Number.POSITIVE_INFINITY;
    expect(() => agent.actBatch(batch, 2)).toThrow(
      "actBatch: observation value 2 of row 1 is Infinity; observations must be finite numbers (check the env or wrapper that produced it).",
    );
    expect(() => agent.actBatch(new Float32Array(7), 2)).toThrow(
      "actBatch: 2 observations of 4 numbers need 8 values, got 7.",
    );
    agent.dispose();
  });
});

describe("a run that could not learn is refused", () => {
  it("when its config is resolved, before any part is built: start, update interval, batch vs buffer", () => {
    const registry = testRegistry();
    const resolve =
      (agent: Record<string, unknown>, steps = 500) =>
      () =>
        registry.resolve({ env: "CartPole-v1", agent: { kind: "dqn", ...agent }, budget: { steps } });
    expect(resolve({ learningStarts: 500 })).toThrow(
      "Invalid config at agent.learningStarts: 500 is not below the run's step budget 500 (budget.steps), so the agent would never update. Lower learningStarts or raise the budget.",
    );
    expect(resolve({ learningStarts: 10, trainFreq: 501 })).toThrow(
      "Invalid config at agent.trainFreq: 501 env steps between updates is more than the run's step budget 500 (budget.steps), so the agent would never update. Lower trainFreq or raise the budget.",
    );
    expect(resolve({ learningStarts: 10, batchSize: 64, buffer: { kind: "uniform", capacity: 32 } })).toThrow(
      "Invalid config at agent.batchSize: 64 is larger than the uniform buffer's capacity 32 (agent.buffer.capacity), so no batch could ever be drawn. Lower batchSize or raise the capacity.",
    );
    // A preset's parts count: qlearning's online buffer holds 1 transition.
    expect(() =>
      registry.resolve({
        env: "CartPole-v1",
        agent: { kind: "qlearning", batchSize: 8 },
        budget: { steps: 500 },
      }),
    ).toThrow(
      "Invalid config at agent.batchSize: 8 is larger than the online buffer's capacity 1 (agent.buffer.capacity), so no batch could ever be drawn. Lower batchSize or raise the capacity.",
    );
    expect(
      resolve({ learningStarts: 10, trainFreq: 500, batchSize: 32, buffer: { capacity: 32 } }),
    ).not.toThrow();
  });

  it("learningStarts at or above the step budget", async () => {
    const registry = testRegistry();
    await expect(
      registry.compose({
        env: "CartPole-v1",
        agent: { kind: "dqn", learningStarts: 500 },
        budget: { steps: 500 },
      }),
    ).rejects.toThrow(
      "Invalid config at agent.learningStarts: 500 is not below the run's step budget 500 (budget.steps), so the agent would never update. Lower learningStarts or raise the budget.",
    );
  });
});

describe("divergence is reported, not hidden", () => {
  it("a warning event once, with the figures, when mean Q passes what the discounted return can reach", async () => {
    // Plain online Q-learning with dqn's network and discount (the qlearning preset before its
    // sweep): Q runs away from the 100 a CartPole return can reach (5.6e5 by step 5 000 on cpu).
    const registry = testRegistry();
    const run = await registry.compose({
      env: "CartPole-v1",
      agent: { kind: "qlearning", activation: "relu", gamma: 0.99, lr: 0.001 },
      budget: { steps: 5000 },
      eval: false,
      seed: 0,
    });
    const warnings: WarningEvent[] = [];
    run.events.on("warning", (w) => warnings.push(w));
    let maxQ = 0;
    run.events.on("update", (u) => {
      maxQ = Math.max(maxQ, Math.abs(u.metrics["train/q_mean"] ?? 0));
    });
    await run.train();
    await run.dispose();
    expect(maxQ).toBeGreaterThan(200);
    expect(warnings).toHaveLength(1);
    const [w] = warnings;
    expect(w!.kind).toBe("divergence");
    expect(w!.figures).toMatchObject({ maxAbsReward: 1, gamma: 0.99 });
    expect(w!.figures!.bound).toBeCloseTo(100, 9);
    expect(Math.abs(w!.figures!.qMean!)).toBeGreaterThan(200);
    expect(w!.message).toMatch(/^Q estimates diverged: mean Q .* but no discounted return can exceed 100 /);
  });

  it("no warning when Q stays within the bound (the tuned dqn preset)", async () => {
    const { agent, env } = makeAgent("dqn", { hidden: [16], learningStarts: 100 }, { totalSteps: 3000 });
    const events = createTrainingEvents();
    const warnings: unknown[] = [];
    events.on("warning", (w) => warnings.push(w));
    await train({ env, agent, events, budget: { steps: 3000 } });
    expect(warnings).toEqual([]);
    agent.dispose();
  });
});

describe("vector envs through a composed run (SB3's n_envs)", () => {
  it("numEnvs 4 trains through actBatch; env options are checked against the batched env's own schema", async () => {
    const registry = testRegistry();
    await expect(
      registry.compose({
        env: { id: "CartPole-v1", options: { copyObservations: true }, numEnvs: 4 },
        agent: "dqn",
        budget: { steps: 2000 },
      }),
    ).rejects.toThrow(
      'Invalid config at env.options.copyObservations: unknown option "copyObservations" for environment "CartPole-v1". Allowed options: kinematicsIntegrator, suttonBartoReward, maxEpisodeSteps, autoresetMode, disableEnvChecker, warn.',
    );
    const run = await registry.compose({
      env: { id: "CartPole-v1", numEnvs: 4 },
      agent: { kind: "dqn", learningStarts: 200, hidden: [16] },
      budget: { steps: 2000 },
      eval: { every: 1000, episodes: 2 },
      seed: 3,
    });
    const result = await run.train();
    // Lockstep: the last vector step may take the count up to 3 past the budget (reset steps of
    // next-step autoreset are not transitions, so counts need not be multiples of 4).
    expect(result.steps).toBeGreaterThanOrEqual(2000);
    expect(result.steps).toBeLessThan(2004);
    expect(result.evaluations).toHaveLength(2);
    expect(result.episodes).toBeGreaterThan(20);
    expect((run.agent as unknown as { updates: number }).updates).toBe(result.steps - 200 + 1);
    await run.dispose();
  });
});

describe("an agent built for one env, fed another", () => {
  it("names the space mismatch in observe, not a buffer row size", () => {
    const { agent } = makeAgent("dqn", { hidden: [8] });
    const six = new Float32Array(6);
    expect(() =>
      agent.observe({
        observation: six,
        action: 0,
        reward: 1,
        nextObservation: six,
        terminated: false,
        truncated: false,
      }),
    ).toThrow(
      "observe: this agent was built for observations of 4 numbers (Box of shape [4]), got 6; build the agent for the env it learns from (its observationSpace).",
    );
    agent.dispose();
  });
});

describe("more bad inputs (issue-9 probe)", () => {
  it("actBatch, qValues, restore, saveAgent and loadAgent say what they need", async () => {
    const { agent } = makeAgent("dqn", { hidden: [8] });
    expect(() => agent.actBatch(new Float32Array(8), -1)).toThrow(
      "actBatch: count must be an integer >= 0, got -1.",
    );
    expect(() => agent.actBatch(new Float32Array(8), 1.5)).toThrow(
      "actBatch: count must be an integer >= 0, got 1.5.",
    );
    expect(() => agent.actBatch([0, 0, 0, 0, 0, 0, 0, 0] as never, 2)).toThrow(
      "actBatch: observations must be a Float32Array of count × 4 numbers (row-major), got [0,0,0,0,0,0,0,0].",
    );
    expect(() => agent.actBatch(new Float32Array(8), 2, {}, new Int32Array(1))).toThrow(
      "actBatch: out must be an Int32Array with room for 2 actions, got Int32Array[0].",
    );
    expect(() => agent.qValues(new Float32Array(3), 1)).toThrow(
      "qValues: expected an observation of 4 numbers, got 3 numbers.",
    );
    await expect(agent.restore(undefined as never)).rejects.toThrow(
      'restore: expected the files of a checkpoint ({ "model.json", "weights.bin" }, from checkpoint()), got undefined.',
    );
    const { saveAgent, loadAgent } = await import("./node.js");
    await expect(saveAgent({} as never, "/tmp/never")).rejects.toThrow(
      "saveAgent: expected an agent with checkpoint() and restore() (a DqnAgent), got {}.",
    );
    await expect(loadAgent("/tmp/never", undefined as never)).rejects.toThrow(
      "loadAgent(dir, registry): registry must be a Registry using agent-dqn and the buffer's plugin (new Registry().use(replayMemory).use(agentDqn)), got undefined.",
    );
    agent.dispose();
  });
});
