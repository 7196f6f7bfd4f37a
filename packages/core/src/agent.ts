import type { Metrics } from "./metrics.js";

/** One environment transition, as an agent observes it. */
export interface Transition<Obs = Float32Array, Act = number> {
  observation: Obs;
  action: Act;
  reward: number;
  /** The observation returned by `step` (the final one when the episode ended). */
  nextObservation: Obs;
  /** Do not bootstrap from `nextObservation`. */
  terminated: boolean;
  /** Time limit: bootstrap from `nextObservation` as usual. */
  truncated: boolean;
  /**
   * Which env the transition came from when one agent learns from several (the sub-env index of
   * a vector env; `train()` sets it). Agents that follow episodes across steps (n-step returns)
   * keep one window per source. @default 0
   */
  source?: number;
}

export interface ActOptions {
  /** ε-greedy exploration when true (training); greedy when false (evaluation). @default true */
  explore?: boolean;
}

/** What one `update()` did, when it did something. */
export interface UpdateResult {
  /** Env steps observed so far. */
  step: number;
  /** Gradient updates done so far. */
  updates: number;
  /** True when the target network was synced during this update. */
  targetSynced: boolean;
  /** What the update measured, by the names of `METRICS` (`train/loss`, `train/q_mean`, ...). */
  metrics: Metrics;
  /** Something the user should see (e.g. divergence); `train()` emits it as a `warning` event once per kind. */
  warning?: { kind: string; message: string; figures?: Readonly<Record<string, number>> } | undefined;
}

/**
 * A learning agent: what every agent needs, nothing more. It owns its update schedule: `train()`
 * calls `observe` after every env step and `update` right after; `update` does gradient steps
 * only when they are due. Batched acting and persistence are optional capabilities
 * ({@link BatchActor}, {@link Checkpointable}).
 */
export interface Agent<Obs = Float32Array, Act = number> {
  act(observation: Obs, options?: ActOptions): Act;
  /**
   * Takes one transition. The object and its observation arrays are reused by the caller
   * (`train()` allocates nothing per step): copy what you keep, as `ReplayBuffer.add` does.
   */
  observe(transition: Transition<Obs, Act>): void;
  update(): UpdateResult | undefined;
  /** Frees what the agent holds (tensors, buffers). */
  dispose(): void;
}

/** Capability: actions for many observations in one pass (vector envs). */
export interface BatchActor {
  /** Actions for `count` observations stored row-major in `observations`, in one forward pass. */
  actBatch(observations: Float32Array, count: number, options?: ActOptions, out?: Int32Array): Int32Array;
}

/**
 * A checkpoint as named files of bytes (`model.json`, `weights.bin`, ...). Browser-safe: writing
 * them to a directory is the job of a package's Node entry point (`@gymkit/core/node`).
 */
export type CheckpointFiles = Readonly<Record<string, Uint8Array>>;

/** Capability: the agent's whole state (weights, optimizer, counters, RNGs) as files, and back. */
export interface Checkpointable {
  /** Everything needed to continue exactly where the agent is now. */
  checkpoint(): Promise<CheckpointFiles>;
  /** Restores what `checkpoint` produced; verifies everything before changing anything. */
  restore(files: CheckpointFiles, source?: string): Promise<void>;
}

/** True when `agent` can act on a batch of observations. */
export const canActBatch = <A extends object>(agent: A): agent is A & BatchActor =>
  typeof (agent as Partial<BatchActor>).actBatch === "function";

/** True when `agent` can write and restore checkpoints. */
export const isCheckpointable = <A extends object>(agent: A): agent is A & Checkpointable =>
  typeof (agent as Partial<Checkpointable>).checkpoint === "function" &&
  typeof (agent as Partial<Checkpointable>).restore === "function";

/** A value that changes with the env step, e.g. ε. */
export interface Schedule {
  value(step: number): number;
}
