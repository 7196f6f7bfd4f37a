/** Issue 19: env outputs are checked where they enter gymkit, with the env, the step and the field. */
import { describe, expect, it } from "vitest";
import type { Env, StepResult } from "../env.js";
import { GymkitError } from "../errors.js";
import { Registry } from "../registry.js";
import { Box } from "../spaces/box.js";
import { Discrete } from "../spaces/discrete.js";
import { PassiveEnvChecker } from "./passive-env-checker.js";

/** An env whose step `bad` (1-based) returns `patch` over a good result. */
class Faulty implements Env<Float32Array, number> {
  readonly observationSpace = new Box(-1, 1, [3]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: [] };
  readonly renderMode = undefined;
  spec = undefined;
  t = 0;
  constructor(
    private readonly patch: Record<string, unknown>,
    private readonly bad = 3,
  ) {}
  get unwrapped() {
    return this;
  }
  reset() {
    this.t = 0;
    return { observation: new Float32Array(3), info: {} };
  }
  step(): StepResult<Float32Array> {
    this.t++;
    const good = {
      observation: new Float32Array(3),
      reward: 1,
      terminated: false,
      truncated: false,
      info: {},
    };
    return (this.t === this.bad ? { ...good, ...this.patch } : good) as StepResult<Float32Array>;
  }
  render() {
    return undefined;
  }
  close() {}
}

const registry = new Registry();
let made = 0;
/** Made like a user gets it (registry.make): the checker knows the env's id. */
function make(patch: Record<string, unknown>, bad?: number): Env {
  const id = `Faulty${made++}-v0`;
  registry.register({ id, entry: () => new Faulty(patch, bad) });
  return registry.make(id);
}

/** The message of what `run` throws, which must be a GYMKIT_INVALID_ENV_OUTPUT error. */
function thrown(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(GymkitError);
    expect((e as GymkitError).code).toBe("GYMKIT_INVALID_ENV_OUTPUT");
    return (e as Error).message.replace(/^Faulty\d+-v0/, "Faulty-v0");
  }
  return "no error";
}

const steps = (env: Env, n: number) => () => {
  env.reset();
  for (let i = 0; i < n; i++) env.step(0);
};
const tail = " Fix the env's step() (make()'s env checker stopped here).";

