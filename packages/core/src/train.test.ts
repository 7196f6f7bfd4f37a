import { describe, expect, it, vi } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import type { ActOptions, Agent, Transition, UpdateResult } from "./agent.js";
import type { Env, ResetArgs } from "./env.js";
import { createTrainingEvents, type TrainingEventMap } from "./events.js";
import { runSeeds } from "./seeds.js";
import { evaluate, train } from "./train.js";
import { TimeLimit } from "./wrappers/time-limit.js";

interface Recorded {
  observation: number[];
  action: number;
  reward: number;
  nextObservation: number[];
  terminated: boolean;
  truncated: boolean;
}

/** Acts 1, 0, 1, 0, ... when exploring and always 1 when greedy; records what it is given. */
class RecordingAgent implements Agent {
  readonly transitions: Recorded[] = [];
  readonly observationArrays = new Set<Float32Array>();
  readonly transitionObjects = new Set<Transition>();
  readonly acts: ActOptions[] = [];
  epsilon = 0.5;
  private n = 0;
  private updates = 0;

  constructor(
    private readonly updateEvery = 2,
    private readonly syncEvery = 2,
  ) {}

  act(_observation: Float32Array, options?: ActOptions): number {
    this.acts.push({ ...options });
    return options?.explore === false ? 1 : this.n++ % 2 === 0 ? 1 : 0;
  }
  observe(t: Transition): void {
    this.observationArrays.add(t.observation).add(t.nextObservation);
    this.transitionObjects.add(t);
    this.transitions.push({
      ...t,
      observation: Array.from(t.observation),
      nextObservation: Array.from(t.nextObservation),
    });
  }
  update(): UpdateResult | undefined {
    const step = this.transitions.length;
    if (step % this.updateEvery !== 0) return undefined;
    this.updates++;
    return {
      step,
      updates: this.updates,
      targetSynced: this.updates % this.syncEvery === 0,
      metrics: { "train/loss": 1 / step, "train/q_mean": 2, "rollout/exploration_rate": this.epsilon },
    };
  }
  dispose(): void {}
}

/** Records every emitted event, in order. */
function recordEvents() {
  const events = createTrainingEvents();
  const log: Array<[keyof TrainingEventMap, unknown]> = [];
  for (const name of ["runStart", "episodeEnd", "update", "targetSync", "evaluation", "runEnd"] as const) {
    events.on(name, (e: unknown) => log.push([name, e]));
  }
  return {
    events,
    log,
    of: (name: keyof TrainingEventMap) => log.filter(([n]) => n === name).map(([, e]) => e),
  };
}

