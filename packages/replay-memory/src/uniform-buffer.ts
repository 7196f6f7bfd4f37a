import { ColumnStorage } from "./column-storage.js";
import { parseUniformBufferOptions, type UniformBufferOptions } from "./options.js";
import { ReplayMemory } from "./replay-memory.js";
import { UniformSampler } from "./uniform-sampler.js";

/**
 * The `uniform` buffer: a FIFO ring of typed arrays (the seed blog's `deque(maxlen=50000)`),
 * sampled uniformly — without replacement within a batch by default (`random.sample`), with
 * replacement when `replacement: true` (Stable-Baselines3). A `ReplayMemory` of a
 * `ColumnStorage` (one typed array per field) and a `UniformSampler`.
 *
 * @example
 * const buffer = new UniformReplayBuffer({ capacity: 50_000, observationSpace, actionSpace });
 * buffer.add({ observation, action, reward, nextObservation, terminated, truncated });
 * const batch = buffer.sample(64, rng.fork("replay"));
 */
export class UniformReplayBuffer extends ReplayMemory<ColumnStorage, UniformSampler> {
  declare readonly kind: "uniform";

  /**
   * Options as `registry.create("buffer", "uniform", options)` takes them, plus the env's spaces;
   * errors name `path` (the plugin passes the part's config path, e.g. `agent.buffer`).
   */
  constructor(options: UniformBufferOptions, path = "buffer") {
    const o = parseUniformBufferOptions(options, path);
    super("uniform", new ColumnStorage("uniform", o.capacity, o.layout), new UniformSampler(o.replacement));
  }

  /** Whether a batch may hold a transition twice. */
  get replacement(): boolean {
    return this.sampler.replacement;
  }
}
