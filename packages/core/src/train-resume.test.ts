import { describe, expect, it } from "vitest";
import { ChainEnv, StatefulChainEnv } from "../test/chain-env.js";
import type { ActOptions, Agent, BatchActor, Transition, UpdateResult } from "./agent.js";
import { GymkitError } from "./errors.js";
import { createTrainingEvents } from "./events.js";
import type { LoopState } from "./loop-state.js";
import { type TrainOptions, type TrainResult, train } from "./train.js";
import { SyncVectorEnv } from "./vector/sync-vector-env.js";
import { TimeLimit } from "./wrappers/time-limit.js";

const policy = (obs: ArrayLike<number>, offset = 0) => Math.floor(obs[offset]!) % 2;

/** Acts by `policy`; records transitions; warns (kind "w") on every update. Its state is `seen`. */
class RecordingAgent implements Agent, BatchActor {
  seen: string[] = [];
  act(observation: Float32Array, _o?: ActOptions): number {
    return policy(observation);
  }
  actBatch(observations: Float32Array, count: number, _o?: ActOptions, out = new Int32Array(count)) {
    for (let i = 0; i < count; i++) out[i] = policy(observations, i * 2);
    return out;
  }
  observe(t: Transition): void {
    this.seen.push(
      `${Array.from(t.observation)}|${t.action}|${t.reward}|${Array.from(t.nextObservation)}|${t.terminated}|${t.truncated}`,
    );
  }
  update(): UpdateResult {
    return {
      step: this.seen.length,
      updates: 0,
      targetSynced: false,
      metrics: {},
      warning: { kind: "w", message: "m" },
    };
  }
  dispose(): void {}
}

type Make = () => Pick<TrainOptions, "env" | "evaluation">;
const scalar: Make = () => ({
  env: new TimeLimit(new StatefulChainEnv(5), 3),
  evaluation: { env: new StatefulChainEnv(4), every: 7, episodes: 2 },
});
const vector =
  (mode: "next-step" | "same-step"): Make =>
  () => ({
    env: new SyncVectorEnv(
      Array.from({ length: 3 }, () => () => new TimeLimit(new StatefulChainEnv(5), 3)),
      { autoresetMode: mode },
    ),
    evaluation: { env: new StatefulChainEnv(4), every: 7, episodes: 2 },
  });

const withoutClock = (r: TrainResult) => ({
  ...r,
  wallSeconds: 0,
  evaluations: r.evaluations.map((e) => ({ ...e, wallSeconds: 0, evalSeconds: 0 })),
});

