import { definePlugin } from "@gymkit/core";
import { CartPoleEnv } from "./cartpole-env.js";
import { CartPoleVector } from "./cartpole-vector.js";
import { CARTPOLE_OPTIONS, CARTPOLE_VECTOR_OPTIONS } from "./options.js";

const DESCRIPTION =
  "CartPole (Barto, Sutton & Anderson 1983), identical to Gymnasium 1.4's classic_control/cartpole.py, numpy-compatible seeding.";

/**
 * The env-cartpole plugin: `registry.use(plugin)` registers `CartPole-v0` (200 steps, reward
 * threshold 195) and `CartPole-v1` (500 steps, 475), as Gymnasium does, each with `CartPoleVector`
 * as its batched implementation for `registry.makeVec`.
 */
export const plugin = definePlugin({
  name: "env-cartpole",
  register(context) {
    for (const [version, maxEpisodeSteps, rewardThreshold] of [
      [0, 200, 195],
      [1, 500, 475],
    ] as const) {
      const id = `CartPole-v${version}`;
      context.register({
        id,
        options: CARTPOLE_OPTIONS,
        vectorOptions: CARTPOLE_VECTOR_OPTIONS,
        entry: (options) => new CartPoleEnv(options),
        vectorEntry: (numEnvs, options) => new CartPoleVector(numEnvs, { maxEpisodeSteps, ...options }),
        maxEpisodeSteps,
        rewardThreshold,
        description: DESCRIPTION,
      });
    }
  },
});
