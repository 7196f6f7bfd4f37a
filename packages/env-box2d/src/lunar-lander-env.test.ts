import { createNumpyRng, GymkitError } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { LcgPolicy } from "./lcg.js";
import { LunarLanderEnv } from "./lunar-lander-env.js";

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
  return "no error";
};

/** Observations and rewards of `steps` LCG steps (resetting unseeded after an episode ends). */
function rollout(env: LunarLanderEnv, seed: number, steps: number): number[] {
  const policy = new LcgPolicy(seed);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.continuous ? policy.continuous() : policy.discrete());
    out.push(...r.observation, r.reward, r.terminated ? 1 : 0);
    if (r.terminated) out.push(...env.reset().observation);
  }
  return out;
}

describe("LunarLanderEnv", () => {
  it("refuses actions outside its space, naming the action and the space", () => {
    const env = new LunarLanderEnv();
    env.reset({ seed: 0 });
    expect(message(() => env.step(4))).toBe(
      "RangeError: LunarLander: invalid action 4 (number); the action space is Discrete(4): 0 (do nothing), 1 (fire left engine), 2 (fire main engine) or 3 (fire right engine).",
    );
    for (const bad of [-1, 0.5, Number.NaN, "1"]) expect(() => env.step(bad as number)).toThrow(RangeError);
    const continuous = new LunarLanderEnv({ continuous: true });
    continuous.reset({ seed: 0 });
    expect(message(() => continuous.step(Float32Array.of(1)))).toBe(
      "RangeError: LunarLander: invalid action Float32Array[1] (object); the action space is Box(-1.0, 1.0, (2,), float32): two numbers [main engine, side engines], clipped to [-1, 1].",
    );
    expect(() => continuous.step(2 as never)).toThrow(RangeError);
  });

  it("says to reset first, and refuses reset options and bad seeds", () => {
    const env = new LunarLanderEnv();
    expect(message(() => env.step(0))).toBe(
      "GymkitError: LunarLander: step() called before reset(). Call env.reset({ seed }) once first.",
    );
    expect(message(() => env.reset({ options: { low: 0 } }))).toBe(
      'GymkitError: LunarLander.reset: LunarLander takes no reset options, got {"low":0}.',
    );
    expect(() => env.reset({ seed: -1 })).toThrow(GymkitError);
  });

  it("validates options as Gymnasium does: gravity in (-12, 0); warns for wind and turbulence out of range", () => {
    expect(message(() => new LunarLanderEnv({ gravity: -12 }))).toMatch(
      /^GymkitError: Invalid config at LunarLander\.gravity/,
    );
    expect(message(() => new LunarLanderEnv({ gravty: -5 } as never))).toMatch(/Did you mean "gravity"\?/);
    const warnings: string[] = [];
    new LunarLanderEnv({ windPower: 25, turbulencePower: -1, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      "LunarLander: windPower should be within [0, 20] (current value: 25).",
      "LunarLander: turbulencePower should be within [0, 2] (current value: -1).",
    ]);
  });

  it("is deterministic: the same seed gives the same episodes, unseeded resets continue the generator", () => {
    const a = new LunarLanderEnv();
    const b = new LunarLanderEnv();
    a.reset({ seed: 11 });
    b.reset({ seed: 11 });
    expect(rollout(a, 11, 400)).toEqual(rollout(b, 11, 400));
    const c = new LunarLanderEnv();
    const d = new LunarLanderEnv();
    c.reset({ seed: 12 });
    d.reset({ seed: 13 });
    expect(rollout(c, 11, 50)).not.toEqual(rollout(d, 11, 50));
  });

  it("draws 16 numbers per reset without wind, 18 with (two integers(-9999, 9999) after the push)", () => {
    for (const enableWind of [false, true]) {
      const env = new LunarLanderEnv({ enableWind });
      env.reset({ seed: 5 });
      const reference = createNumpyRng(5);
      for (let i = 0; i < 14; i++) reference.uniform(0, 1);
      if (enableWind) {
        expect(env.simulation.windIdx).toBe(reference.integers(-9999, 9999) + 1); // one wind step in reset
        reference.integers(-9999, 9999);
      }
      reference.uniform(0, 1);
      reference.uniform(0, 1);
      expect(env.npRandom.getState()).toEqual(reference.getState());
    }
  });

  it("wind and turbulence push the lander while no leg touches the ground", () => {
    const calm = new LunarLanderEnv();
    const windy = new LunarLanderEnv({ enableWind: true, windPower: 20, turbulencePower: 2 });
    const c = calm.reset({ seed: 1 }).observation.slice();
    const w = windy.reset({ seed: 1 }).observation.slice();
    // Same terrain and push (the wind draws come after them); the first step already differs.
    expect(Array.from(windy.simulation.terrain!.heightsRaw)).toEqual(
      Array.from(calm.simulation.terrain!.heightsRaw),
    );
    expect(w).not.toEqual(c);
  });

  it("clips continuous actions to [-1, 1] like Gymnasium: [5, -7] acts as [1, -1]", () => {
    const a = new LunarLanderEnv({ continuous: true });
    const b = new LunarLanderEnv({ continuous: true });
    a.reset({ seed: 2 });
    b.reset({ seed: 2 });
    for (let t = 0; t < 20; t++) {
      expect(Array.from(a.step(Float32Array.of(5, -7)).observation)).toEqual(
        Array.from(b.step(Float32Array.of(1, -1)).observation),
      );
    }
  });

  it("reuses one observation array unless copyObservations is set", () => {
    const reused = new LunarLanderEnv();
    const first = reused.reset({ seed: 0 }).observation;
    expect(reused.step(0).observation).toBe(first);
    const copying = new LunarLanderEnv({ copyObservations: true });
    const o1 = copying.reset({ seed: 0 }).observation;
    const o2 = copying.step(0).observation;
    expect(o2).not.toBe(o1);
    const plain = new LunarLanderEnv();
    plain.reset({ seed: 0 });
    expect(Array.from(o2)).toEqual(Array.from(plain.step(0).observation));
  });
});

