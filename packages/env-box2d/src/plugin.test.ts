import { Box, Discrete, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";

describe("env-box2d plugin", () => {
  const registry = new Registry().use(plugin);

  it("is default-exported, named after the package, and registers Gymnasium's two LunarLander ids", () => {
    expect(plugin.name).toBe("env-box2d");
    expect(registry.plugins()).toEqual(["env-box2d"]);
    expect(registry.ids("env")).toEqual(["LunarLander-v3", "LunarLanderContinuous-v3"]);
  });

  it("gives Gymnasium's spec: 1000 steps, threshold 200; the continuous id defaults to continuous", () => {
    for (const id of ["LunarLander-v3", "LunarLanderContinuous-v3"]) {
      const spec = registry.spec(id);
      expect([spec.maxEpisodeSteps, spec.rewardThreshold]).toEqual([1000, 200]);
    }
    expect(registry.make("LunarLander-v3").actionSpace).toBeInstanceOf(Discrete);
    expect(registry.make("LunarLander-v3", { continuous: true }).actionSpace.toString()).toBe(
      "Box(-1.0, 1.0, (2,), float32)",
    );
    const continuous = registry.make("LunarLanderContinuous-v3");
    expect(continuous.actionSpace).toBeInstanceOf(Box);
    expect(continuous.spec?.kwargs).toEqual({ continuous: true });
    expect(registry.make("LunarLanderContinuous-v3", { continuous: false }).actionSpace).toBeInstanceOf(
      Discrete,
    );
  });

  it("wraps like gym.make: TimeLimit (here shortened to 20 steps, before any landing), order enforcing", () => {
    const env = registry.make("LunarLander-v3", { maxEpisodeSteps: 20 });
    expect(() => env.step(0)).toThrow(/reset/);
    env.reset({ seed: 3 });
    const flags: string[] = [];
    for (let t = 0; t < 20; t++) {
      const r = env.step(0);
      flags.push(`${r.terminated ? "T" : "-"}${r.truncated ? "t" : "-"}`);
    }
    expect(flags).toEqual([...Array(19).fill("--"), "-t"]);
  });
});
