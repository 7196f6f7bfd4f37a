import { type Env, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import classic, { type ClassicControlEnv } from "../src/index.js";
import { TRIG_KINDS, type TrigKind } from "../src/math.js";
import {
  actionOf,
  ENV_IDS,
  type GoldenEpisode,
  golden,
  seedOf,
  ulps,
  ulps32,
  wholeEpisodes,
} from "./golden.js";

/**
 * Gymnasium 1.3.0 / NumPy 2.4.6 / glibc 2.36, against this port (issue 22's checks):
 * - resets bit-identical for every seed, bigint seeds beyond 2^53 included;
 * - one step from every recorded state: state within 4 ULP (or 1e-15), observation within 1
 *   float32 ULP, reward within 1 ULP, flags identical; the bit-identical share is reported;
 * - whole episodes from reset: flags identical and returns within 1e-9 (Acrobot: reported only).
 * Gymnasium's sin/cos/pow are glibc's; ours are V8's or correctly rounded (the `trig` option,
 * src/math.ts), hence "within", not "equal"; the correctly rounded ones must agree far more often.
 */
const registry = new Registry().use(classic);
const make = (id: string, trig: TrigKind = "v8") => registry.make<Env<Float32Array, unknown>>(id, { trig });
const inner = (env: Env<Float32Array, unknown>) => env.unwrapped as unknown as ClassicControlEnv<unknown>;

/** The state before step t, with NumPy's dtype, as `env.unwrapped.state` takes it. */
function stateBefore(
  ep: GoldenEpisode & { steps: { state: number[] }[] },
  t: number,
): number[] | Float32Array {
  const dtypes = ep.step_state_dtypes ?? [];
  const dtype = t === 0 ? ep.reset_state_dtype : dtypes[dtypes.length === 1 ? 0 : t - 1];
  const state = t === 0 ? ep.reset_state : ep.steps[t - 1]!.state;
  return dtype === "float32" ? Float32Array.from(state) : state;
}

describe("golden constants and specs", () => {
  it.each(ENV_IDS)("%s: TimeLimit, action space and constants as recorded", (id) => {
    const g = golden.envs[id]!;
    const env = make(id);
    expect(env.spec?.maxEpisodeSteps).toBe(g.max_episode_steps);
    expect(env.actionSpace.toJSON()).toMatchObject(
      id === "Acrobot-v1" || id === "MountainCar-v0"
        ? { type: "Discrete", n: 3 }
        : { type: "Box", shape: [1] },
    );
    const u = env.unwrapped as unknown as Record<string, unknown>;
    if (id === "Acrobot-v1") {
      expect([u.dt, u.MAX_VEL_1, u.MAX_VEL_2, u.AVAIL_TORQUE]).toEqual([
        g.constants.dt,
        g.constants.MAX_VEL_1,
        g.constants.MAX_VEL_2,
        g.constants.AVAIL_TORQUE,
      ]);
    }
    if (id === "Pendulum-v1") expect([u.g, u.dt, u.maxSpeed]).toEqual([g.constants.g, g.constants.dt, 8]);
  });
});

describe.each(TRIG_KINDS)("golden resets (bit for bit), trig %s", (trig) => {
  it.each(ENV_IDS)("%s: every recorded seed, and seeds from 2^32 to 10^30 (bigint)", (id) => {
    const cases = [...golden.envs[id]!.episodes, ...golden.big_seed_resets.filter((r) => r.env_id === id)];
    expect(cases.some((c) => typeof c.seed === "string")).toBe(true); // seeds beyond 2^53 - 1 are there
    for (const c of cases) {
      const env = make(id, trig);
      const { observation } = env.reset({ seed: seedOf(c.seed) });
      const where = `seed ${c.seed}`;
      expect(Array.from(observation), where).toEqual(c.reset_obs);
      expect(inner(env).state, where).toEqual(c.reset_state);
      expect(inner(env).stateDtype, where).toBe(c.reset_state_dtype);
    }
  });
});

/**
 * The least bit-identical share of one-step results allowed. V8's: the issue's 90%. Correctly
 * rounded: measured 99.69% / 99.96% / 100% / 99.85% over the whole shared golden file (glibc's
 * own sin/cos/pow miss correct rounding for ~0.1% of arguments), kept with room for other seeds.
 */
const MIN_IDENTICAL: Record<TrigKind, Record<string, number>> = {
  v8: { "Acrobot-v1": 0.9, "MountainCar-v0": 0.9, "MountainCarContinuous-v0": 0.9, "Pendulum-v1": 0.9 },
  "correctly-rounded": {
    "Acrobot-v1": 0.99,
    "MountainCar-v0": 0.995,
    "MountainCarContinuous-v0": 0.999,
    "Pendulum-v1": 0.995,
  },
};

describe.each(TRIG_KINDS)("golden single steps from every recorded state, trig %s", (trig) => {
  const identical: Record<string, string> = {};

  it.each(ENV_IDS)(
    "%s: state within 4 ULP or 1e-15, obs within 1 float32 ULP, reward within 1 ULP, same flags",
    (id) => {
      let steps = 0;
      let same = 0;
      for (const ep of wholeEpisodes(id)) {
        const env = make(id, trig);
        const u = inner(env);
        env.reset({ seed: seedOf(ep.seed) });
        ep.steps.forEach((want, t) => {
          u.state = stateBefore(ep, t);
          const got = u.step(actionOf(id, ep.actions[t]!));
          const where = `${ep.policy} seed ${ep.seed} step ${t}`;
          const state = u.state!;
          let exact = true;
          state.forEach((v, k) => {
            const d = ulps(v, want.state[k]!);
            exact &&= d === 0;
            if (d > 4)
              expect(
                Math.abs(v - want.state[k]!),
                `${where} state[${k}] ${v} vs ${want.state[k]}`,
              ).toBeLessThanOrEqual(1e-15);
          });
          Array.from(got.observation).forEach((v, k) => {
            const d = ulps32(v, want.obs[k]!);
            exact &&= d === 0;
            expect(d, `${where} obs[${k}] ${v} vs ${want.obs[k]}`).toBeLessThanOrEqual(1);
          });
          const dr = ulps(got.reward, want.reward);
          exact &&= dr === 0;
          // Pendulum's reward needs glibc's pow/powf, which V8 does not have (src/math.ts).
          if (id !== "Pendulum-v1")
            expect(dr, `${where} reward ${got.reward} vs ${want.reward}`).toBeLessThanOrEqual(1);
          expect(got.terminated, where).toBe(want.terminated);
          steps++;
          if (exact) same++;
        });
      }
      identical[id] = `${same}/${steps} (${((100 * same) / steps).toFixed(1)}%)`;
      console.log(
        `${id} (${trig}): one step from the recorded state is bit-identical in ${identical[id]} steps`,
      );
      expect(same / steps).toBeGreaterThanOrEqual(MIN_IDENTICAL[trig][id]!);
    },
  );

  it("Pendulum's reward: within 1e-9 relative at every step (1 ULP needs glibc's powf)", () => {
    let within1 = 0;
    let steps = 0;
    for (const ep of wholeEpisodes("Pendulum-v1")) {
      const env = make("Pendulum-v1", trig);
      env.reset({ seed: seedOf(ep.seed) });
      ep.steps.forEach((want, t) => {
        inner(env).state = stateBefore(ep, t);
        const got = inner(env).step(actionOf("Pendulum-v1", ep.actions[t]!));
        expect(Math.abs(got.reward - want.reward)).toBeLessThanOrEqual(1e-9 * Math.abs(want.reward));
        steps++;
        if (ulps(got.reward, want.reward) <= 1) within1++;
      });
    }
    console.log(`Pendulum-v1 (${trig}): reward within 1 ULP in ${within1}/${steps} steps`);
  });
});

describe.each(TRIG_KINDS)(
  "golden whole episodes (free-running from reset with the recorded actions), trig %s",
  (trig) => {
    it.each(["MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"])(
      "%s: the same flags at every step, the return within 1e-9 relative",
      (id) => {
        const episodes = wholeEpisodes(id);
        if (id !== "Pendulum-v1") expect(episodes.some((e) => e.steps.at(-1)!.terminated)).toBe(true);
        for (const ep of episodes) {
          const env = make(id, trig);
          env.reset({ seed: seedOf(ep.seed) });
          let total = 0;
          ep.steps.forEach((want, t) => {
            const got = env.step(actionOf(id, ep.actions[t]!));
            const where = `${ep.policy} seed ${ep.seed} step ${t}`;
            expect(got.terminated, where).toBe(want.terminated);
            expect(got.truncated, where).toBe(want.truncated);
            total += got.reward;
          });
          expect(Math.abs(total - ep.return!), `${ep.policy} seed ${ep.seed}`).toBeLessThanOrEqual(
            1e-9 * Math.abs(ep.return!),
          );
        }
      },
    );

    it("Acrobot-v1: reported (chaotic; not required): steps until the first differing observation or flag", () => {
      const report: string[] = [];
      for (const ep of wholeEpisodes("Acrobot-v1")) {
        const env = make("Acrobot-v1", trig);
        env.reset({ seed: seedOf(ep.seed) });
        let first = -1;
        let firstState = -1;
        let maxState = 0;
        ep.steps.forEach((want, t) => {
          const got = env.step(ep.actions[t]!);
          const obsSame = Array.from(got.observation).every((v, k) => v === want.obs[k]);
          if (
            first < 0 &&
            (!obsSame || got.terminated !== want.terminated || got.truncated !== want.truncated)
          )
            first = t;
          inner(env).state!.forEach((v, k) => {
            maxState = Math.max(maxState, Math.abs(v - want.state[k]!));
            if (firstState < 0 && v !== want.state[k]) firstState = t;
          });
        });
        report.push(
          `${ep.policy} ${ep.seed}: float64 state ${firstState < 0 ? `identical for all ${ep.length}` : `first differs at step ${firstState}`}, float32 obs and flags ${first < 0 ? "identical throughout" : `first differ at ${first}`} (max state difference ${maxState.toExponential(1)})`,
        );
      }
      console.log(`Acrobot-v1 (${trig}) whole episodes:\n  ${report.join("\n  ")}`);
      expect(report).toHaveLength(wholeEpisodes("Acrobot-v1").length);
    });
  },
);
