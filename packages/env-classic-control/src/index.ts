/**
 * @gymkit/env-classic-control: Acrobot-v1, MountainCar-v0, MountainCarContinuous-v0 and
 * Pendulum-v1 as Gymnasium 1.3 has them (numpy-compatible seeding, Gymnasium's float32/float64
 * arithmetic), rendered to text, RGB frames and SVG, with batched vector versions.
 * Default export: the plugin (`registry.use(classicControl)`).
 */
import { plugin } from "./plugin.js";

export { ACROBOT_OBSERVATION_HIGH, AcrobotEnv } from "./acrobot.js";
export { ClassicControlEnv, type StateDtype } from "./classic-env.js";
export { ClassicVector, MAX_SUB_ENVS } from "./classic-vector.js";
export { type Point, type Rgb, rasterize, type Scene, type Shape, toAnsi, toSvg } from "./draw.js";
export { MountainCarContinuousEnv, MountainCarEnv } from "./mountain-car.js";
export {
  ACROBOT_OPTIONS,
  ACROBOT_VECTOR_OPTIONS,
  type AcrobotOptions,
  CLASSIC_RENDER_MODES,
  type ClassicRenderMode,
  type CommonEnvOptions,
  type CommonVectorOptions,
  MOUNTAIN_CAR_CONTINUOUS_OPTIONS,
  MOUNTAIN_CAR_CONTINUOUS_VECTOR_OPTIONS,
  MOUNTAIN_CAR_OPTIONS,
  MOUNTAIN_CAR_VECTOR_OPTIONS,
  type MountainCarOptions,
  PENDULUM_OPTIONS,
  PENDULUM_VECTOR_OPTIONS,
  type PendulumOptions,
} from "./options.js";
export { PendulumEnv } from "./pendulum.js";
export * as physics from "./physics.js";
export { acrobotScene, mountainCarScene, pendulumScene } from "./scenes.js";
export {
  AcrobotVector,
  MountainCarContinuousVector,
  MountainCarVector,
  PendulumVector,
} from "./vectors.js";
export { plugin };
export default plugin;
