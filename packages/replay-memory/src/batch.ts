import { type Batch, describeValue, GymkitError } from "@gymkit/core";
import type { TransitionLayout } from "./layout.js";

/** A `Batch` the buffer fills in place (the public type is read-only). */
export interface MutableBatch {
  size: number;
  observations: Float32Array;
  actions: Int32Array | Float32Array;
  actionSize: number;
  rewards: Float32Array;
  nextObservations: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  indices: Int32Array;
  weights?: Float32Array | undefined;
}

/** Preallocated batch arrays for `size` rows of `layout`. */
export function createBatch(size: number, layout: TransitionLayout, withWeights: boolean): MutableBatch {
  const observationSize = layout.observationSize;
  const a = layout.actionSize;
  return {
    size,
    observations: new Float32Array(size * observationSize),
    actions: layout.action.type === "Discrete" ? new Int32Array(size) : new Float32Array(size * a),
    actionSize: a,
    rewards: new Float32Array(size),
    nextObservations: new Float32Array(size * observationSize),
    terminated: new Uint8Array(size),
    truncated: new Uint8Array(size),
    indices: new Int32Array(size),
    weights: withWeights ? new Float32Array(size) : undefined,
  };
}

/** Fresh copies of a batch's arrays (for `sample(..., { copy: true })`). */
export function copyBatch(b: Batch): Batch {
  return {
    size: b.size,
    observations: b.observations.slice(),
    actions: b.actions.slice(),
    actionSize: b.actionSize,
    rewards: b.rewards.slice(),
    nextObservations: b.nextObservations.slice(),
    terminated: b.terminated.slice(),
    truncated: b.truncated.slice(),
    indices: b.indices.slice(),
    weights: b.weights?.slice(),
  };
}

/**
 * The one batch a buffer hands out from `sample`, reallocated only when the batch size changes
 * (a training loop samples the same size every time, so sampling allocates nothing).
 */
export class ReusedBatch {
  private batch: MutableBatch | undefined;

  constructor(
    private readonly layout: TransitionLayout,
    /** Whether batches carry importance `weights`. */
    private readonly weighted: boolean,
  ) {}

  /** The batch arrays for `batchSize` rows. */
  get(batchSize: number): MutableBatch {
    let b = this.batch;
    if (b === undefined || b.size !== batchSize) {
      b = createBatch(batchSize, this.layout, this.weighted);
      this.batch = b;
    }
    return b;
  }
}

/** The standard error when a batch cannot be drawn; `hint` says what to change. */
export function assertBatchSize(kind: string, batchSize: number, size: number, hint: string): void {
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Replay buffer "${kind}": batchSize must be a positive integer, got ${describeValue(batchSize)}.`,
    );
  }
  if (batchSize > size) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Replay buffer "${kind}": cannot sample ${batchSize} from ${size} stored transitions; ${hint}`,
    );
  }
}

/**
 * The generator a `sample` call draws from: anything else (a forgotten argument, a seed number)
 * is an error that says what to pass, instead of a TypeError deep in the sampler.
 */
export function assertRng(kind: string, rng: unknown): void {
  const r = rng as { uint32?: unknown; int?: unknown } | null | undefined;
  if (typeof r?.uint32 !== "function" || typeof r.int !== "function") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Replay buffer "${kind}": sample(batchSize, rng) needs a generator from @gymkit/core (createRng(seed), or a run's seeds.replay), got ${describeValue(rng)}.`,
    );
  }
}
