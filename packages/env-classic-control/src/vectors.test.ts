import {
  createRng,
  type Env,
  GymkitError,
  type PassiveVectorEnvChecker,
  Registry,
  SyncVectorEnv,
  type VectorEnv,
  type VectorStepResult,
} from "@gymkit/core";
import { describe, expect, it } from "vitest";
import type { ClassicControlEnv } from "./classic-env.js";
import type { ClassicVector } from "./classic-vector.js";
import classic from "./index.js";
import { AcrobotVector, MountainCarContinuousVector, MountainCarVector, PendulumVector } from "./vectors.js";

const registry = new Registry().use(classic);

interface Case {
  id: string;
  make: (
    n: number,
    options: Record<string, unknown>,
  ) => ClassicVector & {
    step(a: Float32Array | Int32Array): VectorStepResult;
  };
  obsSize: number;
  continuous: boolean;
  /** A policy that reaches `terminated` often (pumping), with random deviations. */
  act: (obs: Float32Array, u: number) => number;
}

const CASES: Case[] = [
  {
    id: "Acrobot-v1",
    make: (n, o) => new AcrobotVector(n, o),
    obsSize: 6,
    continuous: false,
    act: (obs, u) => (u < 0.2 ? Math.floor(u * 15) : obs[5]! > 0 ? 2 : 0),
  },
  {
    id: "MountainCar-v0",
    make: (n, o) => new MountainCarVector(n, o),
    obsSize: 2,
    continuous: false,
    act: (obs, u) => (u < 0.2 ? Math.floor(u * 15) : obs[1]! > 0 ? 2 : 0),
  },
  {
    id: "MountainCarContinuous-v0",
    make: (n, o) => new MountainCarContinuousVector(n, o),
    obsSize: 2,
    continuous: true,
    act: (obs, u) => (obs[1]! > 0 ? 1 : -1) * (0.5 + 1.5 * u), // out of bounds a third of the time
  },
  {
    id: "Pendulum-v1",
    make: (n, o) => new PendulumVector(n, o),
    obsSize: 3,
    continuous: true,
    act: (_obs, u) => Math.fround(6 * u - 3),
  },
];

/**
 * Steps the vector env and n scalar `make` envs (seed + i) side by side, emulating the autoreset
 * mode on the scalar side, and checks every number and the float64 states.
 */
function compare(
  c: Case,
  mode: "next-step" | "same-step",
  n: number,
  steps: number,
  maxEpisodeSteps: number,
  trig: "v8" | "correctly-rounded" = "v8",
) {
  const vec = c.make(n, { autoresetMode: mode, maxEpisodeSteps, trig });
  const envs = Array.from({ length: n }, () =>
    registry.make<Env<Float32Array, unknown>>(c.id, { maxEpisodeSteps, trig }),
  );
  const m = c.obsSize;
  const first = vec.reset({ seed: 40 });
  const last: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const { observation } = envs[i]!.reset({ seed: 40 + i });
    expect(Array.from(first.observations.subarray(m * i, m * i + m))).toEqual(Array.from(observation));
    last.push(observation.slice());
  }
  const rng = createRng(7);
  const actions = c.continuous ? new Float32Array(n) : new Int32Array(n);
  const pending = new Array<boolean>(n).fill(false);
  let terminations = 0;
  let truncations = 0;
  for (let t = 0; t < steps; t++) {
    // Odd sub-envs act at random (episodes end by truncation), even ones pump (by termination).
    for (let i = 0; i < n; i++) actions[i] = c.act(i % 2 ? new Float32Array(m) : last[i]!, rng.float());
    const r = vec.step(actions);
    for (let i = 0; i < n; i++) {
      const env = envs[i]!;
      const row = Array.from(r.observations.subarray(m * i, m * i + m));
      const where = `${c.id} env ${i} step ${t}`;
      if (pending[i]) {
        pending[i] = false;
        const { observation } = env.reset();
        expect(row, where).toEqual(Array.from(observation));
        expect([r.rewards[i], r.terminated[i], r.truncated[i]]).toEqual([0, 0, 0]);
        last[i] = observation.slice();
        continue;
      }
      const s = env.step(c.continuous ? Float32Array.of(actions[i]!) : actions[i]!);
      expect([r.rewards[i], r.terminated[i], r.truncated[i]], where).toEqual([
        s.reward,
        Number(s.terminated),
        Number(s.truncated),
      ]);
      terminations += Number(s.terminated);
      truncations += Number(s.truncated && !s.terminated);
      last[i] = s.observation.slice();
      if (s.terminated || s.truncated) {
        if (mode === "same-step") {
          expect(Array.from(r.finalObservations!.subarray(m * i, m * i + m)), where).toEqual(
            Array.from(s.observation),
          );
          const { observation } = env.reset();
          expect(row, where).toEqual(Array.from(observation));
          last[i] = observation.slice();
        } else {
          expect(row, where).toEqual(Array.from(s.observation));
          pending[i] = true;
        }
      } else {
        expect(row, where).toEqual(Array.from(s.observation));
      }
      expect(vec.stateOf(i), where).toEqual((env.unwrapped as unknown as ClassicControlEnv<unknown>).state);
    }
  }
  return { terminations, truncations };
}

