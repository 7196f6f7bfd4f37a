import {
  assertSeed,
  Box,
  createNumpyRng,
  Discrete,
  describeValue,
  type Env,
  type EnvMetadata,
  type EnvSpec,
  type EnvState,
  GymkitError,
  type Info,
  type NumpyRng,
  type RenderFrame,
  type ResetArgs,
  type ResetResult,
  type Space,
  type StatefulEnv,
  type StepResult,
  type WarnFn,
} from "@gymkit/core";
import { OBSERVATION_HIGH, OBSERVATION_LOW } from "./constants.js";
import { type LunarLanderOptions, type LunarLanderRenderMode, parseLunarLanderOptions } from "./options.js";
import { lunarLanderScene, renderRgb, renderSvg } from "./render.js";
import { restoreSim, simState } from "./replay.js";
import { LanderSim } from "./sim.js";

const EMPTY_INFO: Info = Object.freeze({});

/** The action a LunarLander env takes: a number (discrete) or two numbers (continuous). */
export type LunarLanderAction = number | Float32Array;

/** The RangeError for an invalid action; shared with `LunarLanderVector`. */
export function invalidActionError(action: unknown, continuous: boolean, where = "LunarLander"): RangeError {
  const space = continuous
    ? "Box(-1.0, 1.0, (2,), float32): two numbers [main engine, side engines], clipped to [-1, 1]"
    : "Discrete(4): 0 (do nothing), 1 (fire left engine), 2 (fire main engine) or 3 (fire right engine)";
  return new RangeError(
    `${where}: invalid action ${describeValue(action)} (${typeof action}); the action space is ${space}.`,
  );
}

/** The observation space of every LunarLander (Gymnasium 1.3's bounds). */
export const lunarLanderObservationSpace = (): Box =>
  new Box(OBSERVATION_LOW, OBSERVATION_HIGH, [8], "float32");

/**
 * ## Description
 * A rocket trajectory optimisation problem: land the lander on the pad between the two flags,
 * gently. This is Gymnasium 1.3's `box2d/lunar_lander.py`, step for step, on planck (Box2D
 * 2.3's algorithms, as in Gymnasium's pybox2d, in JavaScript): every random draw (terrain,
 * initial push, engine dispersion) comes from numpy's generator seeded as Gymnasium seeds it, and
 * the env's arithmetic
 * is Gymnasium's in doubles. planck computes in doubles where pybox2d computes in float32, so
 * trajectories agree to ~1e-6 at reset and ~1e-4 before the first contact, and 997 of 1000
 * random episodes end at Gymnasium's step, the same way (see the package README).
 *
 * ## Action Space
 * Discrete (`continuous: false`, default): `Discrete(4)`: 0 do nothing, 1 fire the left
 * orientation engine, 2 fire the main engine, 3 fire the right orientation engine.
 * Continuous: `Box(-1, 1, (2,), float32)`: `a[0]` throttles the main engine (off below 0, 50% to
 * 100% power from 0 to 1), `a[1]` the side engines (off in [-0.5, 0.5], left below, right above,
 * 50% to 100%). Values outside [-1, 1] are clipped, as Gymnasium does.
 *
 * ## Observation Space
 * `Box(8,)` of float32: x and y of the lander relative to the pad, its linear velocities, its
 * angle, its angular velocity, and two booleans, each leg's ground contact. Bounds are
 * Gymnasium's: ±2.5, ±2.5, ±10, ±10, ±2π, ±10, [0, 1], [0, 1]. The array is reused: copy it to keep
 * it (or make the env with `copyObservations: true`).
 *
 * ## Rewards
 * Shaping: closer to the pad, slower and more level is better (-100·distance -100·speed
 * -100·|angle|), +10 per leg on the ground; each step's reward is the change in shaping, minus
 * 0.3 per frame of main engine and 0.03 per frame of side engine. A crash or leaving the screen
 * gives -100, coming to rest +100 (replacing that step's reward). An episode of 200 or more counts
 * as solved.
 *
 * ## Starting State
 * The lander starts at the top centre with a random push on its centre of mass; the terrain is
 * random. `reset({ seed })` gives Gymnasium's terrain and push for that seed, exactly.
 *
 * ## Episode End
 * 1. Termination: the lander's body touches the ground (crash).
 * 2. Termination: |x| >= 1 (out of the viewport).
 * 3. Termination: the lander is not awake (Box2D put it to sleep: at rest).
 * 4. Truncation (added by `make`'s TimeLimit): 1000 steps.
 *
 * ## Arguments
 * `make("LunarLander-v3", { continuous, gravity, enableWind, windPower, turbulencePower,
 * renderMode, copyObservations, warn })`; see `LunarLanderOptions`.
 *
 * ## Saving the state
 * A Box2D world has no portable serialisation, so `getState()` records the generator's state
 * before the last reset and the actions since; `setState()` replays them. That is exact on one
 * engine (the same planck version and JavaScript engine): `setState` checks the replay reproduces the saved
 * observation and throws otherwise.
 *
 * ## Version History
 * - v3 (Gymnasium 1.0): the reset's terrain and push as in Gymnasium's v3, the determinism fix.
 */
