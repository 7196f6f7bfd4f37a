/**
 * Checkpoints of a run on LunarLander resume exactly through core's train(): the env's state is
 * its generator at the last reset plus the actions since, replayed on restore (see replay.ts).
 */
import {
  type Agent,
  createTrainingEvents,
  type LoopState,
  Registry,
  type TrainResult,
  train,
} from "@gymkit/core";
import { describe, expect, it } from "vitest";
import box2d from "../src/index.js";

const registry = new Registry().use(box2d);

/** A deterministic policy of the observation (so a restored env must give the same observations). */
class RecordingAgent implements Agent {
  seen: string[] = [];
  act(observation: Float32Array): number {
    return Math.floor(Math.abs(observation[0]! * 1000 + observation[3]! * 100)) % 4;
  }
  actBatch(observations: Float32Array, count: number, _o?: unknown, out = new Int32Array(count)): Int32Array {
    for (let i = 0; i < count; i++) out[i] = this.act(observations.subarray(8 * i, 8 * i + 8));
    return out;
  }
  observe(t: { action: number; reward: number; terminated: boolean; truncated: boolean }): void {
    this.seen.push(`${t.action}|${t.reward}|${t.terminated}|${t.truncated}`);
  }
  update() {
    return undefined;
  }
  dispose(): void {}
}

const withoutClock = (r: TrainResult) => ({
  ...r,
  wallSeconds: 0,
  evaluations: r.evaluations.map((e) => ({ ...e, wallSeconds: 0, evalSeconds: 0 })),
});

const scalar = () => ({
  env: registry.make("LunarLander-v3", { maxEpisodeSteps: 150 }),
  evaluation: { env: registry.make("LunarLander-v3"), every: 400, episodes: 1 },
});
const vector = () => ({
  env: registry.makeVec("LunarLander-v3", 2, { maxEpisodeSteps: 150 }),
  evaluation: { env: registry.make("LunarLander-v3"), every: 400, episodes: 1 },
});

describe("train({ resume }) on LunarLander", () => {
  it.each([
    ["make()", scalar],
    ["makeVec(2)", vector],
  ] as const)(
    "%s: stopped after a checkpoint mid-episode and resumed through JSON, it ends as an uninterrupted run",
    async (_, make) => {
      const budget = { steps: 900 };
      const a = new RecordingAgent();
      const resultA = await train({ ...make(), agent: a, budget, seed: 4, events: createTrainingEvents() });

      const b = new RecordingAgent();
      let saved: { loop: LoopState; seen: string[] } | undefined;
      await train({
        ...make(),
        agent: b,
        budget,
        seed: 4,
        shouldStop: () => saved !== undefined,
        checkpoint: {
          every: 100,
          save: async (step, state) => {
            if (step >= 500) saved ??= { loop: state(), seen: [...b.seen] };
            return undefined;
          },
        },
      });
      const loop = JSON.parse(JSON.stringify(saved!.loop)) as LoopState;
      expect(loop.running.lengths.some((l) => l > 0)).toBe(true); // saved in the middle of an episode

      const c = new RecordingAgent();
      c.seen = [...saved!.seen];
      const resultC = await train({ ...make(), agent: c, budget, seed: 4, resume: loop });
      expect(withoutClock(resultC)).toEqual(withoutClock(resultA));
      expect(c.seen).toEqual(a.seen);
      expect(resultA.episodeReturns.length).toBeGreaterThanOrEqual(6);
    },
  );
});
