import type { Batch, ReplayBuffer, Rng, SampleOptions, Transition, TransitionBatch } from "@gymkit/core";
import { readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { IndexSampler } from "./index-sampler.js";
import { type ParsedUniformBufferOptions, parseUniformBufferOptions } from "./options.js";
import { copyBatch, createBatch, type MutableBatch, TransitionStorage } from "./storage.js";
import {
  applyStorageImage,
  assertBatchSize,
  storageConfig,
  storageSections,
  verifyStorageImage,
} from "./storage-checkpoint.js";

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
export class UniformReplayBuffer implements ReplayBuffer {
  readonly kind = "uniform";
  readonly capacity: number;
  readonly observationSize: number;
  readonly replacement: boolean;
  /** The typed storage (read-only use: benchmarks and tests read `byteLength`). */
  readonly storage: TransitionStorage;
  private readonly sampler = new IndexSampler();
  private batch: MutableBatch | undefined;

  /** Options as `registry.create("buffer", "uniform", options)` takes them. */
  constructor(options: unknown) {
    const o: ParsedUniformBufferOptions = parseUniformBufferOptions(options);
    this.capacity = o.capacity;
    this.replacement = o.replacement;
    this.storage = new TransitionStorage(this.kind, o.capacity, o.layout);
    this.observationSize = this.storage.observationSize;
  }

  get size(): number {
    return this.storage.size;
  }

  add(transition: Transition<ArrayLike<number>, number>): void {
    this.storage.check(transition);
    this.storage.write(transition);
  }

  addBatch(batch: TransitionBatch): void {
    this.storage.checkBatch(batch);
    for (let i = 0; i < batch.count; i++) this.storage.writeBatchRow(batch, i);
  }

  /**
   * `batchSize` transitions drawn uniformly from those stored. The returned arrays are reused by
   * the next call unless `copy: true`.
   */
  sample(batchSize: number, rng: Rng, options?: SampleOptions): Batch {
    const n = this.storage.size;
    assertBatchSize(this.kind, batchSize, n, "set learningStarts >= batchSize.");
    let b = this.batch;
    if (b === undefined || b.size !== batchSize) {
      b = createBatch(batchSize, this.observationSize, false);
      this.batch = b;
    }
    // Slots [0, size) are the filled ones, so drawn positions are slots directly.
    this.sampler.draw(rng, n, batchSize, this.replacement, b.indices);
    this.storage.gather(b.indices, batchSize, b);
    return options?.copy ? copyBatch(b) : b;
  }

  async save(path: string): Promise<void> {
    await writeCheckpoint(path, {
      kind: this.kind,
      config: storageConfig(this.storage),
      state: { size: this.storage.size, cursor: this.storage.cursor },
      sections: storageSections(this.storage),
    });
  }

  async load(path: string): Promise<void> {
    const loaded = await readCheckpoint(path);
    const image = verifyStorageImage(path, loaded, this.kind, storageConfig(this.storage), this.storage);
    applyStorageImage(this.storage, image);
  }

  clear(): void {
    this.storage.clear();
  }
}
