import { Box, Discrete, type EnvMetadata, type NumpyRng } from "@gymkit/core";
import { ClassicControlEnv, invalidDiscreteAction } from "./classic-env.js";
import type { Scene } from "./draw.js";
import { cos, cosF32, sin, sinF32 } from "./math.js";
import { ACROBOT_OPTIONS, type AcrobotOptions, parseEnvOptions, parseResetOptions } from "./options.js";
import { ACROBOT_MAX_VEL_1, ACROBOT_MAX_VEL_2, ACROBOT_TORQUES, acrobotStep } from "./physics.js";
import { acrobotScene } from "./scenes.js";

/** Acrobot's observation bounds (float32): cos/sin in [-1, 1], velocities ±4π and ±9π. */
export const ACROBOT_OBSERVATION_HIGH: Float32Array = Float32Array.of(
  1,
  1,
  1,
  1,
  ACROBOT_MAX_VEL_1,
  ACROBOT_MAX_VEL_2,
);

/**
 * ## Description
 * Two links hang from a fixed pivot; the joint between them is actuated. Swing the free end above
 * the bar at height 1 (one link length above the pivot) in as few steps as possible (Sutton 1996;
 * Sutton & Barto). This is Gymnasium 1.3's `classic_control/acrobot.py`: one RK4 step of 0.2 s per
 * action, float64 state, float32 observation, numpy's generator for the initial state.
 *
 * ## Action Space
 * `Discrete(3)`: torque -1, 0 or +1 on the middle joint. Anything else throws a `RangeError`.
 *
 * ## Observation Space
 * `Box(6,)` of float32:
 *
 * | Num | Observation       | Min              | Max            |
 * |-----|-------------------|------------------|----------------|
 * | 0   | cos(theta1)       | -1               | 1              |
 * | 1   | sin(theta1)       | -1               | 1              |
 * | 2   | cos(theta2)       | -1               | 1              |
 * | 3   | sin(theta2)       | -1               | 1              |
 * | 4   | angular velocity 1 | ~ -12.567 (-4π) | ~ 12.567 (4π)  |
 * | 5   | angular velocity 2 | ~ -28.274 (-9π) | ~ 28.274 (9π)  |
 *
 * theta1 is the first link's angle from straight down, theta2 the second link's angle relative
 * to the first. The observation array is reused (see `copyObservations`).
 *
 * ## Rewards
 * -1 per step, 0 on the step that reaches the target. Reward threshold -100.
 *
 * ## Starting State
 * All four state variables uniform in [-0.1, 0.1] (rounded to float32, as Gymnasium's `astype`);
 * `reset({ options: { low, high } })` changes the bounds.
 *
 * ## Episode End
 * 1. Termination: `-cos(theta1) - cos(theta2 + theta1) > 1.0`.
 * 2. Truncation (added by `make`'s TimeLimit): 500 steps.
 *
 * ## Arguments
 * `make("Acrobot-v1", { bookOrNips, trig, renderMode, copyObservations, warn })`; reset options `{ low, high }`.
 * `trig: "correctly-rounded"` keeps trajectories bit-identical to Gymnasium's far longer (see src/math.ts).
 *
 * ## Version History
 * - v1: sin/cos observation, 500 steps (Gymnasium's only version).
 */
export class AcrobotEnv extends ClassicControlEnv<number> {
  /** Gymnasium renders Acrobot at 15 fps. */
  static readonly metadata: EnvMetadata = Object.freeze({
    renderModes: ["ansi", "rgb_array", "svg"],
    renderFps: 15,
  });
  readonly metadata = AcrobotEnv.metadata;
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box(
    ACROBOT_OBSERVATION_HIGH.map((v) => -v),
    ACROBOT_OBSERVATION_HIGH,
    [6],
    "float32",
  );
  // Gymnasium's class attributes, for introspection.
  readonly dt = 0.2;
  readonly MAX_VEL_1 = ACROBOT_MAX_VEL_1;
  readonly MAX_VEL_2 = ACROBOT_MAX_VEL_2;
  readonly AVAIL_TORQUE = ACROBOT_TORQUES;
  /** Dynamics of the book (default) or of the NeurIPS paper. */
  readonly bookOrNips: "book" | "nips";
  private readonly nips: boolean;

  constructor(options: Partial<AcrobotOptions> = {}) {
    const o = parseEnvOptions(ACROBOT_OPTIONS, options, "Acrobot");
    super("Acrobot", ["theta1", "theta2", "dtheta1", "dtheta2"], 6, o);
    this.bookOrNips = o.bookOrNips;
    this.nips = o.bookOrNips === "nips";
  }

  protected resetState(rng: NumpyRng, options: Readonly<Record<string, unknown>> | undefined): void {
    const { low, high } = parseResetOptions(options, { low: -0.1, high: 0.1 }, "Acrobot.reset");
    // uniform(low, high, size=(4,)).astype(np.float32): four draws, each rounded to float32.
    for (let i = 0; i < 4; i++) this.s[i] = Math.fround(rng.uniform(low, high));
    this.dtype = "float32";
  }

  protected advance(action: number): number {
    if (action !== 0 && action !== 1 && action !== 2) {
      throw invalidDiscreteAction(action, "Acrobot", "0 (torque -1), 1 (0) or 2 (+1)");
    }
    // np.append(state, torque) is float64 whatever the state's dtype.
    this.terminated = acrobotStep(this.s, 0, action - 1, this.nips, this.cr);
    this.dtype = "float64";
    return this.terminated ? 0.0 : -1.0;
  }

  protected observe(obs: Float32Array): void {
    const s = this.s;
    // A float32 state (after reset) takes NumPy's float32 cos/sin.
    const f32 = this.dtype === "float32";
    obs[0] = f32 ? cosF32(s[0]!) : cos(s[0]!, this.cr);
    obs[1] = f32 ? sinF32(s[0]!) : sin(s[0]!, this.cr);
    obs[2] = f32 ? cosF32(s[1]!) : cos(s[1]!, this.cr);
    obs[3] = f32 ? sinF32(s[1]!) : sin(s[1]!, this.cr);
    obs[4] = s[2]!;
    obs[5] = s[3]!;
  }

  protected scene(): Scene {
    return acrobotScene(this.s[0]!, this.s[1]!);
  }
}
