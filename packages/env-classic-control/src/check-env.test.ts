import { checkEnv, type Env, type EnvCheckFinding, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { AcrobotEnv } from "./acrobot.js";
import classic from "./index.js";
import { MountainCarContinuousEnv, MountainCarEnv } from "./mountain-car.js";
import { PendulumEnv } from "./pendulum.js";

const PENDULUM_WARNING =
  "For Box action spaces a symmetric, normalised range ([-1, 1] or [0, 1]) is recommended; got Box(-2.0, 2.0, (1,), float32).";

/** Anything but the "wrapped" note and Pendulum's action-range warning (Gymnasium's check_env gives both). */
const unexpected = (findings: EnvCheckFinding[]) =>
  findings.filter(
    (f) => f.severity === "error" || !(f.check === "wrapped" || f.message === PENDULUM_WARNING),
  );

const ids = ["Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"];
const classes: Record<
  string,
  new (o: {
    renderMode?: "ansi" | "rgb_array" | "svg";
  }) => Env<Float32Array, unknown>
> = {
  "Acrobot-v1": AcrobotEnv,
  "MountainCar-v0": MountainCarEnv,
  "MountainCarContinuous-v0": MountainCarContinuousEnv,
  "Pendulum-v1": PendulumEnv,
};

describe("checkEnv (core's Gymnasium-style env checker)", () => {
  const registry = new Registry().use(classic);

  it.each(ids)("%s through make: clean", (id) => {
    expect(unexpected(checkEnv(registry.make(id), { makeCopy: () => registry.make(id) }))).toEqual([]);
  });

  it.each(ids.flatMap((id) => (["ansi", "rgb_array", "svg"] as const).map((mode) => [id, mode] as const)))(
    "%s unwrapped with renderMode %s: clean",
    (id, renderMode) => {
      const make = () => new classes[id]!({ renderMode });
      expect(unexpected(checkEnv(make(), { makeCopy: make }))).toEqual([]);
    },
  );
});