describe.each(CASES)("$id vector", (c) => {
  it.each(["next-step", "same-step"] as const)(
    "%s autoreset: identical to n scalar make envs, through terminations and truncations",
    (mode) => {
      const { terminations, truncations } = compare(c, mode, 4, 500, 200);
      if (c.id !== "Pendulum-v1") expect(terminations).toBeGreaterThan(0);
      expect(truncations).toBeGreaterThan(0);
    },
  );

  it('trig "correctly-rounded": identical to n scalar envs with the same option, and not to V8\'s trig', () => {
    compare(c, "next-step", 4, 300, 200, "correctly-rounded");
    // the option reaches the physics: from the same state, the two kinds part within a few steps
    const [cr, v8] = (["correctly-rounded", "v8"] as const).map((trig) => {
      const vec = c.make(8, { trig });
      vec.reset({ seed: 3 });
      const actions = c.continuous ? new Float32Array(8).fill(0.5) : new Int32Array(8).fill(2);
      for (let t = 0; t < 200; t++) vec.step(actions);
      return Array.from({ length: 8 }, (_, i) => vec.stateOf(i));
    });
    if (c.id === "MountainCarContinuous-v0")
      expect(cr).toEqual(v8); // float32 state hides the last bit
    else expect(cr).not.toEqual(v8);
  });

  it("getState/setState through JSON continues identically", () => {
    const a = c.make(3, {});
    a.reset({ seed: 5 });
    const actions = c.continuous ? Float32Array.of(0.5, -3, 1) : Int32Array.of(0, 2, 1);
    for (let t = 0; t < 30; t++) a.step(actions);
    const b = c.make(3, {});
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    for (let t = 0; t < 250; t++) {
      const ra = a.step(actions);
      const rb = b.step(actions);
      expect(Array.from(rb.observations)).toEqual(Array.from(ra.observations));
      expect(Array.from(rb.rewards)).toEqual(Array.from(ra.rewards));
      expect(Array.from(rb.truncated)).toEqual(Array.from(ra.truncated));
    }
  });

  it("refuses a batch of the wrong length, and steps before reset", () => {
    const vec = c.make(2, {});
    expect(() => vec.step(c.continuous ? new Float32Array(2) : new Int32Array(2))).toThrowError(GymkitError);
    vec.reset({ seed: 0 });
    expect(() => vec.step(c.continuous ? new Float32Array(3) : new Int32Array(3))).toThrowError(
      `${vec.toString().split("(")[0]}: expected 2 actions (numEnvs × actionSize, row-major), got 3.`,
    );
  });
});

