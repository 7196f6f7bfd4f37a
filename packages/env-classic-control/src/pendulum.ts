import { Box, type EnvMetadata, type NumpyRng } from "@gymkit/core";
import { ClassicControlEnv, continuousAction } from "./classic-env.js";
import type { Scene } from "./draw.js";
import { cos, sin } from "./math.js";
import { PENDULUM_OPTIONS, type PendulumOptions, parseEnvOptions, parseResetOptions } from "./options.js";
import { PENDULUM_MAX_SPEED, PENDULUM_MAX_TORQUE, pendulumStep } from "./physics.js";
import { pendulumScene } from "./scenes.js";

/**
 * ## Description
 * The inverted-pendulum swing-up: a pendulum on a fixed pivot starts at a random angle; apply
 * torque to swing it up and keep it upright. This is Gymnasium 1.3's `classic_control/pendulum.py`
 * (float64 state, float32 torque arithmetic where Gymnasium's is float32).
 *
 * ## Action Space
 * `Box(-2, 2, (1,), float32)`: the torque, clipped to [-2, 2].
 *
 * ## Observation Space
 * `Box(3,)` of float32: `[cos(theta), sin(theta), theta_dot]`, in [-1, 1], [-1, 1], [-8, 8].
 *
 * ## Rewards
 * `-(angle² + 0.1 * theta_dot² + 0.001 * torque²)` with the angle normalized to [-π, π] (0 is
 * upright): between -16.27 and 0. No reward threshold.
 *
 * ## Starting State
 * theta uniform in [-π, π], theta_dot in [-1, 1]; reset options `{ x_init, y_init }` change the
 * bounds to [-x_init, x_init] and [-y_init, y_init], as Gymnasium's.
 *
 * ## Episode End
 * Never terminates. Truncation (added by `make`'s TimeLimit): 200 steps.
 *
 * ## Arguments
 * `make("Pendulum-v1", { g, trig, renderMode, copyObservations, warn })`: `g` is gravity (default 10.0).
 *
 * ## Version History
 * - v1: simplified equations, same behaviour as v0 (Gymnasium's current version).
 */
export class PendulumEnv extends ClassicControlEnv<Float32Array> {
  /** Gymnasium renders Pendulum at 30 fps. */
  static readonly metadata: EnvMetadata = Object.freeze({
    renderModes: ["ansi", "rgb_array", "svg"],
    renderFps: 30,
  });
  readonly metadata = PendulumEnv.metadata;
  readonly actionSpace = new Box(-PENDULUM_MAX_TORQUE, PENDULUM_MAX_TORQUE, [1], "float32");
  readonly observationSpace = new Box(
    [-1, -1, -PENDULUM_MAX_SPEED],
    [1, 1, PENDULUM_MAX_SPEED],
    [3],
    "float32",
  );
  // Gymnasium's attributes, for introspection.
  readonly maxSpeed = PENDULUM_MAX_SPEED;
  readonly maxTorque = PENDULUM_MAX_TORQUE;
  readonly dt = 0.05;
  readonly g: number;
  readonly m = 1.0;
  readonly l = 1.0;

  /** sin(sinOf), kept from the last observation for the next step (one sin call fewer per step). */
  private sinTh = Number.NaN;
  private sinOf = Number.NaN;

  constructor(options: Partial<PendulumOptions> = {}) {
    const o = parseEnvOptions(PENDULUM_OPTIONS, options, "Pendulum");
    super("Pendulum", ["theta", "theta_dot"], 3, o);
    this.g = o.g;
  }

  protected resetState(rng: NumpyRng, options: Readonly<Record<string, unknown>> | undefined): void {
    const { x_init: x, y_init: y } = parseResetOptions(
      options,
      { x_init: Math.PI, y_init: 1.0 },
      "Pendulum.reset",
    );
    // uniform(low=-high, high=high) with high = [x, y]: two draws, lo + (hi - lo) * u each.
    this.s[0] = rng.uniform(-x, x);
    this.s[1] = rng.uniform(-y, y);
  }

  protected advance(action: Float32Array): number {
    const a = continuousAction(action, "Pendulum", "Box(-2.0, 2.0, (1,), float32)");
    // sin(theta) memoized by observe() (0 is left out: sin(-0) is -0)
    const th = this.s[0]!;
    const costs = pendulumStep(
      this.s,
      0,
      a,
      this.g,
      this.cr,
      th === this.sinOf && th !== 0 ? this.sinTh : Number.NaN,
    );
    this.lastU = a < -PENDULUM_MAX_TORQUE ? -PENDULUM_MAX_TORQUE : Math.min(a, PENDULUM_MAX_TORQUE);
    this.terminated = false;
    return -costs;
  }

  protected observe(obs: Float32Array): void {
    const th = this.s[0]!;
    this.sinOf = th;
    this.sinTh = sin(th, this.cr);
    obs[0] = cos(th, this.cr);
    obs[1] = this.sinTh;
    obs[2] = this.s[1]!;
  }

  protected scene(): Scene {
    return pendulumScene(this.s[0]!, this.lastU);
  }
}
