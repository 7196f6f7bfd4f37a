/** Issue 19: evaluation episodes end, and a stop request is honoured inside evaluate() too. */
import { describe, expect, it } from "vitest";
import { ChainEnv, StatefulChainEnv } from "../test/chain-env.js";
import type { ActOptions, Agent, Transition, UpdateResult } from "./agent.js";
import { createTrainingEvents, type WarningEvent } from "./events.js";
import type { LoopState } from "./loop-state.js";
import { DEFAULT_EVAL_EPISODE_STEPS, evaluate, type TrainResult, train } from "./train.js";
import { TimeLimit } from "./wrappers/time-limit.js";

/** Acts 0/1 by the observation; counts greedy (evaluation) actions; remembers what it observed. */
class CountingAgent implements Agent {
  greedy = 0;
  seen: string[] = [];
  act(observation: Float32Array, o?: ActOptions): number {
    if (o?.explore === false) this.greedy++;
    return Math.floor(observation[0]!) % 2;
  }
  observe(t: Transition): void {
    this.seen.push(`${Array.from(t.observation)}|${t.action}|${t.reward}|${t.terminated}`);
  }
  update(): UpdateResult | undefined {
    return undefined;
  }
  dispose(): void {}
}

/** Never terminates, and has no time limit of its own. */
const endless = () => new ChainEnv(Number.POSITIVE_INFINITY);

describe("evaluate: every episode ends", () => {
  it(`cuts an env without a time limit at ${DEFAULT_EVAL_EPISODE_STEPS} steps and says how many it cut`, async () => {
    const r = await evaluate(endless(), new CountingAgent(), { episodes: 2, seed: 0 });
    expect(r.lengths).toEqual([DEFAULT_EVAL_EPISODE_STEPS, DEFAULT_EVAL_EPISODE_STEPS]);
    expect(r.cutEpisodes).toBe(2);
  });

  it("uses the env's own limit when its spec has one, and an explicit maxEpisodeSteps over both", async () => {
    const env = endless();
    (env as { spec: unknown }).spec = { id: "Endless-v0", maxEpisodeSteps: 7 };
    const own = await evaluate(env, new CountingAgent(), { episodes: 1 });
    expect(own.lengths).toEqual([7]);
    expect(own.cutEpisodes).toBeUndefined(); // the env's limit is the env's business, not a cut
    const given = await evaluate(endless(), new CountingAgent(), { episodes: 1, maxEpisodeSteps: 3 });
    expect(given.lengths).toEqual([3]);
    expect(Object.keys(given).sort()).toEqual(["lengths", "mean", "returns", "std"]);
  });

  it("ends at once on shouldStop or an aborted signal, saying stopped, with the episodes it finished", async () => {
    const agent = new CountingAgent();
    const r = await evaluate(new ChainEnv(4), agent, { episodes: 5, shouldStop: () => agent.greedy >= 10 });
    expect(r.stopped).toBe(true);
    expect(r.lengths).toEqual([4, 4]); // the third episode was cut short by the stop, not counted
    const controller = new AbortController();
    controller.abort();
    const aborted = await evaluate(endless(), new CountingAgent(), {
      episodes: 1,
      signal: controller.signal,
    });
    expect(aborted).toEqual({ mean: 0, std: 0, returns: [], lengths: [], stopped: true });
  });
});

describe("train: a stop request during an evaluation", () => {
  it("a never-ending evaluation env: the run completes, and warns once that it cut episodes", async () => {
    const events = createTrainingEvents();
    const warnings: WarningEvent[] = [];
    events.on("warning", (w) => warnings.push(w));
    const result = await train({
      env: new TimeLimit(new ChainEnv(5), 3),
      agent: new CountingAgent(),
      budget: { steps: 10 },
      evaluation: { env: endless(), every: 5, episodes: 1 },
      events,
    });
    expect(result.evaluations.map((e) => e.lengths)).toEqual([
      [DEFAULT_EVAL_EPISODE_STEPS],
      [DEFAULT_EVAL_EPISODE_STEPS],
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      `The evaluation env has no time limit, so evaluation episodes were cut at ${DEFAULT_EVAL_EPISODE_STEPS} steps (1 of 1 at step 5). Register the env with maxEpisodeSteps, or set env.options.maxEpisodeSteps.`,
    ]);
  });

  it("stops mid-evaluation with a checkpoint that keeps the evaluation due; resumed, it ends as an uninterrupted run", async () => {
    const make = () => ({
      env: new TimeLimit(new StatefulChainEnv(5), 3),
      evaluation: { env: new StatefulChainEnv(4), every: 7, episodes: 3 },
      budget: { steps: 30 },
      seed: 2,
    });
    const clockless = (r: TrainResult) => ({
      ...r,
      wallSeconds: 0,
      evaluations: r.evaluations.map((e) => ({ ...e, wallSeconds: 0, evalSeconds: 0 })),
    });
    const a = new CountingAgent();
    const whole = await train({ ...make(), agent: a });

    // Stop inside the second evaluation (at step 14), in its second episode.
    const b = new CountingAgent();
    let saved: { loop: LoopState; seen: string[] } | undefined;
    const stopped = await train({
      ...make(),
      agent: b,
      shouldStop: () => b.greedy >= 12 + 5,
      checkpoint: {
        every: 100,
        save: async (_step, state) => {
          saved = { loop: state(), seen: [...b.seen] };
          return undefined;
        },
      },
    });
    expect(stopped.reason).toBe("stopped");
    expect(stopped.evaluations.map((e) => e.step)).toEqual([7]);
    const loop = JSON.parse(JSON.stringify(saved!.loop)) as LoopState;
    expect(loop.step).toBe(14);
    expect(loop.next.evaluation).toBe(14); // still due

    const c = new CountingAgent();
    c.seen = [...saved!.seen];
    const resumed = await train({ ...make(), agent: c, resume: loop });
    expect(clockless(resumed)).toEqual(clockless(whole));
    expect(c.seen).toEqual(a.seen);
  });
});
