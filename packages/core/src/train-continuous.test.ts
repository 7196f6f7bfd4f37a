/** Issue 21: Box actions through train(), evaluate(), vector envs and resume, with a Box(1) test agent. */
import { describe, expect, it } from "vitest";
import type { Transition } from "./agent.js";
import { GymkitError } from "./errors.js";
import type { LoopState } from "./loop-state.js";
import { LinearBoxAgent } from "./testing/linear-box-agent.js";
import { POINT_MASS_EPISODE_STEPS, PointMassEnv, PointMassVector } from "./testing/point-mass.js";
import { evaluate, type TrainResult, train } from "./train.js";
import { SyncVectorEnv } from "./vector/sync-vector-env.js";
import type { VectorEnv } from "./vector.js";

/** A point-mass env that records every action it is given (a copy, and the array itself). */
class RecordingPointMass extends PointMassEnv {
  readonly got: number[][] = [];
  readonly arrays = new Set<Float32Array>();
  override step(action: Float32Array) {
    this.got.push(Array.from(action));
    this.arrays.add(action);
    return super.step(action);
  }
}

const agentFor = (seed = 1) =>
  new LinearBoxAgent({
    actionSpace: new PointMassEnv().actionSpace,
    observationSize: 2,
    weights: [-1, -1.5],
    noise: 0.5,
    seed,
  });

const withoutClock = (r: TrainResult) => ({ ...r, wallSeconds: 0 });

