import { definePlugin, type VectorEnv } from "@gymkit/core";
import { LunarLanderEnv } from "./lunar-lander-env.js";
import { LunarLanderVector } from "./lunar-lander-vector.js";
import { LUNAR_LANDER_OPTIONS, LUNAR_LANDER_VECTOR_OPTIONS } from "./options.js";

const DESCRIPTION =
  "LunarLander (Gymnasium 1.3's box2d/lunar_lander.py) on Box2D 2.4.1 in WebAssembly: Gymnasium's seeds, draws and rewards; outcomes agree in distribution.";

/**
 * The env-box2d plugin: `registry.use(plugin)` registers `LunarLander-v3` (Discrete(4), or
 * Box(2) with `continuous: true`) and `LunarLanderContinuous-v3` (continuous by default), 1000
 * steps, reward threshold 200, as Gymnasium does, each with `LunarLanderVector` for
 * `registry.makeVec`. Both load Box2D's wasm in `prepare` (awaited by `registry.compose`; call
 * `await registry.prepare(id)` before a direct `make`).
 */
export const plugin = definePlugin({
  name: "env-box2d",
  register(context) {
    for (const [id, continuous] of [
      ["LunarLander-v3", false],
      ["LunarLanderContinuous-v3", true],
    ] as const) {
      context.register({
        id,
        options: LUNAR_LANDER_OPTIONS,
        vectorOptions: LUNAR_LANDER_VECTOR_OPTIONS,
        entry: (options) => new LunarLanderEnv(options),
        // Core's VectorEnv carries one number per action (issue 21 makes it generic); the
        // continuous LunarLanderVector is a ContinuousVectorEnv (2 numbers per sub-env) meanwhile.
        vectorEntry: (numEnvs, options) =>
          new LunarLanderVector(numEnvs, { maxEpisodeSteps: 1000, ...options }) as unknown as VectorEnv,
        defaults: continuous ? { continuous: true } : {},
        maxEpisodeSteps: 1000,
        rewardThreshold: 200,
        description: DESCRIPTION,
      });
    }
  },
});
