import { checkEnv, type EnvCheckFinding, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { CartPoleEnv } from "./cartpole-env.js";
import cartpole from "./index.js";

/**
 * Gymnasium's own `check_env` gives CartPole the same warnings: its unbounded velocity dimensions
 * (`check_space_limit`) and, for a `make` env, that it is wrapped. Anything else is a failure.
 */
const EXPECTED_WARNINGS = [
  "A Box observation space minimum value is -infinity. This is probably too low.",
  "A Box observation space maximum value is infinity. This is probably too high.",
];

function unexpected(findings: EnvCheckFinding[]): EnvCheckFinding[] {
  return findings.filter(
    (f) => f.severity === "error" || !(EXPECTED_WARNINGS.includes(f.message) || f.check === "wrapped"),
  );
}

describe("checkEnv (core's Gymnasium-style env checker)", () => {
  const registry = new Registry().use(cartpole);

  it.each(["CartPole-v0", "CartPole-v1"])("%s through make: no errors", (id) => {
    const findings = checkEnv(registry.make(id), { makeCopy: () => registry.make(id) });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(unexpected(findings)).toEqual([]);
  });

  it.each(["ansi", "rgb_array", "svg"] as const)(
    "the unwrapped env with renderMode %s: no errors",
    (renderMode) => {
      const findings = checkEnv(new CartPoleEnv({ renderMode }), {
        makeCopy: () => new CartPoleEnv({ renderMode }),
      });
      expect(unexpected(findings)).toEqual([]);
    },
  );
});
