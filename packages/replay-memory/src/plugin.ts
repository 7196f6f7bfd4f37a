import { definePart, definePlugin } from "@gymkit/core";
import { OnlineReplayBuffer } from "./online-buffer.js";
import { ONLINE_BUFFER_OPTIONS, PRIORITIZED_BUFFER_OPTIONS, UNIFORM_BUFFER_OPTIONS } from "./options.js";
import { PrioritizedReplayBuffer } from "./prioritized-buffer.js";
import { UniformReplayBuffer } from "./uniform-buffer.js";

/**
 * The `buffer` parts: each sized by the run's env spaces, its options validated by the registry;
 * errors about the spaces name the part's config path (`agent.buffer.observationSpace`).
 */
export const BUFFER_PARTS = [
  definePart({
    slot: "buffer",
    id: "uniform",
    description: "FIFO ring buffer sampled uniformly (DQN's replay memory).",
    options: UNIFORM_BUFFER_OPTIONS,
    create: (o, context) => new UniformReplayBuffer({ ...o, ...context.spaces() }, context.path),
  }),
  definePart({
    slot: "buffer",
    id: "prioritized",
    description: "Proportional prioritized replay (Schaul et al. 2016): sum-tree, importance weights.",
    options: PRIORITIZED_BUFFER_OPTIONS,
    create: (o, context) => new PrioritizedReplayBuffer({ ...o, ...context.spaces() }, context.path),
  }),
  definePart({
    slot: "buffer",
    id: "online",
    description: "Only the newest transition(s): plain online Q-learning.",
    options: ONLINE_BUFFER_OPTIONS,
    create: (o, context) => new OnlineReplayBuffer({ ...o, ...context.spaces() }, context.path),
  }),
] as const;

/**
 * The replay-memory plugin: `registry.use(plugin)` registers the `buffer` ids `uniform`,
 * `prioritized` and `online`.
 */
export const plugin = definePlugin({
  name: "replay-memory",
  register(context) {
    for (const part of BUFFER_PARTS) context.add(part);
  },
});
