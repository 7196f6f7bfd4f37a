import { prepareBackend } from "@gymkit/tfjs";
import { describe, expect, it } from "vitest";
import { testRegistry } from "../test/helpers.js";

const BUDGET = 50_000;

/**
 * Trains `preset` on CartPole-v1 through a composed run (core's `train()`), with a 10-episode
 * greedy evaluation every 2 500 steps on the run's separately seeded evaluation env.
 */
async function learn(preset: string, seed: number, stopAtMean?: number) {
  await prepareBackend("wasm", { log: false });
  const run = await testRegistry().compose({
    env: "CartPole-v1",
    agent: preset,
    budget: { steps: BUDGET },
    eval: { every: 2500, episodes: 10, stopAtMean },
    seed,
  });
  try {
    return await run.train();
  } finally {
    await run.dispose();
  }
}

describe("learning CartPole-v1 (wasm)", () => {
  it("the dqn preset reaches a greedy evaluation mean >= 475 over 10 episodes", async () => {
    const result = await learn("dqn", 0, 475);
    const last = result.evaluations.at(-1)!;
    expect(result.stoppedBy).toBe("stopAtMean");
    expect(last.returns).toHaveLength(10);
    expect(last.mean).toBeGreaterThanOrEqual(475);
  }, 600_000);

  it("the qlearning preset trains without errors for the same budget", async () => {
    const result = await learn("qlearning", 0);
    expect(result.steps).toBe(BUDGET);
    expect(result.evaluations).toHaveLength(BUDGET / 2500);
    expect(result.episodeReturns.every(Number.isFinite)).toBe(true);
  }, 600_000);
});
