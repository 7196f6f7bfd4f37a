import { GymkitError, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";
import { ConstantSchedule, ExponentialSchedule, LinearSchedule } from "./schedules.js";

describe("epsilon schedules", () => {
  it("linear goes from → to over fraction × budget, then stays", () => {
    const s = new LinearSchedule(1, 0.05, 1000);
    expect(s.value(0)).toBe(1);
    expect(s.value(500)).toBeCloseTo(0.525, 12);
    expect(s.value(1000)).toBe(0.05);
    expect(s.value(10 ** 6)).toBe(0.05);
  });

  it("exponential is the blog's to + (from − to)·exp(−step/decay)", () => {
    const s = new ExponentialSchedule(0.9, 0.01, 2500);
    expect(s.value(0)).toBeCloseTo(0.9, 12);
    expect(s.value(2500)).toBeCloseTo(0.01 + 0.89 * Math.exp(-1), 12);
    expect(s.value(1e9)).toBeCloseTo(0.01, 12);
  });

  it("constant is constant", () => {
    expect(new ConstantSchedule(0.1).value()).toBe(0.1);
  });

  it("are registered as schedule parts; linear decays over a fraction of the run's budget", () => {
    const registry = new Registry().use(plugin);
    expect(registry.ids("schedule")).toEqual(["constant", "exponential", "linear"]);
    const budget = { steps: 10_000 };
    const lin = registry.create("schedule", "linear", { from: 1, to: 0.1, fraction: 0.5 }, { budget });
    expect(lin.value(2500)).toBeCloseTo(0.55, 12);
    expect(lin.value(5000)).toBeCloseTo(0.1, 12);
    expect(registry.create("schedule", "linear", { steps: 100 }).value(50)).toBeCloseTo(0.525, 12);
    expect(registry.create("schedule", "exponential", { decay: 10 }).value(10)).toBeCloseTo(
      0.01 + 0.99 / Math.E,
      12,
    );
  });

  it("reject bad options naming the field, the value and what is allowed", () => {
    const registry = new Registry().use(plugin);
    const budget = { steps: 100 };
    const create = (id: string, o: Record<string, unknown>) => () =>
      registry.create("schedule", id, o, { budget, path: "agent.epsilon" });
    expect(create("linear", { from: 2 })).toThrow(
      "Invalid config at agent.epsilon.from: expected a number >= 0 and <= 1, got 2.",
    );
    expect(create("exponential", { decay: 0 })).toThrow(
      "Invalid config at agent.epsilon.decay: expected a number > 0, got 0.",
    );
    expect(create("constant", { valu: 0.1 })).toThrow(
      'Invalid config at agent.epsilon.valu: unknown option "valu" for schedule "constant". Did you mean "value"? Allowed options: value.',
    );
    expect(create("linear", { fraction: 0.5, steps: 10 })).toThrow(
      "Invalid config at agent.epsilon: give fraction (of the step budget) or steps (env steps), not both.",
    );
    expect(() => registry.create("schedule", "linear", {})).toThrow(GymkitError);
    expect(() => registry.create("schedule", "linear", {})).toThrow(
      "Invalid config at schedule.steps: a linear schedule decays over a fraction of the run's step budget, and this one has none; give steps (env steps) instead.",
    );
  });
});
