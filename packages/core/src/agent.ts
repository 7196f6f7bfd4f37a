import type { Metrics } from "./metrics.js";

/**
 * A batch of actions, flat and row-major: one int32 per sub-env for `Discrete` actions, `size`
 * float32 per sub-env for `Box` actions (`VectorEnv.actionSize` numbers each).
 */
export type ActionArray = Int32Array | Float32Array;

/**
 * One action as `train()` hands it around: a number for a `Discrete` space, a `Float32Array` of the
 * `Box`'s size for a continuous one.
 */
export type Action = number | Float32Array;

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
 * A learning agent: what every agent needs, nothing more. It owns its update schedule: `update`
 * does gradient steps only when they are due. Batched acting and persistence are optional
 * capabilities ({@link BatchActor}, {@link Checkpointable}).
 *
 * The loop's call order, per step of `train()`:
 * 1. `act(observation)` on a single env, or one `actBatch(observations, n)` on a vector env;
 * 2. the env's `step` with that action (a copy of it: `train()` copies a `Float32Array` action into
 *    its own buffer first, so an agent may reuse its output array);
 * 3. `observe(transition)` then `update()`, once per sub-env in `source` order (0, 1, ..., n − 1;
 *    a sub-env that only reset in this step, `next-step` autoreset, is skipped);
 * then evaluation (`act` with `explore: false` on the evaluation env) and checkpoints, when due.
 *
 * `Act` is a `number` for a `Discrete` action space, a `Float32Array` of the `Box`'s size for a
 * continuous one.
 */
export interface Agent<Obs = Float32Array, Act = number> {
  act(observation: Obs, options?: ActOptions): Act;
  /**
   * Takes one transition. The object, its observation arrays and a `Float32Array` action are
   * reused by the caller (`train()` allocates nothing per step): copy what you keep, as
   * `ReplayBuffer.add` does.
   */
  observe(transition: Transition<Obs, Act>): void;
  update(): UpdateResult | undefined;
  /** Frees what the agent holds (tensors, buffers). */
  dispose(): void;
}

/**
 * Capability: actions for many observations in one pass (vector envs). `A` is `Int32Array` for
 * `Discrete` actions (one per observation) and `Float32Array` for `Box` actions (`actionSize` per
 * observation, row-major).
 */
export interface BatchActor<A extends ActionArray = Int32Array> {
  /**
   * Actions for `count` observations stored row-major in `observations`, in one forward pass;
   * written into `out` when given (`train()` gives one, reused every step).
   */
  actBatch(observations: Float32Array, count: number, options?: ActOptions, out?: A): A;
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
export const canActBatch = <A extends object>(agent: A): agent is A & BatchActor<ActionArray> =>
  typeof (agent as Partial<BatchActor<ActionArray>>).actBatch === "function";

/** True when `agent` can write and restore checkpoints. */
export const isCheckpointable = <A extends object>(agent: A): agent is A & Checkpointable =>
  typeof (agent as Partial<Checkpointable>).checkpoint === "function" &&
  typeof (agent as Partial<Checkpointable>).restore === "function";

/** A value that changes with the env step, e.g. ε. */
export interface Schedule {
  value(step: number): number;
}
