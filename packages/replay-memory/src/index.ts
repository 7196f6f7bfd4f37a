/**
 * @gymkit/replay-memory: replay buffers behind core's `ReplayBuffer` interface — `uniform`
 * (FIFO ring, typed arrays), `prioritized` (proportional PER over a sum-tree) and `online`
 * (newest transitions only). Each kind is a `ReplayMemory(storage, sampler)`. `registry.use(plugin)`
 * registers them as `buffer` kinds. Browser-safe: files are `@gymkit/replay-memory/node`'s job.
 */
import { plugin } from "./plugin.js";

export type { MutableBatch } from "./batch.js";
export {
  CHECKPOINT_MAGIC,
  CHECKPOINT_VERSION,
  crc32,
  type LoadedCheckpoint,
  type SectionArray,
} from "./checkpoint.js";
export { ColumnStorage } from "./column-storage.js";
export { type ActionLayout, describeLayout, type TransitionLayout, transitionLayout } from "./layout.js";
export { NewestFirstSampler } from "./newest-sampler.js";
export { OnlineReplayBuffer } from "./online-buffer.js";
export {
  type BufferSpaces,
  DEFAULT_ONLINE_BUFFER_OPTIONS,
  DEFAULT_PRIORITIZED_BUFFER_OPTIONS,
  DEFAULT_UNIFORM_BUFFER_OPTIONS,
  MAX_CAPACITY,
  MAX_PRIORITIZED_CAPACITY,
  ONLINE_BUFFER_OPTIONS,
  type OnlineBufferOptions,
  type ParsedBufferOptions,
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
export { PrioritizedSampler, type PriorityImage } from "./prioritized-sampler.js";
export { PriorityTrees } from "./priority-trees.js";
export { ReplayMemory } from "./replay-memory.js";
export { RowStorage } from "./row-storage.js";
export type { Sampler, SamplerCheckpoint } from "./sampler.js";
export type { StorageFields, StoredTransition, TransitionStorage } from "./storage.js";
export { UniformReplayBuffer } from "./uniform-buffer.js";
export { UniformSampler } from "./uniform-sampler.js";
export { plugin };
export default plugin;
