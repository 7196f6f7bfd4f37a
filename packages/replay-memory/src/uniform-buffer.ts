import type { Batch, Rng, SampleOptions } from "@gymkit/core";
import { IndexSampler } from "./index-sampler.js";
import { parseUniformBufferOptions } from "./options.js";
import { TransitionStorage } from "./storage.js";
import { assertBatchSize } from "./storage-checkpoint.js";
import { StoredReplayBuffer } from "./stored-buffer.js";

/**
 * The `uniform` buffer: a FIFO ring of typed arrays (the seed blog's `deque(maxlen=50000)`),
 * sampled uniformly — without replacement within a batch by default (`random.sample`), with
 * replacement when `replacement: true` (Stable-Baselines3).
 *
 * @example
 * const buffer = new UniformReplayBuffer({ capacity: 50_000, observationSpace, actionSpace });
 * buffer.add({ observation, action, reward, nextObservation, terminated, truncated });
 * const batch = buffer.sample(64, rng.fork("replay"));
 */
export class UniformReplayBuffer extends StoredReplayBuffer {
  readonly kind = "uniform";
  readonly replacement: boolean;
  private readonly sampler = new IndexSampler();

  /** Options as `registry.create("buffer", "uniform", options)` takes them. */
  constructor(options: unknown) {
    const o = parseUniformBufferOptions(options);
    super(new TransitionStorage("uniform", o.capacity, o.layout));
    this.replacement = o.replacement;
  }

  /**
   * `batchSize` transitions drawn uniformly from those stored. The returned arrays are reused by
   * the next call unless `copy: true`.
   */
  sample(batchSize: number, rng: Rng, options?: SampleOptions): Batch {
    const n = this.storage.size;
    assertBatchSize(this.kind, batchSize, n, "set learningStarts >= batchSize.");
    const b = this.reusedBatch(batchSize);
    // Slots [0, size) are the filled ones, so drawn positions are slots directly.
    this.sampler.draw(rng, n, batchSize, this.replacement, b.indices);
    return this.gathered(b, batchSize, options);
  }
}
