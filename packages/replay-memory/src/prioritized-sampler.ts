import { describeValue, GymkitError, type Rng } from "@gymkit/core";
import type { MutableBatch } from "./batch.js";
import type { LoadedCheckpoint } from "./checkpoint.js";
import type { ParsedPrioritizedBufferOptions } from "./options.js";
import { PriorityTrees } from "./priority-trees.js";
import type { Sampler, SamplerCheckpoint } from "./sampler.js";
import { refusal, type TransitionStorage } from "./storage.js";
import { mismatch } from "./storage-checkpoint.js";

const TWO_POW_M32 = 2 ** -32;

/** The trees of `capacity` leaves, or what they would take and what to lower. */
function allocateTrees(capacity: number): PriorityTrees {
  try {
    return new PriorityTrees(capacity);
  } catch (e) {
    // 4^k ≥ capacity leaves, and about 2/3 as many inner sums and mins again, 8 bytes each.
    const leaves = 4 ** Math.ceil(Math.log(Math.max(capacity, 4)) / Math.log(4));
    const mib = ((leaves + (2 * leaves) / 3) * 8) / 2 ** 20;
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Replay buffer "prioritized": cannot allocate the priority trees of ${capacity} transitions: ${mib.toFixed(0)} MiB, which ${refusal(e)}; lower capacity.`,
      { cause: e },
    );
  }
}

/** The sampler's part of a verified image, not yet applied. */
export interface PriorityImage {
  readonly priorities: Float64Array;
  readonly maxPriority: number;
  readonly sampleCount: number;
}

/**
 * The `prioritized` sampler: proportional prioritized replay (Schaul et al. 2016) over
 * `PriorityTrees`, one leaf per storage slot. It owns everything about priorities — the trees,
 * the largest priority seen, the β schedule — and nothing about transitions: the buffer tells it
 * which slot each write went to (`added`), and gathers the rows it draws.
 *
 * - P(i) = p_i^α / Σ_k p_k^α; new slots get the largest priority seen so far (starting at 1).
 * - Stratified draws: the total mass is cut into k equal segments, one draw in each.
 * - Weights w_i = (N·P(i))^−β / (N·P_min)^−β with P_min from the min-tree (OpenAI baselines).
 * - β goes linearly from `beta` to `betaFinal` over `betaAnnealSteps` draws.
 */
export class PrioritizedSampler implements Sampler, SamplerCheckpoint<PriorityImage> {
  readonly weighted = true;
  readonly random = true;
  /** Its own checkpoint part: priorities, the largest priority and the β step. */
  readonly checkpoint: SamplerCheckpoint<PriorityImage> = this;
  readonly trees: PriorityTrees;
  /** Largest |δ| + ε seen (before the exponent); new transitions get it. */
  private maxPriority = 1;
  /** maxPriority^α, cached for `added`. */
  private maxLeaf = 1;
  private samples = 0;
  /** Scratch for the stratified masses of one draw. */
  private masses = new Float64Array(0);
  /** Scratch for the new leaf values of one `update`. */
  private leafScratch = new Float64Array(0);

  constructor(readonly options: Omit<ParsedPrioritizedBufferOptions, "layout">) {
    this.trees = allocateTrees(options.capacity);
  }

  sample(_storage: TransitionStorage, k: number, rng: Rng, out: MutableBatch): void {
    // The batch is weighted (`weighted` above), so the memory allocated `out.weights`.
    this.draw(rng, k, out.indices, out.weights!);
  }

  hint(_capacity: number): string {
    return "set learningStarts >= batchSize.";
  }

  /** Draws so far (drives the β schedule). */
  get sampleCount(): number {
    return this.samples;
  }

  /** β used by the next draw. */
  get beta(): number {
    const { beta, betaFinal, betaAnnealSteps } = this.options;
    return beta + (betaFinal - beta) * Math.min(1, this.samples / betaAnnealSteps);
  }

  /** A transition was written to `slot`: it gets the largest priority seen so far. */
  added(slot: number): void {
    this.trees.set(slot, this.maxLeaf);
  }

  /** Writes k slots drawn ∝ p^α into `indices` and their max-normalised weights into `weights`. */
  draw(rng: Rng, k: number, indices: Int32Array, weights: Float32Array): void {
    const beta = this.beta;
    this.samples++;
    const trees = this.trees;
    const segment = trees.total / k;
    if (this.masses.length < k) this.masses = new Float64Array(k);
    const masses = this.masses;
    for (let i = 0; i < k; i++) masses[i] = (i + rng.uint32() * TWO_POW_M32) * segment;
    trees.findMany(masses, k, indices);
    // (N·P_i)^-β / (N·P_min)^-β = (p_i / p_min)^-β, as exp(-β·(ln p_i − ln p_min)): half the
    // cost of `**`, within ~1e-15 relative.
    const logMin = Math.log(trees.min);
    const leaf = trees.values;
    for (let i = 0; i < k; i++) {
      weights[i] = Math.exp(-beta * (Math.log(leaf[indices[i]!]!) - logMin));
    }
  }

  /**
   * New priorities p = (|δ| + ε)^α for slots below `size`. All inputs are checked first; a bad
   * one changes nothing.
   */
  update(indices: ArrayLike<number>, tdErrors: ArrayLike<number>, size: number): void {
    const n = indices?.length;
    if (typeof n !== "number" || tdErrors?.length !== n) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Replay buffer "prioritized": updatePriorities needs as many TD errors as indices, got ${describeValue(n)} indices and ${describeValue(tdErrors?.length)} TD errors.`,
      );
    }
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

  /** Empties the priorities; the β schedule keeps counting. */
  clear(): void {
    this.trees.clear();
    this.maxPriority = 1;
    this.maxLeaf = 1;
  }

  /** Stored leaves are p^α, so an image only fits a sampler with the same α. */
  config(): Record<string, unknown> {
    return { alpha: this.options.alpha };
  }

  /** Counters for the image's state. */
  state(): Record<string, unknown> {
    return { maxPriority: this.maxPriority, sampleCount: this.samples };
  }

  /** The priority of each of the first `size` slots (the tree itself is rebuilt on load). */
  sections(size: number): Array<{ name: string; data: Float64Array }> {
    return [{ name: "priorities", data: this.trees.leafValues(size) }];
  }

  /** @internal Checks the sampler's part of a decoded image for `size` stored rows, touching nothing. */
  verify(source: string | undefined, loaded: LoadedCheckpoint, size: number): PriorityImage {
    const pri = loaded.sections.get("priorities");
    if (!(pri instanceof Float64Array) || pri.length !== size) {
      mismatch(source, `section "priorities" should hold ${size} Float64Array values`);
    }
    for (let i = 0; i < pri.length; i++) {
      if (!(pri[i]! > 0 && pri[i]! < Number.POSITIVE_INFINITY))
        mismatch(source, `priorities[${i}] = ${pri[i]} is not a positive finite number`);
    }
    const { maxPriority, sampleCount } = loaded.state;
    if (typeof maxPriority !== "number" || !(maxPriority > 0 && Number.isFinite(maxPriority))) {
      mismatch(source, `maxPriority ${describeValue(maxPriority)} is not a positive finite number`);
    }
    if (!Number.isSafeInteger(sampleCount) || (sampleCount as number) < 0) {
      mismatch(source, `sampleCount ${describeValue(sampleCount)} is not a non-negative integer`);
    }
    return { priorities: pri, maxPriority, sampleCount: sampleCount as number };
  }

  /** @internal Applies a verified image: rebuilds the trees and restores the counters. */
  restore(image: PriorityImage): void {
    this.trees.assign(image.priorities);
    this.maxPriority = image.maxPriority;
    this.maxLeaf = image.maxPriority ** this.options.alpha;
    this.samples = image.sampleCount;
  }
}