describe("LunarLanderEnv state (replay of the actions since reset)", () => {
  it("continues exactly after a JSON round trip of getState, resets included", () => {
    for (const continuous of [false, true]) {
      const a = new LunarLanderEnv({ continuous });
      a.reset({ seed: 21 });
      rollout(a, 3, 60);
      const saved = JSON.parse(JSON.stringify(a.getState()));
      const b = new LunarLanderEnv({ continuous });
      b.setState(saved);
      expect(rollout(b, 4, 300)).toEqual(rollout(a, 4, 300));
    }
  });

  it("restores a never-reset env, and an env that was reset but not stepped", () => {
    const fresh = new LunarLanderEnv();
    const b = new LunarLanderEnv();
    b.setState(JSON.parse(JSON.stringify(fresh.getState())));
    expect(message(() => b.step(0))).toMatch(/step\(\) called before reset\(\)/);
    const a = new LunarLanderEnv();
    a.reset({ seed: 9 });
    b.setState(a.getState());
    expect(rollout(b, 1, 50)).toEqual(rollout(a, 1, 50));
  });

  it("refuses a state whose replay does not give the saved observation, and changes nothing", () => {
    const a = new LunarLanderEnv();
    a.reset({ seed: 8 });
    rollout(a, 8, 30);
    const state = a.getState() as { observation: number[] };
    const tampered = { ...state, observation: state.observation.map((v, i) => (i === 0 ? v + 1e-6 : v)) };
    const b = new LunarLanderEnv();
    b.reset({ seed: 100 });
    const before = Array.from(b.step(0).observation);
    const bState = JSON.stringify(b.getState());
    expect(message(() => b.setState(tampered))).toMatch(
      /^GymkitError: LunarLander: replaying the 30 actions since the saved reset gave observation \[-0\.159929\d*, .*\], not the saved \[-0\.159928\d*, .*\]\. The replay is exact only on the engine that saved it: restore with the same planck version \(and JavaScript engine\)\.$/,
    );
    expect(JSON.stringify(b.getState())).toBe(bState);
    expect(before).toHaveLength(8);
  });

  it("names what is wrong in a malformed state", () => {
    const env = new LunarLanderEnv();
    const state = new LunarLanderEnv({ continuous: true }).getState();
    expect(message(() => env.setState(state))).toBe(
      "GymkitError: LunarLander: invalid state.continuous: the state is of a continuous LunarLander, this env is discrete. Pass what getState() returned.",
    );
    expect(message(() => env.setState({ env: "CartPole" }))).toMatch(
      /^GymkitError: LunarLander: invalid state\.env/,
    );
  });
});
