import type { Rng } from "@gymkit/core";
import type { MutableBatch } from "./batch.js";
import type { CheckpointContents, LoadedCheckpoint } from "./checkpoint.js";
import type { TransitionStorage } from "./storage.js";

/**
 * Which stored slots a batch holds: TorchRL's `Sampler` (`ReplayBuffer(storage=…, sampler=…)`).
 * A sampler picks slots and knows nothing of what is in them; the `ReplayMemory` gathers the
 * rows from its storage. Three are registered: `UniformSampler` (uniform, with or without
 * replacement), `NewestFirstSampler` (online) and `PrioritizedSampler` (sum-tree PER).
 */
export interface Sampler {
  /** Batches carry importance `weights` (the memory allocates them). */
  readonly weighted: boolean;
  /** `sample` draws from the generator (the memory checks it was given one). */
  readonly random: boolean;
  /**
   * Writes `k` slots of `storage`'s filled rows into `out.indices` (and `out.weights` when
   * `weighted`). The memory has checked `1 <= k <= storage.size`.
   */
  sample(storage: TransitionStorage, k: number, rng: Rng, out: MutableBatch): void;
  /** A transition was just written at `slot` (TorchRL's `extend`; prioritized: its first priority). */
  added(slot: number): void;
  /** The storage was emptied. */
  clear(): void;
  /** The end of the "cannot sample k from n" error: what to change. */
  hint(capacity: number): string;
  /** State an image carries beside the rows, for samplers that have any. */
  readonly checkpoint?: SamplerCheckpoint | undefined;
}

/**
 * A sampler's part of a checkpoint image. `verify` checks it without touching anything, so a
 * damaged image changes neither the rows nor the sampler; `restore` then applies it.
 */
export interface SamplerCheckpoint<I = unknown> {
  /** Structural config the image must match (prioritized: α). */
  config(): Record<string, unknown>;
  /** Counters for the image's state. */
  state(): Record<string, unknown>;
  /** Sections written after the rows' (only the first `size` slots). */
  sections(size: number): CheckpointContents["sections"];
  verify(source: string | undefined, loaded: LoadedCheckpoint, size: number): I;
  restore(image: I): void;
}
