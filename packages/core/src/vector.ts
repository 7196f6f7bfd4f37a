import type { ActionArray } from "./agent.js";
import type { Info } from "./env.js";
import type { Space } from "./space.js";
import type { Box } from "./spaces/box.js";

/**
 * When a vector env resets a finished sub-env (Gymnasium 1.x `AutoresetMode`):
 * - `next-step`: the step that ends an episode returns the final observation; the *next* `step`
 *   resets that sub-env (its action is ignored, reward 0, flags false). Gymnasium's default.
 * - `same-step`: the step that ends an episode resets at once; `observations` holds the new
 *   episode's first observation and `finalObservations` the last one of the ended episode.
 * - `disabled`: nothing resets by itself; call `reset({ mask })`.
 * Consumers that need one mode declare it in their types and refuse the others.
 */
export type AutoresetMode = "next-step" | "same-step" | "disabled";

/** Batched results, structure-of-arrays; buffers are reused between calls. */
export interface VectorStepResult {
  /** `numEnvs × observationSize`, row-major. */
  observations: Float32Array;
  rewards: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /**
   * `same-step` mode only: the last observation of each sub-env whose episode ended in this step,
   * i.e. the rows where `terminated[i] || truncated[i]` (other rows are unspecified). That step's
   * info is `infos[i].finalInfo`.
   */
  finalObservations?: Float32Array;
  infos: readonly Info[];
}

export interface VectorResetArgs {
  /** One seed (sub-env i gets seed + i, as Gymnasium) or one per sub-env. */
  seed?: number | readonly number[] | undefined;
  options?: Readonly<Record<string, unknown>> | undefined;
  /** `disabled` mode: reset only the sub-envs where mask[i] is true. */
  mask?: ArrayLike<boolean | number> | undefined;
}

/**
 * n copies of one env stepped together. Actions go in as one flat batch of `numEnvs × actionSize`
 * numbers, row-major: an `Int32Array` with one action per sub-env for a `Discrete` action space,
 * a `Float32Array` with `actionSize` numbers per sub-env for a `Box`.
 */
export interface VectorEnv<Mode extends AutoresetMode = AutoresetMode> {
  readonly numEnvs: number;
  readonly autoresetMode: Mode;
  readonly singleObservationSpace: Space<Float32Array>;
  readonly singleActionSpace: Space<number> | Box;
  /** Numbers per observation (product of the single observation shape). */
  readonly observationSize: number;
  /** Numbers per action: 1 for a `Discrete` action space, the `Box`'s size for a continuous one. */
  readonly actionSize: number;
  reset(args?: VectorResetArgs): { observations: Float32Array; infos: readonly Info[] };
  /** `actions[i * actionSize + k]` is component k of sub-env i's action (plain arrays accepted too). */
  step(actions: ActionArray | readonly number[]): VectorStepResult;
  close(): void;
}
