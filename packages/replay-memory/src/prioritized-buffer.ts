import {
  type ParsedPrioritizedBufferOptions,
  type PrioritizedBufferOptions,
  parsePrioritizedBufferOptions,
} from "./options.js";
import { PrioritizedSampler } from "./prioritized-sampler.js";
import type { PriorityTrees } from "./priority-trees.js";
import { ReplayMemory } from "./replay-memory.js";
import { RowStorage } from "./row-storage.js";

/**
 * The `prioritized` buffer: proportional prioritized experience replay (Schaul et al. 2016),
 * a `ReplayMemory` of a `RowStorage` (one 64-byte record per transition: prioritized draws are
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
export class PrioritizedReplayBuffer extends ReplayMemory<RowStorage, PrioritizedSampler> {
  declare readonly kind: "prioritized";
  readonly options: Omit<ParsedPrioritizedBufferOptions, "layout">;
  /** The sampler's priority trees (read-only use: tests and benchmarks). */
  readonly trees: PriorityTrees;

  /** Options as `registry.create("buffer", "prioritized", options)` takes them; errors name `path`. */
  constructor(options: PrioritizedBufferOptions, path = "buffer") {
    const { layout, ...rest } = parsePrioritizedBufferOptions(options, path);
    super("prioritized", new RowStorage("prioritized", rest.capacity, layout), new PrioritizedSampler(rest));
    this.options = rest;
    this.trees = this.sampler.trees;
  }

  /** Sample calls so far (drives the β schedule). */
  get sampleCount(): number {
    return this.sampler.sampleCount;
  }

  /** β used by the next `sample()`. */
  get beta(): number {
    return this.sampler.beta;
  }

  /**
   * New priorities for sampled slots: p = (|δ| + ε)^α. All inputs are checked first; a bad one
   * changes nothing.
   */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    this.sampler.update(indices, tdErrors, this.storage.size);
  }
}
