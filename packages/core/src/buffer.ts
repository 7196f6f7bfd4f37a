import type { Transition } from "./agent.js";
import type { Rng } from "./rng.js";

/**
 * A sampled minibatch, structure-of-arrays. Arrays are preallocated and reused by the next
 * `sample` unless it was asked for a copy. Row i of `observations` is
 * `observations.subarray(i * obsSize, (i + 1) * obsSize)`; row i of `actions` is
 * `actions.subarray(i * actionSize, (i + 1) * actionSize)`.
 */
export interface Batch {
  readonly size: number;
  readonly observations: Float32Array;
  /** `Int32Array` of one action per row for `Discrete` actions; `Float32Array` of `actionSize` per row for `Box`. */
  readonly actions: Int32Array | Float32Array;
  /** Numbers per action: 1 for `Discrete`, the Box's size for `Box`. */
  readonly actionSize: number;
  readonly rewards: Float32Array;
  readonly nextObservations: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** Storage slots the rows came from (for `updatePriorities`). */
  readonly indices: Int32Array;
  /** Importance-sampling weights, normalised by their max (prioritized buffers only). */
  readonly weights?: Float32Array | undefined;
}

export interface SampleOptions {
  /** Return fresh arrays instead of the reused ones. @default false */
  copy?: boolean;
}

/** n transitions at once (from a vector env), structure-of-arrays. */
export interface TransitionBatch {
  readonly count: number;
  readonly observations: ArrayLike<number>;
  /** n actions: one number each for `Discrete`, n × the Box's size (row-major) for `Box`. */
  readonly actions: ArrayLike<number>;
  readonly rewards: ArrayLike<number>;
  readonly nextObservations: ArrayLike<number>;
  readonly terminated: ArrayLike<number | boolean>;
  readonly truncated: ArrayLike<number | boolean>;
}

/** Replay memory: stores transitions and samples minibatches. */
export interface ReplayBuffer {
  /** Registered kind, e.g. `uniform`. */
  readonly kind: string;
  /** Transitions stored now (never above `capacity`). */
  readonly size: number;
  readonly capacity: number;
  /** Numbers per observation. */
  readonly observationSize: number;
  /** Numbers per action: 1 for `Discrete` actions, the Box's size for `Box` actions. */
  readonly actionSize: number;
  /**
   * Copies the transition in; rejects bad input without touching what is stored. `action` is a
   * number for `Discrete` action spaces and an array of the Box's size for `Box`.
   */
  add(transition: Transition<ArrayLike<number>, number | ArrayLike<number>>): void;
  addBatch(batch: TransitionBatch): void;
  sample(batchSize: number, rng: Rng, options?: SampleOptions): Batch;
  /** Prioritized buffers: new priorities from the absolute TD errors of a sampled batch. */
  updatePriorities?(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void;
  /**
   * The stored transitions and sampler state as one self-checking binary image (browser-safe).
   * Writing it to a file atomically is the Node entry point's job.
   */
  serialize?(): Uint8Array;
  /** Restores what `serialize` produced; a damaged image throws and changes nothing. */
  deserialize?(bytes: Uint8Array, source?: string): void;
  clear(): void;
}
