/**
 * @gymkit/env-box2d: Gymnasium's LunarLander-v3 (discrete and continuous) on planck (Box2D
 * 2.3's algorithms in JavaScript), with numpy-compatible seeding, renderers (RGB frames, SVG), a vector
 * env, and Gymnasium's heuristic controller. Default export: the plugin (`registry.use(box2d)`).
 */
import { plugin } from "./plugin.js";

export * as constants from "./constants.js";
export { heuristic } from "./heuristic.js";
export { LcgPolicy } from "./lcg.js";
export {
  invalidActionError,
  type LunarLanderAction,
  LunarLanderEnv,
  lunarLanderObservationSpace,
} from "./lunar-lander-env.js";
export { LunarLanderVector } from "./lunar-lander-vector.js";
export {
  LUNAR_LANDER_OPTIONS,
  LUNAR_LANDER_RENDER_MODES,
  LUNAR_LANDER_VECTOR_OPTIONS,
  type LunarLanderOptions,
  type LunarLanderRenderMode,
  type LunarLanderVectorOptions,
  parseLunarLanderOptions,
  parseLunarLanderVectorOptions,
} from "./options.js";
export { type LunarLanderScene, lunarLanderScene, type Point, renderRgb, renderSvg } from "./render.js";
export { type LanderPhysics, LanderSim, type LanderWorld, type WorldFactory } from "./sim.js";
export { drawTerrain, type Terrain } from "./terrain.js";
export { LunarWorld } from "./world.js";
export { plugin };
export default plugin;
