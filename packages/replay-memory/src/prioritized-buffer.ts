import {
  type Batch,
  describeValue,
  GymkitError,
  type Rng,
  type SampleOptions,
  type Transition,
  type TransitionBatch,
} from "@gymkit/core";
import { readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { type ParsedPrioritizedBufferOptions, parsePrioritizedBufferOptions } from "./options.js";
import { PriorityTrees } from "./priority-trees.js";
import { RowStorage } from "./row-storage.js";
import {
  applyStorageImage,
  assertBatchSize,
  storageConfig,
  storageSections,
  verifyStorageImage,
} from "./storage-checkpoint.js";
import { StoredReplayBuffer } from "./stored-buffer.js";

const TWO_POW_M32 = 2 ** -32;

/**
 * The `prioritized` buffer: proportional prioritized experience replay (Schaul et al. 2016).
 *
 * - P(i) = p_i^α / Σ_k p_k^α over a sum-tree; new transitions get the largest priority seen so
 *   far (starting at 1), so each is replayed at least about once.
 * - Stratified sampling: the total mass is cut into `batchSize` equal segments and one draw is
 *   made in each (the paper's appendix B.2.1, as Dopamine/SB3-style implementations). A batch may
 *   hold the same transition twice when its priority spans two segments.
 * - Importance weights w_i = (N·P(i))^−β divided by the largest weight over the whole buffer,
 *   (N·P_min)^−β with P_min from the min-tree — OpenAI baselines' normalisation, so weights are
 *   ≤ 1 and comparable across batches (Dopamine normalises by the batch max instead).
 * - β goes linearly from `beta` to `betaFinal` over `betaAnnealSteps` sample() calls.
 * - `updatePriorities(indices, tdErrors)` sets p_i = (|δ_i| + ε)^α.
 */
export class PrioritizedReplayBuffer extends StoredReplayBuffer<RowStorage> {
  readonly kind = "prioritized";
  readonly options: Omit<ParsedPrioritizedBufferOptions, "layout">;
  readonly trees: PriorityTrees;
  /** Largest |δ| + ε seen (before the exponent); new transitions get it. */
  private maxPriority = 1;
  /** maxPriority^α, cached for `add`. */
  private maxLeaf = 1;
  private samples = 0;
  /** Scratch for the stratified masses of one sample. */
  private masses = new Float64Array(0);
  /** Scratch for the new leaf values of one `updatePriorities`. */
  private leafScratch = new Float64Array(0);

  /** Options as `registry.create("buffer", "prioritized", options)` takes them. */
  constructor(options: unknown) {
    const { layout, ...rest } = parsePrioritizedBufferOptions(options);
    // Rows interleaved, one record per transition (see `RowStorage`); batches carry weights.
    super(new RowStorage("prioritized", rest.capacity, layout), true);
    this.options = rest;
    this.trees = new PriorityTrees(rest.capacity);
  }

  /** Sample calls so far (drives the β schedule). */
  get sampleCount(): number {
    return this.samples;
  }

  /** β used by the next `sample()`. */
  get beta(): number {
    const { beta, betaFinal, betaAnnealSteps } = this.options;
    return beta + (betaFinal - beta) * Math.min(1, this.samples / betaAnnealSteps);
  }

  override add(transition: Transition<ArrayLike<number>, number>): void {
    this.storage.check(transition);
    this.trees.set(this.storage.write(transition), this.maxLeaf);
  }

  override addBatch(batch: TransitionBatch): void {
    this.storage.checkBatch(batch);
    for (let i = 0; i < batch.count; i++) this.trees.set(this.storage.writeBatchRow(batch, i), this.maxLeaf);
  }

  /**
   * `batchSize` transitions drawn with probability ∝ p^α, with `indices` (for
   * `updatePriorities`) and max-normalised importance `weights`.
   */
  sample(batchSize: number, rng: Rng, options?: SampleOptions): Batch {
    const n = this.storage.size;
    assertBatchSize(this.kind, batchSize, n, "set learningStarts >= batchSize.");
    const b = this.reusedBatch(batchSize);
    const beta = this.beta;
    this.samples++;
    const trees = this.trees;
    const segment = trees.total / batchSize;
    const idx = b.indices;
    const w = b.weights!;
    if (this.masses.length < batchSize) this.masses = new Float64Array(batchSize);
    const masses = this.masses;
    for (let i = 0; i < batchSize; i++) masses[i] = (i + rng.uint32() * TWO_POW_M32) * segment;
    trees.findMany(masses, batchSize, idx);
    // (N·P_i)^-β / (N·P_min)^-β = (p_i / p_min)^-β, as exp(-β·(ln p_i − ln p_min)): half the
    // cost of `**`, within ~1e-15 relative.
    const logMin = Math.log(trees.min);
    const leaf = trees.values;
    for (let i = 0; i < batchSize; i++) {
      w[i] = Math.exp(-beta * (Math.log(leaf[idx[i]!]!) - logMin));
    }
    return this.gathered(b, batchSize, options);
  }

  /**
   * New priorities for sampled slots: p = (|δ| + ε)^α. All inputs are checked first; a bad one
   * changes nothing.
   */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    const n = indices?.length;
    if (typeof n !== "number" || tdErrors?.length !== n) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Replay buffer "prioritized": updatePriorities needs as many TD errors as indices, got ${describeValue(n)} indices and ${describeValue(tdErrors?.length)} TD errors.`,
      );
    }
    const size = this.storage.size;
    for (let i = 0; i < n; i++) {
      const s = indices[i]!;
      if (!Number.isInteger(s) || s < 0 || s >= size) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `Replay buffer "prioritized": updatePriorities indices[${i}] = ${describeValue(s)} is not a stored slot; expected an integer in [0, ${size}) (pass batch.indices).`,
        );
      }
      const d = tdErrors[i]!;
      if (typeof d !== "number" || !Number.isFinite(d)) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `Replay buffer "prioritized": updatePriorities tdErrors[${i}] = ${describeValue(d)}; TD errors must be finite numbers (a NaN usually means the loss diverged).`,
        );
      }
    }
    const { alpha, epsilon } = this.options;
    if (this.leafScratch.length < n) this.leafScratch = new Float64Array(n);
    const leaf = this.leafScratch;
    let max = this.maxPriority;
    for (let i = 0; i < n; i++) {
      const p = Math.abs(tdErrors[i]!) + epsilon;
      if (p > max) max = p;
      leaf[i] = Math.exp(alpha * Math.log(p)); // p^α
    }
    if (max > this.maxPriority) {
      this.maxPriority = max;
      this.maxLeaf = max ** alpha;
    }
    this.trees.setMany(indices, leaf, n);
  }

  override async save(path: string): Promise<void> {
    const n = this.storage.size;
    await writeCheckpoint(path, {
      kind: this.kind,
      config: this.config(),
      state: {
        size: n,
        cursor: this.storage.cursor,
        maxPriority: this.maxPriority,
        sampleCount: this.samples,
      },
      sections: [...storageSections(this.storage), { name: "priorities", data: this.trees.leafValues(n) }],
    });
  }

  override async load(path: string): Promise<void> {
    const loaded = await readCheckpoint(path);
    const image = verifyStorageImage(path, loaded, this.kind, this.config(), this.storage);
    const pri = loaded.sections.get("priorities");
    const bad: (what: string) => never = (what) => {
      throw new GymkitError(
        "GYMKIT_CORRUPT_FILE",
        `Replay buffer checkpoint "${path}" does not fit this buffer: ${what}.`,
      );
    };
    if (!(pri instanceof Float64Array) || pri.length !== image.size) {
      bad(`section "priorities" should hold ${image.size} Float64Array values`);
    }
    for (let i = 0; i < pri.length; i++) {
      if (!(pri[i]! > 0 && pri[i]! < Number.POSITIVE_INFINITY))
        bad(`priorities[${i}] = ${pri[i]} is not a positive finite number`);
    }
    const { maxPriority, sampleCount } = loaded.state;
    if (typeof maxPriority !== "number" || !(maxPriority > 0 && Number.isFinite(maxPriority))) {
      bad(`maxPriority ${describeValue(maxPriority)} is not a positive finite number`);
    }
    if (!Number.isSafeInteger(sampleCount) || (sampleCount as number) < 0) {
      bad(`sampleCount ${describeValue(sampleCount)} is not a non-negative integer`);
    }
    applyStorageImage(this.storage, image);
    this.trees.assign(pri);
    this.maxPriority = maxPriority;
    this.maxLeaf = maxPriority ** this.options.alpha;
    this.samples = sampleCount as number;
  }

  /** Empties the buffer and its priorities; the β schedule keeps counting. */
  override clear(): void {
    super.clear();
    this.trees.clear();
    this.maxPriority = 1;
    this.maxLeaf = 1;
  }

  /** Stored leaves are p^α, so a checkpoint only fits a buffer with the same α. */
  private config(): Record<string, unknown> {
    return { ...storageConfig(this.storage), alpha: this.options.alpha };
  }
}