describe("PassiveEnvChecker: a step() that breaks the rules throws, naming env, step and field", () => {
  it.each([
    [{ reward: "1" }, 'reward "1" (a string); a reward must be a finite number'],
    [{ reward: Number.NaN }, "reward NaN; a reward must be a finite number"],
    [{ reward: Number.POSITIVE_INFINITY }, "reward Infinity; a reward must be a finite number"],
    [{ reward: undefined }, "reward undefined; a reward must be a finite number"],
    [{ terminated: 1 }, "terminated 1; terminated and truncated must be booleans (true or false)"],
    [
      { truncated: "no" },
      'truncated "no" (a string); terminated and truncated must be booleans (true or false)',
    ],
    [
      { observation: new Float32Array(4) },
      "an observation of 4 numbers; the observation space Box(-1.0, 1.0, (3,), float32) has 3",
    ],
    [
      { observation: Float32Array.of(0, Number.NaN, 0) },
      "an observation with NaN at index 1 (Float32Array[0, NaN, 0]); observations must be finite numbers",
    ],
    [
      { observation: Float32Array.of(0, 0, Number.NEGATIVE_INFINITY) },
      "an observation with -Infinity at index 2 (Float32Array[0, 0, -Infinity]); observations must be finite numbers",
    ],
    [
      { observation: undefined },
      "observation undefined; expected 3 numbers (the observation space is Box(-1.0, 1.0, (3,), float32))",
    ],
  ])("%o", (patch, problem) => {
    expect(thrown(steps(make(patch), 5))).toBe(
      `Faulty-v0: at step 3 of its episode, step() returned ${problem}.${tail}`,
    );
  });

  it("a step() that returns no result at all, and a reset() whose observation is short", () => {
    const none = make({});
    (none.unwrapped as unknown as { step: () => unknown }).step = () => undefined;
    expect(thrown(steps(none, 1))).toBe(
      `Faulty-v0: at step 1 of its episode, step() returned undefined, not { observation, reward, terminated, truncated, info }.${tail}`,
    );
    const short = make({});
    (short.unwrapped as unknown as { reset: () => unknown }).reset = () => ({
      observation: new Float32Array(2),
      info: {},
    });
    expect(thrown(() => short.reset())).toBe(
      "Faulty-v0: reset() returned an observation of 2 numbers; the observation space Box(-1.0, 1.0, (3,), float32) has 3. Fix the env's reset() (make()'s env checker stopped here).",
    );
  });

  it("counts steps from the last reset, and keeps the count in its state", () => {
    const inner = Object.assign(new Faulty({ reward: "x" }, 5), { getState: () => ({}), setState: () => {} });
    const env = new PassiveEnvChecker(inner);
    env.reset();
    for (let i = 0; i < 2; i++) env.step(0);
    expect(env.getState()).toEqual({
      wrapper: "PassiveEnvChecker",
      warnedObservation: false,
      episodeSteps: 2,
      inner: {},
    });
    const restored = new PassiveEnvChecker(new Faulty({ reward: "x" }, 1)); // its inner count restarts
    Object.assign(restored.env, { getState: () => ({}), setState: () => {} });
    restored.setState(env.getState());
    expect(thrown(() => restored.step(0))).toBe(
      `Faulty: at step 3 of its episode, step() returned reward "x" (a string); a reward must be a finite number.${tail}`,
    );
  });

  it("outside the bounds, or another array type, is not an error: it warns once", () => {
    const warnings: string[] = [];
    const env = new PassiveEnvChecker(new Faulty({ observation: Float32Array.of(5, 0, 0) }, 1), (m) =>
      warnings.push(m),
    );
    env.reset();
    env.step(0);
    env.step(0);
    const plain = new PassiveEnvChecker(new Faulty({ observation: [0, 0, 0] }, 1), (m) => warnings.push(m));
    plain.reset();
    plain.step(0);
    expect(warnings).toEqual([
      "Faulty: the observation returned by step() is not within the observation space Box(-1.0, 1.0, (3,), float32): Float32Array[5, 0, 0]. (Warned once.)",
      "Faulty: the observation returned by step() is not within the observation space Box(-1.0, 1.0, (3,), float32): [0,0,0]. (Warned once.)",
    ]);
  });

  it("an error the env throws comes out naming the env, the call and the step, the original as cause", () => {
    const env = make({});
    const boom = new TypeError("Cannot read properties of undefined (reading 'x')");
    (env.unwrapped as unknown as { step: () => unknown }).step = () => {
      throw boom;
    };
    env.reset();
    try {
      env.step(0);
      expect.unreachable();
    } catch (e) {
      expect((e as GymkitError).code).toBe("GYMKIT_ENV_FAILED");
      expect((e as Error).message).toMatch(
        /^Faulty\d+-v0: at step 1 of its episode, step\(\) threw: TypeError: Cannot read properties of undefined \(reading 'x'\)$/,
      );
      expect((e as Error).cause).toBe(boom);
    }
  });

  it("a Discrete observation must be an integer", () => {
    const cells = new Faulty({}) as unknown as { observationSpace: unknown; reset: unknown; step: unknown };
    Object.defineProperty(cells, "observationSpace", { value: new Discrete(4) });
    cells.reset = () => ({ observation: 0, info: {} });
    cells.step = () => ({ observation: 1.5, reward: 0, terminated: false, truncated: false, info: {} });
    const env = new PassiveEnvChecker(cells as unknown as Env, () => {});
    env.reset();
    expect(thrown(() => env.step(0))).toBe(
      `Faulty: at step 1 of its episode, step() returned observation 1.5; the observation space Discrete(4) holds integers.${tail}`,
    );
  });
});
