import { definePlugin, z } from "@gymkit/core";
import { LunarLanderEnv } from "./lunar-lander-env.js";
import { LunarLanderVector } from "./lunar-lander-vector.js";
import { LUNAR_LANDER_OPTIONS, LUNAR_LANDER_VECTOR_OPTIONS } from "./options.js";

const DESCRIPTION =
  "LunarLander (Gymnasium 1.3's box2d/lunar_lander.py) on planck, Box2D 2.3's algorithms in JavaScript: Gymnasium's seeds, draws, dynamics and rewards (997 of 1000 random episodes end as Gymnasium's).";

/** `LunarLanderContinuous-v3` is `LunarLander-v3` with `continuous` defaulting to true. */
const CONTINUOUS = {
  continuous: z
    .boolean()
    .default(true)
    .describe("Box(-1, 1, (2,)) actions (main engine, side engines); false gives Discrete(4)."),
};

/**
 * The env-box2d plugin: `registry.use(plugin)` registers `LunarLander-v3` (Discrete(4), or
 * Box(2) with `continuous: true`) and `LunarLanderContinuous-v3` (continuous by default), 1000
 * steps, reward threshold 200, as Gymnasium does, each with `LunarLanderVector` for
 * `registry.makeVec`. The engine is plain JavaScript: nothing to load before `make`.
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
        options: continuous ? LUNAR_LANDER_OPTIONS.extend(CONTINUOUS) : LUNAR_LANDER_OPTIONS,
        vectorOptions: continuous
          ? LUNAR_LANDER_VECTOR_OPTIONS.extend(CONTINUOUS)
          : LUNAR_LANDER_VECTOR_OPTIONS,
        entry: (options) => new LunarLanderEnv(options),
        vectorEntry: (numEnvs, options) =>
          new LunarLanderVector(numEnvs, { maxEpisodeSteps: 1000, ...options }),
        defaults: continuous ? { continuous: true } : {},
        maxEpisodeSteps: 1000,
        rewardThreshold: 200,
        description: DESCRIPTION,
      });
    }
  },
});
