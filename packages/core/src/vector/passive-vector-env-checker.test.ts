/** Issue 19: a batched vector env's outputs are checked like a single env's, at a fixed cost per step. */
import { describe, expect, it } from "vitest";
import type { GymkitError } from "../errors.js";
import { Registry } from "../registry.js";
import { Box } from "../spaces/box.js";
import { Discrete } from "../spaces/discrete.js";
import type { VectorEnv, VectorStepResult } from "../vector.js";
import { VECTOR_CHECK_WINDOW } from "./passive-vector-env-checker.js";

/** A batched env of n sub-envs (2 numbers each); `spoil(result, step)` damages a step's result. */
function faulty(n: number, spoil: (r: VectorStepResult, step: number) => void): VectorEnv {
  const result: VectorStepResult = {
    observations: new Float32Array(n * 2),
    rewards: new Float64Array(n).fill(1),
    terminated: new Uint8Array(n),
    truncated: new Uint8Array(n),
    infos: [],
  };
  let step = 0;
  return {
    numEnvs: n,
    autoresetMode: "next-step",
    singleObservationSpace: new Box(-1, 1, [2], "float32"),
    singleActionSpace: new Discrete(2),
    observationSize: 2,
    actionSize: 1,
    reset: () => ({ observations: new Float32Array(n * 2), infos: [] }),
    step() {
      step++;
      const r = { ...result, observations: result.observations.slice(), rewards: result.rewards.slice() };
      spoil(r, step);
      return r;
    },
    close() {},
  };
}

const registry = new Registry();
let count = 0;
/** Registered with a batched `vectorEntry`, made by `makeVec` as users get it. */
function makeVec(n: number, spoil: (r: VectorStepResult, step: number) => void, disableEnvChecker = false) {
  const id = `Batched${count++}-v0`;
  registry.register({
    id,
    entry: () => {
      throw new Error("only the vector form");
    },
    vectorEntry: (numEnvs) => faulty(numEnvs, spoil),
  });
  return { id, vec: registry.makeVec(id, n, disableEnvChecker ? { disableEnvChecker: true } : {}) };
}

/** Steps until the checker throws (at most `max` steps); its message. */
function stepsUntilError(vec: VectorEnv, max = 100): string {
  vec.reset();
  for (let i = 0; i < max; i++) {
    try {
      vec.step(new Int32Array(vec.numEnvs));
    } catch (e) {
      expect((e as GymkitError).code).toBe("GYMKIT_INVALID_ENV_OUTPUT");
      return (e as Error).message;
    }
  }
  return "no error";
}

const tail = "Fix the env's vector implementation (makeVec's env checker stopped here).";

describe("PassiveVectorEnvChecker", () => {
  it("batches of the wrong type or size: caught on the step they happen", () => {
    const strings = makeVec(4, (r, s) => {
      if (s === 2) (r as { rewards: unknown }).rewards = ["1", "1", "1", "1"];
    });
    expect(stepsUntilError(strings.vec)).toBe(
      `${strings.id} (vector of 4): step() returned rewards ["1","1","1","1"] (an array) at its step 2 since reset(); expected a Float64Array of 4 numbers. ${tail}`,
    );
    const short = makeVec(4, (r, s) => {
      if (s === 3) r.observations = new Float32Array(7);
    });
    expect(stepsUntilError(short.vec)).toBe(
      `${short.id} (vector of 4): step() returned observations Float32Array[0, 0, 0, 0, 0, 0, 0] at its step 3 since reset(); expected a Float32Array of 4 × 2 numbers. ${tail}`,
    );
    const flags = makeVec(2, (r) => {
      (r as { terminated: unknown }).terminated = [false, true];
    });
    expect(stepsUntilError(flags.vec)).toContain(
      "step() returned terminated [false,true] (an array) at its step 1",
    );
  });

  it("NaN, ±Infinity and flags beyond 1 in one sub-env that keeps them: caught within numEnvs / window steps", () => {
    const n = 64;
    const bad = 37;
    const nan = makeVec(n, (r) => {
      r.observations[bad * 2 + 1] = Number.NaN;
    });
    const message = stepsUntilError(nan.vec);
    expect(message).toMatch(
      new RegExp(
        `^${nan.id} \\(vector of 64\\): step\\(\\) returned for sub-env 37 an observation with NaN at index 1 at its step (\\d+) since reset\\(\\); expected finite numbers\\.`,
      ),
    );
    expect(Number(/at its step (\d+)/.exec(message)?.[1])).toBeLessThanOrEqual(n / VECTOR_CHECK_WINDOW);
    const inf = makeVec(n, (r) => {
      r.rewards[bad] = Number.POSITIVE_INFINITY;
    });
    expect(stepsUntilError(inf.vec)).toContain("returned for sub-env 37 reward Infinity at its step");
    const flag = makeVec(n, (r) => {
      r.truncated[bad] = 2;
    });
    expect(stepsUntilError(flag.vec)).toContain("returned for sub-env 37 truncated 2 at its step");
  });

  it("reset's observations are all checked; disableEnvChecker leaves the env bare", () => {
    const { vec } = makeVec(3, () => {});
    (vec as unknown as { env: { reset: () => unknown } }).env.reset = () => ({
      observations: Float32Array.of(0, 0, 0, Number.NaN, 0, 0),
      infos: [],
    });
    expect(() => vec.reset()).toThrow(
      "(vector of 3): reset() returned for sub-env 1 an observation with NaN at index 1; expected finite numbers.",
    );
    const bare = makeVec(
      2,
      (r) => {
        r.rewards[0] = Number.NaN;
      },
      true,
    );
    expect(stepsUntilError(bare.vec)).toBe("no error");
  });
});
