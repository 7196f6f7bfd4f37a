import type { Batch, ReplayBuffer, Rng, SampleOptions, Transition, TransitionBatch } from "@gymkit/core";
import { assertBatchSize, assertRng, copyBatch, ReusedBatch } from "./batch.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";
import { type ParsedPrioritizedBufferOptions, parsePrioritizedBufferOptions } from "./options.js";
import { PrioritizedSampler } from "./prioritized-sampler.js";
import type { PriorityTrees } from "./priority-trees.js";
import { RowStorage } from "./row-storage.js";
import {
  applyStorageImage,
  storageConfig,
  storageSections,
  verifyStorageImage,
} from "./storage-checkpoint.js";
import { TransitionChecker } from "./transition-check.js";

/**
 * The `prioritized` buffer: proportional prioritized experience replay (Schaul et al. 2016),
 * assembled from a `RowStorage` (one 64-byte record per transition: prioritized draws are
 * scattered, and one record is one cache miss) and a `PrioritizedSampler` (sum- and min-trees,
 * importance weights, β annealing; see there for the formulas).
 *
 * - New transitions get the largest priority seen so far (starting at 1), so each is replayed
 *   at least about once.
 * - Stratified sampling: the total mass is cut into `batchSize` equal segments and one draw is
 *   made in each (the paper's appendix B.2.1, as Dopamine/SB3-style implementations). A batch may
 *   hold the same transition twice when its priority spans two segments.
 * - Importance weights w_i = (N·P(i))^−β divided by the largest weight over the whole buffer,
 *   (N·P_min)^−β with P_min from the min-tree — OpenAI baselines' normalisation, so weights are
 *   ≤ 1 and comparable across batches (Dopamine normalises by the batch max instead).
 * - β goes linearly from `beta` to `betaFinal` over `betaAnnealSteps` sample() calls.
 * - `updatePriorities(indices, tdErrors)` sets p_i = (|δ_i| + ε)^α.
 */
export class PrioritizedReplayBuffer implements ReplayBuffer {
  readonly kind = "prioritized";
  readonly capacity: number;
  readonly observationSize: number;
  readonly actionSize: number;
  readonly options: Omit<ParsedPrioritizedBufferOptions, "layout">;
  /** The rows (read-only use: benchmarks and tests read `byteLength` and `fields()`). */
  readonly storage: RowStorage;
  readonly sampler: PrioritizedSampler;
  /** The sampler's priority trees (read-only use: tests and benchmarks). */
  readonly trees: PriorityTrees;
  private readonly checker: TransitionChecker;
  private readonly batch: ReusedBatch;

  /** Options as `registry.create("buffer", "prioritized", options)` takes them. */
  constructor(options: unknown) {
    const { layout, ...rest } = parsePrioritizedBufferOptions(options);
    this.options = rest;
    this.storage = new RowStorage(this.kind, rest.capacity, layout);
    this.sampler = new PrioritizedSampler(rest);
    this.trees = this.sampler.trees;
    this.checker = new TransitionChecker(this.kind, layout);
    this.batch = new ReusedBatch(layout, true);
    this.capacity = rest.capacity;
    this.observationSize = layout.observationSize;
    this.actionSize = layout.actionSize;
  }

  get size(): number {
    return this.storage.size;
  }

  /** Sample calls so far (drives the β schedule). */
  get sampleCount(): number {
    return this.sampler.sampleCount;
  }

  /** β used by the next `sample()`. */
  get beta(): number {
    return this.sampler.beta;
  }

  add(transition: Transition<ArrayLike<number>, number | ArrayLike<number>>): void {
    this.checker.check(transition);
    this.sampler.added(this.storage.write(transition));
  }

  addBatch(batch: TransitionBatch): void {
    this.checker.checkBatch(batch);
    for (let i = 0; i < batch.count; i++) this.sampler.added(this.storage.writeBatchRow(batch, i));
  }

  /**
   * `batchSize` transitions drawn with probability ∝ p^α, with `indices` (for
   * `updatePriorities`) and max-normalised importance `weights`.
   */
  sample(batchSize: number, rng: Rng, options?: SampleOptions): Batch {
    assertBatchSize(this.kind, batchSize, this.storage.size, "set learningStarts >= batchSize.");
    assertRng(this.kind, rng);
    const b = this.batch.get(batchSize);
    this.sampler.draw(rng, batchSize, b.indices, b.weights!);
    this.storage.gather(b.indices, batchSize, b);
    return options?.copy ? copyBatch(b) : b;
  }

  /**
   * New priorities for sampled slots: p = (|δ| + ε)^α. All inputs are checked first; a bad one
   * changes nothing.
   */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    this.sampler.update(indices, tdErrors, this.storage.size);
  }

  /** Rows, priorities, the largest priority and the β step, as one image. */
  serialize(): Uint8Array {
    const s = this.storage;
    return encodeCheckpoint({
      kind: this.kind,
      config: this.config(),
      state: { size: s.size, cursor: s.cursor, ...this.sampler.state() },
      sections: [...storageSections(s), ...this.sampler.sections(s.size)],
    });
  }

  /** Verifies the whole image (rows and priorities) before restoring either. */
  deserialize(bytes: Uint8Array, source?: string): void {
    const loaded = decodeCheckpoint(bytes, source);
    const rows = verifyStorageImage(source, loaded, this.kind, this.config(), this.storage);
    const priorities = this.sampler.verify(source, loaded, rows.size);
    applyStorageImage(this.storage, rows);
    this.sampler.restore(priorities);
  }

  /** Empties the buffer and its priorities; the β schedule keeps counting. */
  clear(): void {
    this.storage.clear();
    this.sampler.clear();
  }

  /** Stored leaves are p^α, so an image only fits a buffer with the same α. */
  private config(): Record<string, unknown> {
    return { ...storageConfig(this.storage), alpha: this.options.alpha };
  }
}
