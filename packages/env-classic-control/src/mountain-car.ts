import { Box, Discrete, type EnvMetadata, type NumpyRng } from "@gymkit/core";
import { ClassicControlEnv, continuousAction, invalidDiscreteAction } from "./classic-env.js";
import type { Scene } from "./draw.js";
import {
  MOUNTAIN_CAR_CONTINUOUS_OPTIONS,
  MOUNTAIN_CAR_OPTIONS,
  type MountainCarOptions,
  parseEnvOptions,
  parseResetOptions,
} from "./options.js";
import {
  MOUNTAIN_CAR_MAX_POSITION,
  MOUNTAIN_CAR_MAX_SPEED,
  MOUNTAIN_CAR_MIN_POSITION,
  mountainCarContinuousReward,
  mountainCarContinuousStep,
  mountainCarStep,
} from "./physics.js";
import { mountainCarScene } from "./scenes.js";

const LOW = [MOUNTAIN_CAR_MIN_POSITION, -MOUNTAIN_CAR_MAX_SPEED];
const HIGH = [MOUNTAIN_CAR_MAX_POSITION, MOUNTAIN_CAR_MAX_SPEED];
const METADATA: EnvMetadata = Object.freeze({ renderModes: ["ansi", "rgb_array", "svg"], renderFps: 30 });

/** reset: `[uniform(low, high), 0]`, float64; the default bounds are [-0.6, -0.4]. */
function resetCar(
  s: Float64Array,
  rng: NumpyRng,
  options: Readonly<Record<string, unknown>> | undefined,
  who: string,
): void {
  const { low, high } = parseResetOptions(options, { low: -0.6, high: -0.4 }, `${who}.reset`);
  s[0] = rng.uniform(low, high);
  s[1] = 0;
}

/**
 * ## Description
 * A car at the bottom of a sinusoidal valley must reach the flag on the right hill; its engine is
 * too weak to climb directly, so it has to swing back and forth (Moore 1990). This is Gymnasium
 * 1.3's `classic_control/mountain_car.py`, float64 state, float32 observation.
 *
 * ## Action Space
 * `Discrete(3)`: 0 accelerates left, 1 does nothing, 2 accelerates right.
 *
 * ## Observation Space
 * `Box(2,)` of float32: position in [-1.2, 0.6], velocity in [-0.07, 0.07].
 *
 * ## Rewards
 * -1 per step. Reward threshold -110.
 *
 * ## Starting State
 * Position uniform in [-0.6, -0.4], velocity 0; reset options `{ low, high }` change the bounds.
 *
 * ## Episode End
 * 1. Termination: position >= 0.5 and velocity >= `goalVelocity`.
 * 2. Truncation (added by `make`'s TimeLimit): 200 steps.
 *
 * ## Arguments
 * `make("MountainCar-v0", { goalVelocity, trig, renderMode, copyObservations, warn })`.
 *
 * ## Version History
 * - v0: Gymnasium's only version.
 */
export class MountainCarEnv extends ClassicControlEnv<number> {
  static readonly metadata: EnvMetadata = METADATA;
  readonly metadata = METADATA;
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box(LOW, HIGH, [2], "float32");
  readonly goalVelocity: number;

  constructor(options: Partial<MountainCarOptions> = {}) {
    const o = parseEnvOptions(MOUNTAIN_CAR_OPTIONS, options, "MountainCar");
    super("MountainCar", ["position", "velocity"], 2, o);
    this.goalVelocity = o.goalVelocity;
  }

  protected resetState(rng: NumpyRng, options: Readonly<Record<string, unknown>> | undefined): void {
    resetCar(this.s, rng, options, "MountainCar");
  }

  protected advance(action: number): number {
    if (action !== 0 && action !== 1 && action !== 2) {
      throw invalidDiscreteAction(action, "MountainCar", "0 (accelerate left), 1 (none) or 2 (right)");
    }
    this.terminated = mountainCarStep(this.s, 0, action, this.goalVelocity, this.cr);
    return -1.0;
  }

  protected observe(obs: Float32Array): void {
    obs[0] = this.s[0]!;
    obs[1] = this.s[1]!;
  }

  protected scene(): Scene {
    return mountainCarScene(this.s[0]!, false);
  }
}

/**
 * ## Description
 * MountainCar with a continuous force (Gymnasium 1.3's `continuous_mountain_car.py`). Its state is
 * float64 after reset and float32 after every step, as Gymnasium's (`stateDtype`).
 *
 * ## Action Space
 * `Box(-1, 1, (1,), float32)`: the force, clipped to [-1, 1] and multiplied by 0.0015.
 *
 * ## Observation Space
 * `Box(2,)` of float32: position in [-1.2, 0.6], velocity in [-0.07, 0.07].
 *
 * ## Rewards
 * `-0.1 * a²` per step with the unclipped action, plus 100 on reaching the goal. Reward threshold 90.
 *
 * ## Starting State
 * Position uniform in [-0.6, -0.4], velocity 0; reset options `{ low, high }` change the bounds.
 *
 * ## Episode End
 * 1. Termination: position >= 0.45 and velocity >= `goalVelocity`.
 * 2. Truncation (added by `make`'s TimeLimit): 999 steps.
 *
 * ## Arguments
 * `make("MountainCarContinuous-v0", { goalVelocity, trig, renderMode, copyObservations, warn })`.
 *
 * ## Version History
 * - v0: Gymnasium's only version.
 */
export class MountainCarContinuousEnv extends ClassicControlEnv<Float32Array> {
  static readonly metadata: EnvMetadata = METADATA;
  readonly metadata = METADATA;
  readonly actionSpace = new Box(-1.0, 1.0, [1], "float32");
  readonly observationSpace = new Box(LOW, HIGH, [2], "float32");
  readonly goalVelocity: number;

  constructor(options: Partial<MountainCarOptions> = {}) {
    const o = parseEnvOptions(MOUNTAIN_CAR_CONTINUOUS_OPTIONS, options, "MountainCarContinuous");
    super("MountainCarContinuous", ["position", "velocity"], 2, o);
    this.goalVelocity = o.goalVelocity;
  }

  protected resetState(rng: NumpyRng, options: Readonly<Record<string, unknown>> | undefined): void {
    resetCar(this.s, rng, options, "MountainCarContinuous");
    this.dtype = "float64";
  }

  protected advance(action: Float32Array): number {
    const a = continuousAction(action, "MountainCarContinuous", "Box(-1.0, 1.0, (1,), float32)");
    this.terminated = mountainCarContinuousStep(
      this.s,
      0,
      a,
      this.goalVelocity,
      this.dtype === "float32",
      this.cr,
    );
    this.dtype = "float32";
    return mountainCarContinuousReward(a, this.terminated);
  }

  protected observe(obs: Float32Array): void {
    obs[0] = this.s[0]!;
    obs[1] = this.s[1]!;
  }

  protected scene(): Scene {
    return mountainCarScene(this.s[0]!, true);
  }
}
