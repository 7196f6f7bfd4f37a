/**
 * @gymkit/replay-memory: replay buffers behind core's `ReplayBuffer` interface — `uniform`
 * (FIFO ring, typed arrays), `prioritized` (proportional PER over a sum-tree) and `online`
 * (newest transitions only). `registry.use(plugin)` registers them as `buffer` kinds.
 */
import { plugin } from "./plugin.js";

export { CHECKPOINT_MAGIC, CHECKPOINT_VERSION, crc32 } from "./checkpoint.js";
export { describeLayout, type TransitionLayout, transitionLayout } from "./layout.js";
export { OnlineReplayBuffer } from "./online-buffer.js";
export {
  type BufferSpaces,
  DEFAULT_ONLINE_BUFFER_OPTIONS,
  DEFAULT_PRIORITIZED_BUFFER_OPTIONS,
  DEFAULT_UNIFORM_BUFFER_OPTIONS,
  MAX_CAPACITY,
  ONLINE_BUFFER_OPTIONS,
  type OnlineBufferOptions,
  type ParsedOnlineBufferOptions,
  type ParsedPrioritizedBufferOptions,
  type ParsedUniformBufferOptions,
  PRIORITIZED_BUFFER_OPTIONS,
  type PrioritizedBufferOptions,
  parseOnlineBufferOptions,
  parsePrioritizedBufferOptions,
  parseUniformBufferOptions,
  UNIFORM_BUFFER_OPTIONS,
  type UniformBufferOptions,
} from "./options.js";
export { BUFFER_PARTS } from "./plugin.js";
export { PrioritizedReplayBuffer } from "./prioritized-buffer.js";
export { PriorityTrees } from "./priority-trees.js";
export { UniformReplayBuffer } from "./uniform-buffer.js";
export { plugin };
export default plugin;
