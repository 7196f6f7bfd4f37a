import type { Space } from "./space.js";

/** Info dictionaries are plain data. */
export type Info = Readonly<Record<string, unknown>>;

/** Arguments of `reset`, as Gymnasium's `reset(*, seed=None, options=None)`. */
export interface ResetArgs {
  /**
   * Seed the env's generator (a non-negative integer; a bigint for seeds beyond 2^53, which
   * Gymnasium takes as any Python int). Seed once, then never again.
   */
  seed?: number | bigint | undefined;
  /** Env-specific options, e.g. CartPole's `{ low, high }` initial-state bounds. */
  options?: Readonly<Record<string, unknown>> | undefined;
}

export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

/**
 * What `step` returns. Envs may reuse one result object and one observation buffer between calls:
 * a returned observation is valid until the next `step`/`reset` unless copied.
 */
export interface StepResult<Obs> {
  observation: Obs;
  reward: number;
  /** The MDP ended (e.g. the pole fell). Do not bootstrap from `observation`. */
  terminated: boolean;
  /** Cut short from outside the MDP (a time limit). Bootstrapping is still valid. */
  truncated: boolean;
  info: Info;
}

/** An RGB picture, `height × width × 3` bytes, row-major like Gymnasium's `rgb_array`. */
export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** What `render()` returns for the env's render mode. */
export type RenderFrame = string | RgbFrame | undefined;

/** Static facts about an env class (Gymnasium's `metadata`). */
export interface EnvMetadata {
  readonly renderModes: readonly string[];
  readonly renderFps?: number;
  readonly [key: string]: unknown;
}

/** How an env was made (Gymnasium's `EnvSpec`), attached to envs built by `registry.make`. */
export interface EnvSpec {
  /** `[namespace/]Name-vN` */
  readonly id: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly version: number | undefined;
  readonly maxEpisodeSteps: number | undefined;
  readonly rewardThreshold: number | undefined;
  /** Default make options, merged under the caller's. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** The options this env was actually made with (defaults merged with the caller's). */
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/**
 * A Gym-style environment. `Obs` and `Act` are the element types of its spaces.
 * Randomness comes only from the env's own generator, seeded through `reset({ seed })`.
 */
export interface Env<Obs = Float32Array, Act = number> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly metadata: EnvMetadata;
  /** The render mode fixed at construction, or undefined. */
  readonly renderMode: string | undefined;
  /** Set by `registry.make`; undefined for an env built by hand. */
  spec: EnvSpec | undefined;
  /** The innermost env, below all wrappers. */
  readonly unwrapped: Env<Obs, Act>;
  reset(args?: ResetArgs): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  render(): RenderFrame;
  close(): void;
}
