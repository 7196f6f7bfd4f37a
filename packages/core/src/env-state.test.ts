import { describe, expect, it } from "vitest";
import { ChainEnv } from "../test/chain-env.js";
import { type EnvState, isStatefulEnv, RNG_STATE, type StatefulEnv } from "./env-state.js";
import { GymkitError } from "./errors.js";
import { createNumpyRng } from "./numpy-rng.js";
import { createRng } from "./rng.js";
import { OrderEnforcing } from "./wrappers/order-enforcing.js";
import { PassiveEnvChecker } from "./wrappers/passive-env-checker.js";
import { RecordEpisodeStatistics } from "./wrappers/record-episode-statistics.js";
import { TimeLimit } from "./wrappers/time-limit.js";

/** ChainEnv whose state (t, x0) can be saved; its generator is not needed for these steps. */
class StatefulChain extends ChainEnv implements StatefulEnv {
  getState(): EnvState {
    return { t: this.t, x0: this.x0 };
  }
  setState(state: EnvState): void {
    const s = state as { t: number; x0: number };
    this.t = s.t;
    this.x0 = s.x0;
  }
}

const stack = (now: () => number) =>
  new RecordEpisodeStatistics(
    new TimeLimit(new OrderEnforcing(new PassiveEnvChecker(new StatefulChain(5), () => {})), 4),
    { bufferLength: 2, now },
  );

describe("wrapper states", () => {
  it("every core wrapper nests its own fields around the inner state, and restores them", () => {
    let clock = 100;
    const a = stack(() => clock);
    a.reset({ seed: 0 });
    for (let i = 0; i < 10; i++) if (a.step(1).truncated) a.reset();
    clock = 103;
    const state = a.getState();
    expect(state).toEqual({
      wrapper: "RecordEpisodeStatistics",
      episodeCount: 2,
      returnQueue: [8, 8],
      lengthQueue: [4, 4],
      timeQueue: [0, 0],
      episodeReturn: 4,
      episodeLength: 2,
      episodeSeconds: 3,
      inner: {
        wrapper: "TimeLimit",
        elapsedSteps: 2,
        inner: {
          wrapper: "OrderEnforcing",
          hasReset: true,
          inner: {
            wrapper: "PassiveEnvChecker",
            warnedObservation: false,
            episodeSteps: 2,
            inner: { t: 2, x0: expect.any(Number) },
          },
        },
      },
    });
    clock = 500;
    const b = stack(() => clock);
    b.setState(JSON.parse(JSON.stringify(state)) as EnvState);
    expect(b.getState()).toEqual(state);
    clock = 502;
    const ra = a.step(0);
    const ea = { ...ra, info: { ...ra.info } };
    const rb = b.step(0);
    expect({ ...rb, info: { ...rb.info } }).toEqual(ea);
    expect(b.step(0).info).toEqual({ t: 4, episode: { r: 6, l: 4, t: 5 } });
  });

  it("checks its own fields before touching the inner env, so a bad state changes nothing", () => {
    const env = stack(() => 0);
    env.reset({ seed: 0 });
    env.step(1);
    const before = env.getState();
    const bad = { ...(before as Record<string, EnvState>), returnQueue: [1, 2, 3] };
    expect(() => env.setState(bad)).toThrow(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        "StatefulChain (RecordEpisodeStatistics): invalid state.returnQueue: expected at most 2 entries (bufferLength), got 3. Restore into a wrapper with the same bufferLength.",
      ),
    );
    expect(env.getState()).toEqual(before);
  });

  it("isStatefulEnv looks through wrappers to the env below", () => {
    expect(isStatefulEnv(new TimeLimit(new StatefulChain(), 3))).toBe(true);
    expect(isStatefulEnv(new TimeLimit(new ChainEnv(), 3))).toBe(false);
    expect(isStatefulEnv(new ChainEnv())).toBe(false);
    expect(() => new OrderEnforcing(new ChainEnv()).getState()).toThrow(
      "ChainEnv: this env cannot save its state (it does not implement getState/setState), so a run on it cannot resume exactly.",
    );
  });
});

describe("RNG_STATE", () => {
  it("accepts the states of both generators: xoroshiro128+ has signed words, numpy's PCG64 unsigned", () => {
    for (const rng of [createRng(123), createNumpyRng(123)]) {
      rng.float();
      const state = JSON.parse(JSON.stringify(rng.getState()));
      expect(RNG_STATE.parse(state)).toEqual(state);
    }
    expect(
      createRng(123)
        .getState()
        .state.some((w) => w < 0),
    ).toBe(true); // why the schema allows them
  });
});
