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

  it("are registered as schedule kinds; linear reads the budget from the scope", () => {
    const registry = new Registry().use(plugin);
    expect(registry.kinds("schedule")).toEqual(["constant", "exponential", "linear"]);
    const scope = registry.scope({ totalSteps: 10_000 });
    const lin = scope.create("schedule", "linear", { from: 1, to: 0.1, fraction: 0.5 });
    expect(lin.value(2500)).toBeCloseTo(0.55, 12);
    expect(lin.value(5000)).toBeCloseTo(0.1, 12);
    expect(scope.create("schedule", "linear", { steps: 100 }).value(50)).toBeCloseTo(0.525, 12);
    expect(scope.create("schedule", "exponential", { decay: 10 }).value(10)).toBeCloseTo(
      0.01 + 0.99 / Math.E,
      12,
    );
  });

  it("reject bad options naming the field, the value and what is allowed", () => {
    const registry = new Registry().use(plugin);
    const scope = registry.scope({ totalSteps: 100 });
    expect(() => scope.create("schedule", "linear", { from: 2 })).toThrow(
      /schedule\(linear\)\.from: expected a number >= 0 and <= 1, got 2/,
    );
    expect(() => scope.create("schedule", "exponential", { decay: 0 })).toThrow(
      /decay: expected a number > 0, got 0/,
    );
    expect(() => scope.create("schedule", "constant", { valu: 0.1 })).toThrow(
      'Invalid config at schedule(constant): unknown option "valu". Did you mean "value"? Allowed options: value, totalSteps.',
    );
    expect(() => registry.scope().create("schedule", "linear", {})).toThrow(GymkitError);
    expect(() => registry.scope().create("schedule", "linear", {})).toThrow(/step budget/);
  });
});