describe("train", () => {
  it("hands the agent correct transitions: prev/next observations, rewards, terminated", async () => {
    const agent = new RecordingAgent();
    const env = new ChainEnv(3);
    const result = await train({ env, agent, budget: { steps: 7 }, seed: 5 });
    expect(result.steps).toBe(7);
    const t = agent.transitions;
    expect(t).toHaveLength(7);
    const x0 = t[0]!.observation[0]!;
    expect(x0).toBe(Math.fround(new ChainEnv().reset({ seed: 5 }).observation[0]!)); // first reset used the seed
    for (let i = 0; i < 7; i++) {
      const tr = t[i]!;
      expect(tr.nextObservation[0]! - tr.observation[0]!).toBeCloseTo(1, 5); // one step along the chain
      expect(tr.nextObservation[1]).toBe(tr.action);
      expect(tr.reward).toBe(tr.action + 1);
      expect(tr.terminated).toBe(i % 3 === 2);
      expect(tr.truncated).toBe(false);
      if (i > 0 && !t[i - 1]!.terminated) expect(tr.observation).toEqual(t[i - 1]!.nextObservation);
      if (i > 0 && t[i - 1]!.terminated) expect(tr.observation[1]).toBe(0); // a fresh episode
    }
    expect(env.resets).toBe(3); // the first reset plus one per finished episode
    expect(result.episodeReturns).toEqual([
      t[0]!.reward + t[1]!.reward + t[2]!.reward,
      t[3]!.reward + t[4]!.reward + t[5]!.reward,
    ]);
    expect(result.episodeLengths).toEqual([3, 3]);
    expect(result).toMatchObject({ episodes: 2, reason: "completed", stoppedBy: "budget", evaluations: [] });
  });

  it("passes truncated (time limit) through, distinct from terminated", async () => {
    const agent = new RecordingAgent();
    const { events, of } = recordEvents();
    await train({ env: new TimeLimit(new ChainEnv(100), 2), agent, events, budget: { steps: 4 } });
    expect(agent.transitions.map((t) => [t.terminated, t.truncated])).toEqual([
      [false, false],
      [false, true],
      [false, false],
      [false, true],
    ]);
    expect(of("episodeEnd")).toEqual([
      { episode: 0, return: 3, length: 2, step: 2, terminated: false, truncated: true },
      { episode: 1, return: 3, length: 2, step: 4, terminated: false, truncated: true },
    ]);
  });

  it("reuses one transition object and two observation arrays (no per-step allocation)", async () => {
    const agent = new RecordingAgent();
    await train({ env: new ChainEnv(4), agent, budget: { steps: 50 } });
    expect(agent.transitionObjects.size).toBe(1);
    expect(agent.observationArrays.size).toBe(2);
    expect(agent.acts.every((o) => o.explore === true)).toBe(true);
  });

  it("emits runStart, update, targetSync, episodeEnd and runEnd with the right payloads", async () => {
    const { events, log, of } = recordEvents();
    await train({
      env: new ChainEnv(2),
      agent: new RecordingAgent(2, 2),
      events,
      budget: { steps: 4 },
      seed: 3,
      runId: "r1",
    });
    expect(log.map(([n]) => n)).toEqual([
      "runStart",
      "update",
      "episodeEnd",
      "update",
      "targetSync",
      "episodeEnd",
      "runEnd",
    ]);
    expect(of("runStart")).toEqual([{ runId: "r1", seed: 3, totalSteps: 4 }]);
    expect(of("update")).toEqual([
      {
        step: 2,
        updates: 1,
        metrics: { "train/loss": 0.5, "train/q_mean": 2, "rollout/exploration_rate": 0.5 },
      },
      {
        step: 4,
        updates: 2,
        metrics: { "train/loss": 0.25, "train/q_mean": 2, "rollout/exploration_rate": 0.5 },
      },
    ]);
    expect(of("targetSync")).toEqual([{ step: 4, updates: 2 }]);
    expect(of("runEnd")).toEqual([
      {
        runId: "r1",
        steps: 4,
        episodes: 2,
        reason: "completed",
        wallSeconds: expect.any(Number),
        lastEvaluation: undefined,
      },
    ]);
  });

  it("emits no update/targetSync/episodeEnd events when nobody listens", async () => {
    const events = createTrainingEvents();
    const emit = vi.spyOn(events, "emit");
    await train({ env: new ChainEnv(2), agent: new RecordingAgent(1, 1), events, budget: { steps: 10 } });
    expect(emit.mock.calls.map(([name]) => name)).toEqual(["runStart", "runEnd"]);
    events.on("update", () => {});
    emit.mockClear();
    await train({ env: new ChainEnv(2), agent: new RecordingAgent(1, 1), events, budget: { steps: 10 } });
    expect(emit.mock.calls.filter(([name]) => name === "update")).toHaveLength(10);
    expect(emit.mock.calls.filter(([name]) => name === "targetSync")).toHaveLength(0);
  });

  it("evaluates greedily on schedule on its own env, seeded the same each time", async () => {
    const { events, of } = recordEvents();
    const evalEnv = new ChainEnv(3);
    const seeds: unknown[] = [];
    const reset = evalEnv.reset.bind(evalEnv);
    evalEnv.reset = (args?: ResetArgs) => {
      seeds.push(args?.seed);
      return reset(args);
    };
    const agent = new RecordingAgent();
    const result = await train({
      env: new ChainEnv(5),
      agent,
      events,
      budget: { steps: 12 },
      evaluation: { env: evalEnv, every: 4, episodes: 2 },
      seed: 3,
    });
    expect(result.evaluations.map((e) => e.step)).toEqual([4, 8, 12]);
    expect(of("evaluation")).toEqual(result.evaluations);
    expect(result.evaluations[0]).toMatchObject({
      step: 4,
      mean: 6,
      std: 0,
      returns: [6, 6],
      lengths: [3, 3],
    });
    const [first, second] = result.evaluations;
    expect(first!.evalSeconds).toBeGreaterThanOrEqual(0);
    expect(second!.wallSeconds).toBeGreaterThanOrEqual(first!.wallSeconds + second!.evalSeconds);
    const evalSeed = runSeeds(3).eval; // derived from the root seed, never the training env's
    expect(evalSeed).not.toBe(3);
    expect(seeds).toEqual([evalSeed, undefined, evalSeed, undefined, evalSeed, undefined]);
    expect(agent.acts.filter((o) => o.explore === false)).toHaveLength(3 * 2 * 3);
    expect(of("runEnd")[0]).toMatchObject({ lastEvaluation: result.evaluations[2] });
  });

  it("stops at stopAtMean, at shouldStop and at an aborted signal", async () => {
    const solved = await train({
      env: new ChainEnv(5),
      agent: new RecordingAgent(),
      budget: { steps: 100 },
      evaluation: { env: new ChainEnv(3), every: 10, episodes: 1, stopAtMean: 6 },
    });
    expect(solved).toMatchObject({ steps: 10, reason: "completed", stoppedBy: "stopAtMean" });
    let polls = 0;
    const stopped = await train({
      env: new ChainEnv(5),
      agent: new RecordingAgent(),
      budget: { steps: 100 },
      shouldStop: () => ++polls > 7,
    });
    expect(stopped).toMatchObject({ steps: 7, reason: "stopped", stoppedBy: "shouldStop" });
    const controller = new AbortController();
    controller.abort();
    const aborted = await train({
      env: new ChainEnv(5),
      agent: new RecordingAgent(),
      budget: { steps: 100 },
      signal: controller.signal,
    });
    expect(aborted).toMatchObject({ steps: 0, reason: "stopped", stoppedBy: "signal" });
  });

  it("yields to the event loop, so a timer can abort a long run", async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const agent = new RecordingAgent();
    agent.observe = () => {}; // keep no records: this run is long
    const result = await train({
      env: new ChainEnv(50),
      agent,
      budget: { steps: 10_000_000 },
      signal: controller.signal,
    });
    expect(result.stoppedBy).toBe("signal");
    expect(result.steps).toBeLessThan(10_000);
  });

  it("reports a failure in runEnd and rethrows it", async () => {
    const { events, of } = recordEvents();
    const agent = new RecordingAgent();
    agent.update = () => {
      if (agent.transitions.length === 3) throw new Error("NaN loss");
      return undefined;
    };
    await expect(train({ env: new ChainEnv(5), agent, events, budget: { steps: 10 } })).rejects.toThrowError(
      "NaN loss",
    );
    expect(of("runEnd")).toEqual([
      expect.objectContaining({ reason: "failed", steps: 3, error: expect.any(Error) }),
    ]);
  });

  it("validates its options", async () => {
    const base = { env: new ChainEnv(), agent: new RecordingAgent() };
    await expect(train({ ...base, budget: { steps: 0 } })).rejects.toThrowError(
      "train: budget.steps must be a positive integer, got 0.",
    );
    await expect(
      train({ ...base, budget: { steps: 1 }, evaluation: { env: new ChainEnv(), every: 1.5, episodes: 1 } }),
    ).rejects.toThrowError("train: evaluation.every must be a positive integer, got 1.5.");
  });
});

describe("evaluate", () => {
  it("returns mean, population std, returns and lengths; seeds only the first reset", async () => {
    const env = new TimeLimit(new ChainEnv(100), 4) as Env<Float32Array, number>;
    let k = 0;
    const agent = { act: () => (k++ < 4 ? 0 : 1) }; // first episode all 0 (reward 1), then all 1 (reward 2)
    const r = await evaluate(env, agent, { episodes: 2, seed: 1 });
    expect(r).toEqual({ mean: 6, std: 2, returns: [4, 8], lengths: [4, 4] });
    const capped = await evaluate(new ChainEnv(1000), { act: () => 0 }, { episodes: 1, maxEpisodeSteps: 10 });
    expect(capped.lengths).toEqual([10]);
    await expect(evaluate(env, agent, { episodes: 0 })).rejects.toThrowError(
      /episodes must be a positive integer/,
    );
  });
});
