/**
 * @gymkit/env-cartpole: CartPole-v0/v1 identical to Gymnasium 1.4 (numpy-compatible seeding,
 * bit-exact trajectories), rendered to text, RGB frames and SVG, plus a batched `CartPoleVector`.
 * Default export: the plugin (`registry.use(cartpole)`).
 */
import { plugin } from "./plugin.js";

export { CartPoleEnv, type CartPoleState } from "./cartpole-env.js";
export { CartPoleVector } from "./cartpole-vector.js";
export {
  CARTPOLE_OPTIONS,
  CARTPOLE_RENDER_MODES,
  CARTPOLE_VECTOR_OPTIONS,
  type CartPoleOptions,
  type CartPoleRenderMode,
  type CartPoleVectorOptions,
  DEFAULT_CARTPOLE_OPTIONS,
  DEFAULT_CARTPOLE_VECTOR_OPTIONS,
  type KinematicsIntegrator,
  parseCartPoleOptions,
  parseCartPoleVectorOptions,
  parseResetBounds,
} from "./options.js";
export * as physics from "./physics.js";
export { type CartPoleScene, cartPoleScene, type Point, renderAnsi, renderRgb, renderSvg } from "./render.js";
export { plugin };
export default plugin;
