import { describe, expect, it } from "vitest";
import { quickstart } from "./quickstart.js";

// A smoke run with a tiny budget, the way CleanRL runs its scripts in CI.
describe("quickstart example", () => {
  it("trains each preset for a few thousand steps and evaluates greedily", async () => {
    for (const agent of ["dqn", "qlearning"]) {
      const result = await quickstart({ agent, steps: 5_000, seed: 3 });
      expect(result.steps).toBe(5_000);
      expect(result.episodes).toBeGreaterThan(10);
      expect(result.evaluations).toHaveLength(1);
      expect(result.evaluations[0]!.returns).toHaveLength(10);
    }
  });
});
