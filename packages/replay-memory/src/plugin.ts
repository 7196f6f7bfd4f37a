import { definePlugin } from "@gymkit/core";
import { OnlineReplayBuffer } from "./online-buffer.js";
import { PrioritizedReplayBuffer } from "./prioritized-buffer.js";
import { UniformReplayBuffer } from "./uniform-buffer.js";

/**
 * The replay-memory plugin: `registry.use(plugin)` registers the `buffer` kinds `uniform`,
 * `prioritized` and `online`. Each factory takes `{ capacity, observationSpace, actionSpace,
 * ...kindOptions }` and validates them (`GYMKIT_INVALID_CONFIG` naming the field).
 */
export const plugin = definePlugin({
  name: "replay-memory",
  register(registry) {
    registry.provide("buffer", "uniform", (options) => new UniformReplayBuffer(options), {
      description: "FIFO ring buffer sampled uniformly (DQN's replay memory).",
    });
    registry.provide("buffer", "prioritized", (options) => new PrioritizedReplayBuffer(options), {
      description: "Proportional prioritized replay (Schaul et al. 2016): sum-tree, importance weights.",
    });
    registry.provide("buffer", "online", (options) => new OnlineReplayBuffer(options), {
      description: "Only the newest transition(s): plain online Q-learning.",
    });
  },
});
