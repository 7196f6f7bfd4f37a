import type { Rng } from "./rng.js";

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
  /** Mean loss over this update's gradient steps. */
  loss: number;
  /** Mean Q(s, a) of the sampled batch. */
  qMean: number;
  epsilon: number;
  /** True when the target-sync strategy synced during this update. */
  targetSynced: boolean;
}

/**
 * A learning agent. It owns its update schedule: `train()` calls `observe` after every env step
 * and `update` right after; `update` does gradient steps only when they are due.
 */
export interface Agent<Obs = Float32Array, Act = number> {
  act(observation: Obs, options?: ActOptions): Act;
  /** Actions for `count` observations stored row-major in `observations`, in one forward pass. */
  actBatch(observations: Float32Array, count: number, options?: ActOptions, out?: Int32Array): Int32Array;
  /**
   * Takes one transition. The object and its observation arrays are reused by the caller
   * (`train()` allocates nothing per step): copy what you keep, as `ReplayBuffer.add` does.
   */
  observe(transition: Transition<Obs, Act>): void;
  update(): UpdateResult | undefined;
  /** Current exploration rate. */
  readonly epsilon: number;
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
  /** Frees what the agent holds (tensors, buffers). */
  dispose(): void;
}

/** A value that changes with the env step, e.g. ε. */
export interface Schedule {
  value(step: number): number;
}

/** Options every agent factory receives besides its own (the run supplies them). */
export interface AgentContext {
  readonly rng: Rng;
  /** The run's step budget, for schedules defined as a fraction of it. */
  readonly totalSteps: number;
}
