import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { quickstart } from "./quickstart.js";

const out = mkdtempSync(join(tmpdir(), "gymkit-quickstart-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// A smoke run with a tiny budget, the way CleanRL runs its scripts in CI.
describe("quickstart example", () => {
  it("trains each preset for a few thousand steps, evaluates greedily, prints it and saves the agent", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    for (const agent of ["dqn", "qlearning"]) {
      const { trained, evaluation } = await quickstart({
        agent,
        steps: 5_000,
        seed: 3,
        out: join(out, agent),
      });
      expect(trained.steps).toBe(5_000);
      expect(trained.episodes).toBeGreaterThan(10);
      expect(trained.evaluations).toHaveLength(1);
      expect(evaluation.returns).toHaveLength(20);
      expect(log).toHaveBeenLastCalledWith(
        expect.stringMatching(/^5000 steps \(budget\); greedy return [\d.]+ ± [\d.]+ over 20 episodes$/),
      );
      expect(existsSync(join(out, agent, "model.json"))).toBe(true);
    }
    log.mockRestore();
  });
});