export class LunarLanderEnv<A extends LunarLanderAction = LunarLanderAction>
  implements Env<Float32Array, A>, StatefulEnv
{
  /** Render modes and frame rate (Gymnasium renders at 50 fps). */
  static readonly metadata: EnvMetadata = Object.freeze({ renderModes: ["rgb_array", "svg"], renderFps: 50 });
  readonly metadata: EnvMetadata = LunarLanderEnv.metadata;
  /**
   * `Discrete(4)`, or `Box(-1, 1, (2,), float32)` when continuous. Typed by `A`: name it
   * (`LunarLanderEnv<number>`, `LunarLanderEnv<Float32Array>`) to get the variant's types.
   */
  readonly actionSpace: Space<A>;
  readonly observationSpace = lunarLanderObservationSpace();
  readonly renderMode: LunarLanderRenderMode | undefined;
  readonly continuous: boolean;
  readonly gravity: number;
  readonly enableWind: boolean;
  readonly windPower: number;
  readonly turbulencePower: number;
  spec: EnvSpec | undefined = undefined;

  private readonly sim: LanderSim;
  private readonly copy: boolean;
  private readonly warn: WarnFn;
  private readonly obs = new Float32Array(8);
  private readonly result: StepResult<Float32Array>;

  constructor(options: Partial<LunarLanderOptions> = {}) {
    const o = parseLunarLanderOptions(options);
    this.continuous = o.continuous;
    this.gravity = o.gravity;
    this.enableWind = o.enableWind;
    this.windPower = o.windPower;
    this.turbulencePower = o.turbulencePower;
    this.renderMode = o.renderMode;
    this.copy = o.copyObservations;
    this.warn = o.warn;
    // The options decide the variant at run time; `A` states it for the type checker.
    this.actionSpace = (o.continuous
      ? new Box(-1, 1, [2], "float32")
      : new Discrete(4)) as unknown as Space<A>;
    this.sim = new LanderSim(o);
    this.result = { observation: this.obs, reward: 0, terminated: false, truncated: false, info: EMPTY_INFO };
  }

  get unwrapped(): this {
    return this;
  }

  /** The env's numpy-compatible generator (Gymnasium's `np_random`). */
  get npRandom(): NumpyRng {
    return this.sim.generator;
  }

  /** The simulation: the Box2D world, terrain, lander state (for rendering, tests and tools). */
  get simulation(): LanderSim {
    return this.sim;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    if (typeof args !== "object" || args === null) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `LunarLander.reset: expected { seed? }, got ${describeValue(args)}.`,
      );
    }
    if (args.options !== undefined && args.options !== null && Object.keys(args.options).length > 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `LunarLander.reset: LunarLander takes no reset options, got ${describeValue(args.options)}.`,
      );
    }
    const seed: unknown = args.seed;
    if (seed !== undefined && seed !== null) {
      assertSeed(seed);
      this.sim.generator = createNumpyRng(seed);
    }
    this.sim.reset();
    this.sim.writeObservation(this.obs);
    return { observation: this.copy ? this.obs.slice() : this.obs, info: EMPTY_INFO };
  }

  step(action: A): StepResult<Float32Array> {
    const sim = this.sim;
    let reward: number;
    if (this.continuous) {
      const a = action as ArrayLike<number>;
      if (
        typeof a !== "object" ||
        a === null ||
        a.length !== 2 ||
        typeof a[0] !== "number" ||
        typeof a[1] !== "number"
      ) {
        throw invalidActionError(action, true);
      }
      this.assertReady();
      reward = sim.step(a[0], a[1]);
    } else {
      if (action !== 0 && action !== 1 && action !== 2 && action !== 3)
        throw invalidActionError(action, false);
      this.assertReady();
      reward = sim.step(action, 0);
    }
    sim.writeObservation(this.obs);
    if (this.copy) {
      return {
        observation: this.obs.slice(),
        reward,
        terminated: sim.terminated,
        truncated: false,
        info: EMPTY_INFO,
      };
    }
    const r = this.result;
    r.reward = reward;
    r.terminated = sim.terminated;
    r.truncated = false; // TimeLimit sets it in place on this reused object
    return r;
  }

  /**
   * `{ env: "LunarLander", continuous, rngAtReset, actions, rng, observation }`: enough to rebuild
   * the episode by replaying it (see `setState`).
   */
  getState(): EnvState {
    return simState(this.sim, "LunarLander");
  }

  /**
   * Rebuilds the episode `getState` saved: resets from the saved generator state and replays the
   * actions, then checks the observation is the saved one, bit for bit (it differs only on another
   * build of the engine). Checks the state first, so a bad state changes nothing.
   */
  setState(state: EnvState): void {
    restoreSim(this.sim, state, this.spec?.id ?? "LunarLander");
    if (this.sim.ready) this.sim.writeObservation(this.obs);
  }

  render(): RenderFrame {
    if (this.renderMode === undefined) {
      this.warn(
        'LunarLander: render() called without a render mode; make the env with { renderMode: "rgb_array" } (or "svg").',
      );
      return undefined;
    }
    if (!this.sim.ready) return undefined;
    const scene = lunarLanderScene(this.sim);
    return this.renderMode === "rgb_array" ? renderRgb(scene) : renderSvg(scene);
  }

  /** Frees the Box2D world. The env can be reset again afterwards. */
  close(): void {
    this.sim.destroy();
  }

  toString(): string {
    return this.spec ? `LunarLanderEnv<${this.spec.id}>` : "LunarLanderEnv";
  }

  private assertReady(): void {
    if (!this.sim.ready) {
      throw new GymkitError(
        "GYMKIT_RESET_NEEDED",
        "LunarLander: step() called before reset(). Call env.reset({ seed }) once first.",
      );
    }
  }
}