describe("train with Box(1) actions", () => {
  it("on one env: every action is a copy the env and the transition share, inside the box, never the agent's own array", async () => {
    const env = new RecordingPointMass();
    const agent = agentFor();
    const transitionActions = new Set<Float32Array>();
    const observe = agent.observe.bind(agent);
    agent.observe = (t: Transition<Float32Array, Float32Array>) => {
      transitionActions.add(t.action);
      observe(t);
    };
    const result = await train({ env, agent, budget: { steps: 120 }, seed: 3 });
    expect(result.steps).toBe(120);
    expect(result.episodeLengths).toEqual([POINT_MASS_EPISODE_STEPS, POINT_MASS_EPISODE_STEPS]);
    expect(agent.seenActions).toEqual(env.got); // what the env got is what the agent observed
    expect(env.got.every(([a]) => a! >= -1 && a! <= 1)).toBe(true);
    expect(new Set(env.got.map(([a]) => a)).size).toBeGreaterThan(100); // noisy, not a constant
    // One array for the whole run (no allocation per step), and not the one act() returns.
    expect(env.arrays.size).toBe(1);
    expect([...transitionActions]).toEqual([...env.arrays]);
    expect(env.arrays.has(agent.act(new Float32Array(2)))).toBe(false);
  });

  it("on a SyncVectorEnv and on a batched vector env: the same transitions, each sub-env getting its own action array", async () => {
    const subEnvs: RecordingPointMass[] = [];
    const sync = new SyncVectorEnv(
      Array.from({ length: 3 }, () => () => {
        const env = new RecordingPointMass();
        subEnvs.push(env);
        return env;
      }),
    );
    const batched = new PointMassVector(3);
    const runs = [];
    for (const env of [sync, batched] as VectorEnv[]) {
      const agent = agentFor(7);
      const result = await train({ env, agent, budget: { steps: 330 }, seed: 5 });
      runs.push({ result: withoutClock(result), actions: agent.seenActions });
    }
    expect(runs[0]!.result.steps).toBe(330);
    // next-step autoreset: 3 × 2 episodes of 50 steps, plus the reset steps in between.
    expect(runs[0]!.result.episodeLengths).toEqual(Array(6).fill(POINT_MASS_EPISODE_STEPS));
    expect(runs[1]).toEqual(runs[0]);
    for (const env of subEnvs) expect(env.arrays.size).toBe(1);
    expect(new Set(subEnvs.map((e) => [...e.arrays][0])).size).toBe(3);
    // The sub-envs got the rows of the batch, in order: sub-env i's actions are the agent's for source i.
    expect(subEnvs.map((e) => e.got.length)).toEqual([110, 110, 110]);
  });

  it("resumes a continuous-action run exactly from a checkpoint (agent, loop and sub-env states)", async () => {
    const make = () => new SyncVectorEnv(Array.from({ length: 2 }, () => () => new PointMassEnv()));
    const full = agentFor(9);
    const whole = await train({ env: make(), agent: full, budget: { steps: 240 }, seed: 2 });

    const first = agentFor(9);
    let saved: { state: LoopState; files: Awaited<ReturnType<LinearBoxAgent["checkpoint"]>> } | undefined;
    const controller = new AbortController();
    await train({
      env: make(),
      agent: first,
      budget: { steps: 240 },
      seed: 2,
      checkpoint: {
        every: 90,
        save: async (_step, state) => {
          saved = { state: state(), files: await first.checkpoint() };
          controller.abort();
          return undefined;
        },
      },
      signal: controller.signal,
    });
    expect(saved!.state.step).toBe(90);
    const second = agentFor(1234);
    await second.restore(saved!.files);
    const resumed = await train({
      env: make(),
      agent: second,
      budget: { steps: 240 },
      seed: 2,
      resume: saved!.state,
    });
    expect(withoutClock(resumed)).toEqual(withoutClock(whole));
    expect([...first.seenActions.slice(0, 90), ...second.seenActions]).toEqual(full.seenActions);
  });

  it("evaluate() runs a continuous agent greedily, copying its actions", async () => {
    const env = new RecordingPointMass();
    const agent = agentFor();
    const a = await evaluate(env, agent, { episodes: 2, seed: 4 });
    const b = await evaluate(new PointMassEnv(), agentFor(99), { episodes: 2, seed: 4 });
    expect(a.lengths).toEqual([POINT_MASS_EPISODE_STEPS, POINT_MASS_EPISODE_STEPS]);
    expect(b).toEqual(a); // greedy: no noise, so the agent's seed does not matter
    expect(env.arrays.size).toBe(1);
    expect(env.arrays.has(agent.act(new Float32Array(2)))).toBe(false);
  });

  it("refuses a vector env whose agent answers with the wrong kind of actions", async () => {
    const env = new PointMassVector(2);
    const agent = Object.assign(agentFor(), {
      actBatch: (_o: Float32Array, count: number) => new Int32Array(count),
    });
    const run = train({ env, agent, budget: { steps: 10 } });
    await expect(run).rejects.toThrowError(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "train: actBatch returned Int32Array[0, 0]; expected a Float32Array of 2 × 1 actions (or the out array it was given, filled).",
      ),
    );
  });
});

describe("SyncVectorEnv with Box actions", () => {
  it("copies row i of the batch into sub-env i's own array, and names a batch of the wrong length", () => {
    const envs = [new RecordingPointMass(), new RecordingPointMass()];
    const vec = new SyncVectorEnv(envs.map((e) => () => e));
    expect(vec.actionSize).toBe(1);
    vec.reset({ seed: 0 });
    const actions = new Float32Array([0.25, -0.5]);
    vec.step(actions);
    actions[0] = 9; // the caller reuses its batch: the sub-envs keep what they got
    expect(envs.map((e) => e.got)).toEqual([[[0.25]], [[-0.5]]]);
    expect(envs[0]!.lastAction).not.toBe(envs[1]!.lastAction);
    expect(envs[0]!.lastAction![0]).toBe(0.25);
    expect(() => vec.step(new Float32Array(3))).toThrowError(
      "SyncVectorEnv.step: got 3 numbers for 2 sub-envs with actions of 1 (Box(-1.0, 1.0, (1,), float32)); pass 2 × 1 numbers, row-major.",
    );
  });
});
