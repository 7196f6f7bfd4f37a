import { type Env, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import cartpole, { CartPoleEnv } from "../src/index.js";
import { golden, makeOptions } from "./golden.js";

/** Float32 observations widened to double, as the golden file stores them. */
const widen = (obs: Float32Array) => Array.from(obs);

describe("golden constants", () => {
  it("match Gymnasium's attributes", () => {
    const env = new CartPoleEnv();
    const k = golden.cartpole_constants;
    expect(env.gravity).toBe(k.gravity);
    expect(env.masscart).toBe(k.masscart);
    expect(env.masspole).toBe(k.masspole);
    expect(env.totalMass).toBe(k.total_mass);
    expect(env.length).toBe(k.length);
    expect(env.polemassLength).toBe(k.polemass_length);
    expect(env.forceMag).toBe(k.force_mag);
    expect(env.tau).toBe(k.tau);
    expect(env.thetaThresholdRadians).toBe(k.theta_threshold_radians);
    expect(env.xThreshold).toBe(k.x_threshold);
    const high = (k.observation_space_high_f32 as Array<number | string>).map(Number);
    expect(Array.from(env.observationSpace.high)).toEqual(high);
    expect(Array.from(env.observationSpace.low)).toEqual(high.map((v) => -v));
  });
});

describe("golden trajectories (Gymnasium 1.4.0, free-running from reset)", () => {
  const registry = new Registry().use(cartpole);

  it("covers all 46 cases", () => {
    expect(golden.cases).toHaveLength(46);
  });

  it.each(
    golden.cases.map((c, i) => [
      `#${i} ${c.env_id} ${c.kinematics_integrator}${c.sutton_barto_reward ? " sutton-barto" : ""} seed ${c.seed} ${c.policy}${c.reset_options ? ` bounds ${JSON.stringify(c.reset_options)}` : ""}`,
      c,
    ]),
  )("%s", (_name, c) => {
    const env = registry.make<Env>(c.env_id, { ...makeOptions(c), warn: () => {} });
    expect(env.spec?.maxEpisodeSteps).toBe(c.max_episode_steps);
    const options = c.reset_options ?? undefined;
    for (const ep of c.episodes) {
      const { observation } = env.reset(
        ep.reset_seed === null ? { options } : { seed: ep.reset_seed, options },
      );
      expect(widen(observation)).toEqual(ep.reset_obs);
      expect((env.unwrapped as CartPoleEnv).state).toEqual(ep.reset_state);
      let total = 0;
      ep.actions.forEach((action, t) => {
        const want = ep.steps[t]!;
        const got = env.step(action);
        const where = `step ${t}`;
        expect(widen(got.observation), where).toEqual(want.obs);
        expect((env.unwrapped as CartPoleEnv).state, where).toEqual(want.state);
        expect(got.reward, where).toBe(want.reward);
        expect(got.terminated, where).toBe(want.terminated);
        expect(got.truncated, where).toBe(want.truncated);
        total += got.reward;
      });
      expect(ep.actions).toHaveLength(ep.length);
      expect(total).toBe(ep.return);
      const last = ep.steps.at(-1)!;
      if (last.truncated) expect(ep.length).toBe(c.max_episode_steps); // truncation at exactly 200/500
    }
  });

  it("includes truncation at 200 and 500, past-termination steps, and seedless later episodes", () => {
    const lengths = golden.cases.flatMap((c) => c.episodes.map((e) => [c.max_episode_steps, e.length]));
    expect(lengths).toContainEqual([200, 200]);
    expect(lengths).toContainEqual([500, 500]);
    expect(golden.cases.some((c) => c.episodes.some((e) => e.steps.some((s) => s.past_termination)))).toBe(
      true,
    );
    expect(golden.cases.some((c) => c.episodes.some((e) => e.reset_seed === null))).toBe(true);
  });
});

describe("golden reset states for seeds 0..99", () => {
  it("reset({ seed }) gives Gymnasium's float64 state bit for bit", () => {
    expect(golden.reset_states_by_seed).toHaveLength(100);
    const env = new CartPoleEnv();
    for (const { seed, state, obs } of golden.reset_states_by_seed) {
      const { observation } = env.reset({ seed });
      expect(env.state, `seed ${seed}`).toEqual(state);
      expect(widen(observation), `seed ${seed}`).toEqual(obs);
    }
  });
});
