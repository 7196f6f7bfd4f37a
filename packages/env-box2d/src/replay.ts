import {
  createNumpyRng,
  type EnvState,
  GymkitError,
  type NumpyRng,
  parseEnvState,
  RNG_STATE,
  rngStateToJson,
  z,
} from "@gymkit/core";
import { LanderSim } from "./sim.js";

/** What `getState()` returns for one lander, checked by `setState`. */
export const SIM_STATE = z.strictObject({
  env: z.literal("LunarLander"),
  continuous: z.boolean(),
  /** The generator before the last reset's draws, or null when never reset. */
  rngAtReset: RNG_STATE.nullable(),
  /** Every action since that reset (continuous: two numbers per step). */
  actions: z.array(z.number()),
  /** The generator now, or null when never used. */
  rng: RNG_STATE.nullable(),
  /** The float32 observation now (8 numbers), or null when never reset: the replay must reproduce it. */
  observation: z.array(z.number()).length(8).nullable(),
});

/** The replayable state of a lander: generator at reset, actions since, generator and observation now. */
export function simState(sim: LanderSim, env: "LunarLander"): EnvState {
  const observation = sim.ready ? Array.from(Float32Array.from(sim.state)) : null;
  return {
    env,
    continuous: sim.physics.continuous,
    rngAtReset: sim.ready && sim.rngAtReset ? rngStateToJson(sim.rngAtReset) : null,
    actions: sim.ready ? [...sim.actions] : [],
    rng: sim.existingGenerator ? rngStateToJson(sim.existingGenerator.getState()) : null,
    observation,
  };
}

function generatorFrom(saved: z.output<typeof RNG_STATE>, who: string, field: string): NumpyRng {
  const rng = createNumpyRng(0);
  try {
    rng.setState(saved);
  } catch (e) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${who}: invalid state.${field}: ${e instanceof Error ? e.message : String(e)} Pass what getState() returned.`,
      { cause: e },
    );
  }
  return rng;
}

const invalid = (who: string, what: string) =>
  new GymkitError("GYMKIT_INVALID_ARGUMENT", `${who}: invalid state.${what} Pass what getState() returned.`);

/**
 * Rebuilds the saved episode into `sim`: a fresh simulation is reset from the saved generator and
 * replays the actions; only when its observation equals the saved one bit for bit does `sim`
 * take it over, so a bad or foreign state changes nothing.
 */
export function restoreSim(sim: LanderSim, state: EnvState, who: string): void {
  sim.adopt(replaySim(sim, state, who));
}

/**
 * A fresh simulation with `like`'s engine and physics, rebuilt from a saved state (see
 * `restoreSim`); throws, freeing what it built, if the state is malformed or the replay differs.
 */
export function replaySim(like: LanderSim, state: EnvState, who: string): LanderSim {
  const sim = like;
  const s = parseEnvState(SIM_STATE, state, who);
  if (s.continuous !== sim.physics.continuous) {
    throw invalid(
      who,
      `continuous: the state is of a ${s.continuous ? "continuous" : "discrete"} LunarLander, this env is ${sim.physics.continuous ? "continuous" : "discrete"}.`,
    );
  }
  const rng = s.rng === null ? undefined : generatorFrom(s.rng, who, "rng");
  const fresh = new LanderSim(sim.physics, sim.makeWorld);
  if (s.rngAtReset !== null) {
    if (s.observation === null)
      throw invalid(who, "observation: expected 8 numbers after a reset, got null.");
    const width = s.continuous ? 2 : 1;
    if (s.actions.length % width !== 0) {
      throw invalid(
        who,
        `actions: a continuous LunarLander saves 2 numbers per step, got ${s.actions.length}.`,
      );
    }
    if (!s.continuous && !s.actions.every((a) => a === 0 || a === 1 || a === 2 || a === 3)) {
      throw invalid(who, "actions: a discrete LunarLander's actions are 0, 1, 2 or 3.");
    }
    fresh.generator = generatorFrom(s.rngAtReset, who, "rngAtReset");
    try {
      fresh.reset();
      for (let t = 0; t < s.actions.length; t += width) fresh.step(s.actions[t]!, s.actions[t + 1] ?? 0);
      const replayed = Float32Array.from(fresh.state);
      if (!replayed.every((v, k) => Object.is(v, s.observation![k]))) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${who}: replaying the ${s.actions.length / width} actions since the saved reset gave observation [${Array.from(replayed).join(", ")}], not the saved [${s.observation.join(", ")}]. The replay is exact only on the engine that saved it: restore with the same planck version (and JavaScript engine).`,
        );
      }
    } catch (e) {
      fresh.destroy();
      throw e;
    }
  }
  fresh.generator = rng;
  return fresh;
}