describe("train({ resume })", () => {
  it.each([
    ["one env", scalar],
    ["a vector env, next-step", vector("next-step")],
    ["a vector env, same-step", vector("same-step")],
  ] as const)(
    "on %s: stopped after a checkpoint and resumed through JSON, it ends as an uninterrupted run",
    async (_, make) => {
      const budget = { steps: 60 };
      const a = new RecordingAgent();
      const eventsA = createTrainingEvents();
      const warningsA: number[] = [];
      eventsA.on("warning", (w) => warningsA.push(w.step));
      const resultA = await train({ ...make(), agent: a, budget, seed: 3, events: eventsA });

      const b = new RecordingAgent();
      let saved: { loop: LoopState; seen: string[] } | undefined;
      await train({
        ...make(),
        agent: b,
        budget,
        seed: 3,
        shouldStop: () => saved !== undefined,
        checkpoint: {
          every: 10,
          save: async (step, state) => {
            if (step >= 20) saved ??= { loop: state(), seen: [...b.seen] };
            return undefined;
          },
        },
      });
      const loop = JSON.parse(JSON.stringify(saved!.loop)) as LoopState;
      expect(loop.step).toBeGreaterThanOrEqual(20);

      const c = new RecordingAgent();
      c.seen = [...saved!.seen]; // the caller restores the agent
      const eventsC = createTrainingEvents();
      const warningsC: number[] = [];
      const starts: unknown[] = [];
      eventsC.on("warning", (w) => warningsC.push(w.step));
      eventsC.on("runStart", (s) => starts.push(s.resumedFrom));
      const resultC = await train({ ...make(), agent: c, budget, seed: 3, events: eventsC, resume: loop });

      expect(starts).toEqual([loop.step]);
      expect(withoutClock(resultC)).toEqual(withoutClock(resultA));
      expect(c.seen).toEqual(a.seen);
      expect(resultA.evaluations.length).toBeGreaterThan(loop.evaluations.length);
      expect(warningsA).toHaveLength(1);
      expect(warningsC).toEqual([]); // already warned before the checkpoint
      expect(resultC.wallSeconds).toBeGreaterThanOrEqual(loop.wallSeconds);
    },
  );

  it("refuses a loop state that is malformed or does not fit the env, naming the field", async () => {
    const good = await (async () => {
      let loop: LoopState | undefined;
      await train({
        ...scalar(),
        agent: new RecordingAgent(),
        budget: { steps: 5 },
        checkpoint: {
          every: 5,
          save: async (_s, state) => {
            loop = state();
            return undefined;
          },
        },
      });
      return loop!;
    })();
    const attempt = async (resume: unknown, env = scalar().env) => {
      try {
        await train({ env, agent: new RecordingAgent(), budget: { steps: 10 }, resume: resume as LoopState });
      } catch (e) {
        expect(e).toBeInstanceOf(GymkitError);
        return (e as Error).message;
      }
      return "no error";
    };
    const tail = " Pass the state a checkpoint of this run saved (checkpoint.save's state()).";
    expect(await attempt({ ...good, step: -1 })).toBe(
      `train: cannot resume: resume.step: expected an integer >= 0, got -1.${tail}`,
    );
    expect(await attempt({ ...good, format: "gymkit-loop/0" })).toBe(
      `train: cannot resume: resume.format: expected "gymkit-loop/1", got "gymkit-loop/0". Did you mean "gymkit-loop/1"?${tail}`,
    );
    expect(await attempt({ ...good, observations: [1, 2, 3] })).toBe(
      `train: cannot resume: resume.observations has 3 entries, expected 2 (one env, 2 numbers per observation).${tail}`,
    );
    expect(await attempt(good, new TimeLimit(new ChainEnv(5), 3))).toBe(
      "ChainEnv: this env cannot save its state (it does not implement getState/setState), so a run on it cannot resume exactly.",
    );
    expect(await attempt({ ...good, env: { ...(good.env as object), elapsedSteps: "x" } })).toBe(
      'StatefulChainEnv (TimeLimit): invalid state.elapsedSteps: expected an integer >= 0, got "x". Pass what getState() returned.',
    );
  });
});

describe("train({ checkpoint: { atEnd } })", () => {
  it.each([
    ["at the budget", undefined],
    ["at stopAtMean", 0],
  ] as const)(
    "saves a completed run %s, and resuming from that save ends without training on",
    async (_, stopAtMean) => {
      const make = () => ({
        ...scalar(),
        evaluation: { env: new StatefulChainEnv(4), every: 7, episodes: 2, stopAtMean },
      });
      const saves: Array<{ step: number; loop: LoopState }> = [];
      const agent = new RecordingAgent();
      const first = await train({
        ...make(),
        agent,
        budget: { steps: 30 },
        seed: 1,
        checkpoint: {
          every: 10,
          atEnd: true,
          save: async (step, state) => {
            saves.push({ step, loop: JSON.parse(JSON.stringify(state())) as LoopState });
            return undefined;
          },
        },
      });
      const last = saves.at(-1)!;
      expect(last.step).toBe(first.steps);
      expect(first.steps).toBe(stopAtMean === undefined ? 30 : 7);
      const again = new RecordingAgent();
      const resumed = await train({
        ...make(),
        agent: again,
        budget: { steps: 30 },
        seed: 1,
        resume: last.loop,
      });
      expect(again.seen).toEqual([]); // not one step more
      expect(withoutClock(resumed)).toEqual(withoutClock(first));
    },
  );

  it("does not save twice when the last periodic save was at the end", async () => {
    const steps: number[] = [];
    await train({
      ...scalar(),
      agent: new RecordingAgent(),
      budget: { steps: 20 },
      checkpoint: { every: 10, atEnd: true, save: async (step) => void steps.push(step) },
    });
    expect(steps).toEqual([10, 20]);
  });
});
