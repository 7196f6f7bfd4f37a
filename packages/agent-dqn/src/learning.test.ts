import { type Env, train } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { testRegistry } from "../test/helpers.js";
import { prepareBackend } from "./backend.js";
import type { DqnAgent } from "./dqn-agent.js";

const BUDGET = 50_000;

/** Trains `preset` on CartPole-v1 with core's `train()` and a 10-episode greedy evaluation every 2 500 steps. */
async function learn(preset: string, seed: number, stopAtMean?: number) {
  await prepareBackend("wasm", { log: false });
  const registry = testRegistry();
  const env = registry.make<Env<Float32Array, number>>("CartPole-v1");
  const evalEnv = registry.make<Env<Float32Array, number>>("CartPole-v1");
  const scope = registry.scope({ seed, totalSteps: BUDGET });
  const agent = scope.create("agent", preset, {
    observationSpace: env.observationSpace,
    actionSpace: env.actionSpace,
  }) as DqnAgent;
  const result = await train({
    env,
    agent,
    budget: { steps: BUDGET },
    seed,
    evaluation: { env: evalEnv, every: 2500, episodes: 10, seed: 10_000 + seed, stopAtMean },
  });
  agent.dispose();
  await scope.dispose();
  return result;
}

describe("learning CartPole-v1 (wasm)", () => {
  it("the dqn preset reaches a greedy evaluation mean >= 475 over 10 episodes", async () => {
    const result = await learn("dqn", 0, 475);
    const last = result.evaluations.at(-1)!;
    expect(result.stoppedBy).toBe("stopAtMean");
    expect(last.returns).toHaveLength(10);
    expect(last.mean).toBeGreaterThanOrEqual(475);
  }, 120_000);

  it("the qlearning preset trains without errors for the same budget", async () => {
    const result = await learn("qlearning", 0);
    expect(result.steps).toBe(BUDGET);
    expect(result.evaluations).toHaveLength(BUDGET / 2500);
    expect(result.episodeReturns.every(Number.isFinite)).toBe(true);
  }, 120_000);
});
