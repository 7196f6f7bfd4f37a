import type { Batch, ReplayBuffer, Rng, SampleOptions, Transition, TransitionBatch } from "@gymkit/core";
import { assertBatchSize, assertRng, copyBatch, ReusedBatch } from "./batch.js";
import { ColumnStorage } from "./column-storage.js";
import { parseUniformBufferOptions } from "./options.js";
import { deserializeStorage, serializeStorage } from "./storage-checkpoint.js";
import { TransitionChecker } from "./transition-check.js";
import { UniformSampler } from "./uniform-sampler.js";

/**
 * The `uniform` buffer: a FIFO ring of typed arrays (the seed blog's `deque(maxlen=50000)`),
 * sampled uniformly — without replacement within a batch by default (`random.sample`), with
 * replacement when `replacement: true` (Stable-Baselines3). Assembled from a `ColumnStorage`
 * (one typed array per field) and a `UniformSampler`.
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
  readonly actionSize: number;
  /** The rows (read-only use: benchmarks and tests read `byteLength` and `fields()`). */
  readonly storage: ColumnStorage;
  readonly sampler: UniformSampler;
  private readonly checker: TransitionChecker;
  private readonly batch: ReusedBatch;

  /** Options as `registry.create("buffer", "uniform", options)` takes them. */
  constructor(options: unknown) {
    const o = parseUniformBufferOptions(options);
    this.storage = new ColumnStorage(this.kind, o.capacity, o.layout);
    this.sampler = new UniformSampler(o.replacement);
    this.checker = new TransitionChecker(this.kind, o.layout);
    this.batch = new ReusedBatch(o.layout, false);
    this.capacity = o.capacity;
    this.observationSize = o.layout.observationSize;
    this.actionSize = o.layout.actionSize;
  }

  /** Whether a batch may hold a transition twice. */
  get replacement(): boolean {
    return this.sampler.replacement;
  }

  get size(): number {
    return this.storage.size;
  }

  add(transition: Transition<ArrayLike<number>, number | ArrayLike<number>>): void {
    this.checker.check(transition);
    this.storage.write(transition);
  }

  addBatch(batch: TransitionBatch): void {
    this.checker.checkBatch(batch);
    for (let i = 0; i < batch.count; i++) this.storage.writeBatchRow(batch, i);
  }

  /**
   * `batchSize` transitions drawn uniformly from those stored. The returned arrays are reused by
   * the next call unless `copy: true`.
   */
  sample(batchSize: number, rng: Rng, options?: SampleOptions): Batch {
    const n = this.storage.size;
    assertBatchSize(this.kind, batchSize, n, "set learningStarts >= batchSize.");
    assertRng(this.kind, rng);
    const b = this.batch.get(batchSize);
    this.sampler.draw(rng, n, batchSize, b.indices);
    this.storage.gather(b.indices, batchSize, b);
    return options?.copy ? copyBatch(b) : b;
  }

  serialize(): Uint8Array {
    return serializeStorage(this.kind, this.storage);
  }

  deserialize(bytes: Uint8Array, source?: string): void {
    deserializeStorage(this.kind, this.storage, bytes, source);
  }

  clear(): void {
    this.storage.clear();
  }
}