describe("vector specifics", () => {
  it.each([
    ["Pendulum-v1", PendulumVector, 200],
    ["MountainCarContinuous-v0", MountainCarContinuousVector, 999],
  ] as const)(
    "makeVec(%s) builds the batched continuous vector, equal to SyncVectorEnv over make",
    (id, type, limit) => {
      const vec = registry.makeVec(id, 3);
      const inner = (vec as PassiveVectorEnvChecker).unwrapped as
        | PendulumVector
        | MountainCarContinuousVector;
      expect(inner).toBeInstanceOf(type);
      expect([inner.maxEpisodeSteps, vec.actionSize, String(vec.singleActionSpace)]).toEqual([
        limit,
        1,
        String(registry.make(id).actionSpace),
      ]);
      const sync = new SyncVectorEnv(
        Array.from({ length: 3 }, () => () => registry.make<Env<Float32Array, Float32Array>>(id)),
      );
      expect(Array.from(vec.reset({ seed: 4 }).observations)).toEqual(
        Array.from(sync.reset({ seed: 4 }).observations),
      );
      const rng = createRng(1);
      const actions = new Float32Array(3);
      for (let t = 0; t < 20; t++) {
        for (let i = 0; i < 3; i++) actions[i] = rng.uniform(-3, 3); // out of bounds too: both clip
        const [a, b] = [vec.step(actions), sync.step(actions)];
        expect(Array.from(a.observations)).toEqual(Array.from(b.observations));
        expect(Array.from(a.rewards)).toEqual(Array.from(b.rewards));
      }
    },
  );

  it("makeVec builds AcrobotVector and MountainCarVector with the registered time limits", () => {
    const a = registry.makeVec("Acrobot-v1", 2);
    const m = registry.makeVec("MountainCar-v0", 2, { autoresetMode: "same-step" });
    // makeVec wraps a batched env in its passive checker (issue 19): the env is what it checks.
    const inner = (v: VectorEnv) => (v as PassiveVectorEnvChecker).unwrapped;
    expect(inner(a)).toBeInstanceOf(AcrobotVector);
    expect(inner(m)).toBeInstanceOf(MountainCarVector);
    expect([
      (inner(a) as AcrobotVector).maxEpisodeSteps,
      (inner(m) as MountainCarVector).maxEpisodeSteps,
    ]).toEqual([500, 200]);
    expect(m.autoresetMode).toBe("same-step");
  });

  it("an invalid discrete action throws a RangeError naming the sub-env, then step refuses until reset", () => {
    const vec = new AcrobotVector(3);
    vec.reset({ seed: 1 });
    expect(() => vec.step([1, 3, 0])).toThrowError(
      "AcrobotVector: actions[1]: invalid action 3 (number); the action space is Discrete(3): 0 (torque -1), 1 (0) or 2 (+1).",
    );
    expect(() => vec.step([1, 1, 1])).toThrowError(
      "AcrobotVector: step() called before reset() (or after a step that threw on an invalid action). Call vec.reset({ seed }) first.",
    );
    vec.reset();
    expect(vec.step([1, 1, 1]).rewards[0]).toBe(-1);
  });

  it("continuous vectors expose actionSize and a Box action space", () => {
    expect(new PendulumVector(2).actionSize).toBe(1);
    expect(String(new PendulumVector(2).singleActionSpace)).toBe("Box(-2.0, 2.0, (1,), float32)");
    expect(String(new MountainCarContinuousVector(2).singleActionSpace)).toBe(
      "Box(-1.0, 1.0, (1,), float32)",
    );
  });

  it("options are validated with the class name and reset options reach every sub-env", () => {
    expect(() => new PendulumVector(2, { gravity: 9.8 })).toThrowError(GymkitError);
    expect(() => new AcrobotVector(2, { trig: "exact" })).toThrowError(
      'Invalid config at AcrobotVector.trig: expected one of "v8", "correctly-rounded", got "exact".',
    );
    expect(() => registry.make("Acrobot-v1", { trig: "glibc" })).toThrowError(
      'Invalid config at make("Acrobot-v1").trig: expected one of "v8", "correctly-rounded", got "glibc".',
    );
    const vec = new PendulumVector(4, { g: 9.81 });
    expect(vec.g).toBe(9.81);
    vec.reset({ seed: 3, options: { x_init: 0.1, y_init: 0 } });
    for (let i = 0; i < 4; i++) {
      const [th, thdot] = vec.stateOf(i);
      expect(Math.abs(th!)).toBeLessThanOrEqual(0.1);
      expect(thdot).toBe(0);
    }
    expect(() => new AcrobotVector(0)).toThrowError(
      "AcrobotVector(n): n must be an integer in [1, 16777216], got 0.",
    );
  });
});
