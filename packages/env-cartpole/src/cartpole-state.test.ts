import {
  createRng,
  type Env,
  type EnvState,
  GymkitError,
  isStatefulEnv,
  Registry,
  type StatefulEnv,
  TimeLimit,
} from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { CartPoleEnv } from "./cartpole-env.js";
import { CartPoleVector } from "./cartpole-vector.js";
import cartpole from "./index.js";

const registry = new Registry().use(cartpole);
/** What the runner does with a state: write it as JSON, read it back. */
const viaJson = (state: EnvState): EnvState => JSON.parse(JSON.stringify(state)) as EnvState;

/** `steps` random actions (seeded), resetting without a seed after each episode; every result copied. */
function trajectory(env: Env, steps: number, actionSeed: number) {
  const rng = createRng(actionSeed);
  const out: Array<{ obs: number[]; r: number; term: boolean; trunc: boolean }> = [];
  for (let t = 0; t < steps; t++) {
    const r = env.step(rng.int(2));
    out.push({ obs: Array.from(r.observation), r: r.reward, term: r.terminated, trunc: r.truncated });
    if (r.terminated || r.truncated)
      out.push({ obs: Array.from(env.reset().observation), r: 0, term: false, trunc: false });
  }
  return out;
}

describe("CartPole getState/setState", () => {
  it("a made env (TimeLimit<OrderEnforcing<PassiveEnvChecker<CartPoleEnv>>>) is stateful and nests its wrappers' states", () => {
    const env = registry.make<Env & StatefulEnv>("CartPole-v1", { maxEpisodeSteps: 30 });
    expect(isStatefulEnv(env)).toBe(true);
    env.reset({ seed: 3 });
    env.step(1);
    const state = env.getState() as Record<string, unknown>;
    expect(state).toMatchObject({
      wrapper: "TimeLimit",
      elapsedSteps: 1,
      inner: {
        wrapper: "OrderEnforcing",
        hasReset: true,
        inner: {
          wrapper: "PassiveEnvChecker",
          warnedObservation: false,
          inner: { env: "CartPole", stepsBeyondTerminated: -1, rng: { algorithm: "numpy-pcg64" } },
        },
      },
    });
  });

  it("two envs from one state (through JSON) step identically: terminations, truncations and numpy-seeded resets", () => {
    const a = registry.make<Env & StatefulEnv>("CartPole-v1", { maxEpisodeSteps: 30 });
    a.reset({ seed: 11 });
    trajectory(a, 57, 1); // mid-episode, a few episodes in
    const b = registry.make<Env & StatefulEnv>("CartPole-v1", { maxEpisodeSteps: 30 });
    b.setState(viaJson(a.getState()));
    expect(b.getState()).toEqual(a.getState());
    const ta = trajectory(a, 400, 2);
    const tb = trajectory(b, 400, 2);
    expect(tb).toEqual(ta);
    expect(ta.some((s) => s.term)).toBe(true);
    expect(ta.some((s) => s.trunc)).toBe(true);
  });

  it("restores steps past termination (reward 0, one warning) and the generator's buffered draws", () => {
    const warnings: string[][] = [[], []];
    const make = (i: number) => new CartPoleEnv({ warn: (m) => warnings[i]!.push(m) });
    const a = make(0);
    a.reset({ seed: 4 });
    while (!a.step(1).terminated) {}
    a.step(1); // one step past the end: warns once
    a.npRandom.uint32(); // leaves half of a 64-bit draw buffered
    const b = make(1);
    b.setState(viaJson(a.getState()));
    const rewards = (env: CartPoleEnv) => [env.step(1).reward, env.step(0).reward];
    expect(rewards(b)).toEqual(rewards(a));
    expect(warnings[1]).toEqual([]); // stepsBeyondTerminated was restored past the warning
    expect(Array.from(b.reset().observation)).toEqual(Array.from(a.reset().observation));
    expect(b.npRandom.uint32()).toBe(a.npRandom.uint32());
  });

  it("a never-reset env round-trips (no state, no generator yet)", () => {
    const a = new CartPoleEnv();
    expect(a.getState()).toEqual({ env: "CartPole", state: null, stepsBeyondTerminated: -1, rng: null });
    const b = new CartPoleEnv();
    b.reset({ seed: 1 });
    b.setState(a.getState());
    expect(b.state).toBeUndefined();
    expect(() => b.step(0)).toThrow(/step\(\) called before reset\(\)/);
  });

  it("setState names the bad field and changes nothing", () => {
    const env = registry.make<Env & StatefulEnv>("CartPole-v1");
    env.reset({ seed: 2 });
    env.step(0);
    const before = env.getState();
    const good = viaJson(before) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    const cases: Array<[EnvState, string]> = [
      [
        { ...good, elapsedSteps: -1 },
        "CartPole-v1 (TimeLimit): invalid state.elapsedSteps: expected an integer >= 0, got -1. Pass what getState() returned.",
      ],
      [
        { ...good, wrapper: "OrderEnforcing" },
        'CartPole-v1 (TimeLimit): invalid state: expected the state of a TimeLimit wrapper ({ wrapper: "TimeLimit", ..., inner }), got wrapper "OrderEnforcing". Restore a state saved from the same stack of wrappers.',
      ],
      [
        {
          ...good,
          inner: {
            ...good.inner,
            inner: {
              ...good.inner!.inner,
              inner: { ...good.inner!.inner!.inner, stepsBeyondTerminated: "0" },
            },
          },
        } as unknown as EnvState,
        'CartPole-v1: invalid state.stepsBeyondTerminated: expected an integer >= -1, got "0". Pass what getState() returned.',
      ],
      [
        {
          ...good,
          inner: {
            ...good.inner,
            inner: { ...good.inner!.inner, inner: { ...good.inner!.inner!.inner, state: [1, 2, 3] } },
          },
        } as unknown as EnvState,
        "CartPole-v1: invalid state.state: expected",
      ],
      [
        {
          ...good,
          inner: {
            ...good.inner,
            inner: {
              ...good.inner!.inner,
              inner: {
                ...good.inner!.inner!.inner,
                rng: { algorithm: "xoroshiro128+", state: [1, 2, 3, 4], path: "[]", forks: 0 },
              },
            },
          },
        } as unknown as EnvState,
        "CartPole-v1: invalid state.rng: Cannot restore a xoroshiro128+ state (4 words) into a numpy-pcg64 generator (10 words).",
      ],
      [
        null,
        "CartPole-v1 (TimeLimit): invalid state: expected an object, got null. Pass what getState() returned.",
      ],
    ];
    for (const [bad, message] of cases) {
      let error: unknown;
      try {
        env.setState(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GymkitError);
      expect((error as GymkitError).code).toBe("GYMKIT_INVALID_ARGUMENT");
      expect((error as Error).message.startsWith(message)).toBe(true);
      expect(env.getState()).toEqual(before);
    }
  });

  it("a wrapper over an env without getState/setState refuses with a clear error", () => {
    const bare = new CartPoleEnv();
    const plain: Env = {
      observationSpace: bare.observationSpace,
      actionSpace: bare.actionSpace,
      metadata: bare.metadata,
      renderMode: undefined,
      spec: undefined,
      get unwrapped() {
        return plain;
      },
      reset: (args) => bare.reset(args),
      step: (a) => bare.step(a),
      render: () => undefined,
      close: () => {},
    };
    const env = new TimeLimit(plain, 10);
    expect(isStatefulEnv(env)).toBe(false);
    const message =
      "Object: this env cannot save its state (it does not implement getState/setState), so a run on it cannot resume exactly.";
    expect(() => env.getState()).toThrow(message);
    expect(() => env.setState({})).toThrow(message);
  });
});

describe("CartPoleVector getState/setState", () => {
  it.each(["next-step", "same-step"] as const)(
    "%s: a vector from another's state (through JSON) steps identically across autoresets",
    (autoresetMode) => {
      const make = () => new CartPoleVector(3, { autoresetMode, maxEpisodeSteps: 20 });
      const a = make();
      a.reset({ seed: 7 });
      const rng = createRng(5);
      const actions = new Int32Array(3);
      const run = (v: CartPoleVector, steps: number, seed: number) => {
        const r = createRng(seed);
        const out: number[][] = [];
        for (let t = 0; t < steps; t++) {
          for (let i = 0; i < 3; i++) actions[i] = r.int(2);
          const s = v.step(actions);
          out.push([...s.observations, ...s.rewards, ...s.terminated, ...s.truncated]);
        }
        return out;
      };
      run(a, 33 + rng.int(5), 1);
      const b = make();
      b.setState(viaJson(a.getState()));
      expect(b.getState()).toEqual(a.getState());
      const ta = run(a, 200, 2);
      expect(run(b, 200, 2)).toEqual(ta);
      expect(ta.some((row) => row.slice(15).includes(1))).toBe(true); // truncations happened
    },
  );

  it("setState checks the number of sub-envs and changes nothing", () => {
    const v = new CartPoleVector(2);
    v.reset({ seed: 1 });
    const before = v.getState();
    const other = new CartPoleVector(3);
    other.reset({ seed: 1 });
    expect(() => v.setState(other.getState())).toThrow(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "CartPoleVector(2): invalid state.states: expected 2 entries (one per sub-env), got 3. Pass what getState() returned.",
      ),
    );
    expect(v.getState()).toEqual(before);
  });
});
