/** The options of `train()` and `evaluate()`, and the checks their arguments get before anything runs. */
import { type Action, type Agent, canActBatch } from "./agent.js";
import type { Env } from "./env.js";
import { isStatefulEnv, notStatefulError } from "./env-state.js";
import { describeValue, GymkitError } from "./errors.js";
import type { EvaluationEvent, RunProgress, TrainingEvents } from "./events.js";
import { type LoopState, parseLoopState } from "./loop-state.js";
import type { VectorEnv } from "./vector.js";

/** What a run may await at safe points, and how it can be stopped from outside. */
export interface RunHooks {
  /** Polled once per step; true stops the run (reason `stopped`), with a checkpoint when `checkpoint` is set. */
  shouldStop?: (() => boolean) | undefined;
  /** Aborting stops the run after the current step (reason `stopped`), with a checkpoint when `checkpoint` is set. */
  signal?: AbortSignal | undefined;
  /**
   * Awaited every `every` env steps, between two steps (nothing else runs meanwhile), e.g. to
   * write a checkpoint. A `checkpoint` event follows with what `save` returned as `path`.
   * `state()` gives the loop's {@link LoopState} (JSON data, built only when called): saved with
   * the agent and its buffer, it lets `train({ resume })` continue exactly from this step.
   */
  checkpoint?:
    | {
        every: number;
        save: (step: number, state: () => LoopState) => Promise<string | undefined>;
        /**
         * Also save when the run completes (before `runEnd`), unless the last save was at that
         * step: a final save that fails afterwards (disk full) then resumes at the end. Skipped on
         * an env that cannot save its state.
         * @default false
         */
        atEnd?: boolean | undefined;
      }
    | undefined;
  /** Awaited after each evaluation, before training goes on (e.g. save the best model). */
  onEvaluation?: ((evaluation: EvaluationEvent) => void | Promise<void>) | undefined;
}

/**
 * Options of `train`. `Act` is the action type: `number` for a `Discrete` action space, a
 * `Float32Array` of the `Box`'s size for a continuous one.
 */
export interface TrainOptions<Act extends Action = Action> extends RunHooks {
  /**
   * One env, or n envs stepped in lockstep (the agent must be a `BatchActor`: of `Int32Array` for
   * `Discrete` actions, of `Float32Array` for `Box` actions). An env with a `Discrete` observation
   * space (the cell index, a number) is fine: the agent gets the index as a `Float32Array` of 1.
   */
  env: Env<Float32Array, Act> | Env<number, Act> | VectorEnv;
  agent: Agent<Float32Array, Act>;
  /** The run's events; hot-path events are emitted only when someone listens. */
  events?: TrainingEvents | undefined;
  /** Env steps to take, counted over all sub-envs. */
  budget: { steps: number };
  /**
   * The run's root seed: the env's first reset and the evaluation env's take the streams
   * `runSeeds(seed)` derives (the same a composed run gives its parts). @default 0
   */
  seed?: number | undefined;
  /** Shown in `runStart`/`runEnd`. @default `run-${seed}` */
  runId?: string | undefined;
  /** The run's resolved config, passed on in `runStart` (a composed run gives it). */
  config?: Readonly<Record<string, unknown>> | undefined;
  /** Periodic greedy evaluation on a separate env, seeded with `runSeeds(seed).eval`. */
  evaluation?:
    | {
        env: Env<Float32Array, Act> | Env<number, Act>;
        /** Evaluate every this many env steps. */
        every: number;
        episodes: number;
        /** Stop the run once an evaluation's mean return reaches this. */
        stopAtMean?: number | undefined;
      }
    | undefined;
  /**
   * Continue a run from a checkpoint's {@link LoopState} instead of starting it: the env is not
   * reset but restored (it must implement `StatefulEnv`), and the step, episodes, evaluations and
   * schedules go on from the state. With the agent and buffer restored by the caller from the same
   * checkpoint, the run ends exactly as an uninterrupted one (its result includes the episodes and
   * evaluations before the interruption). Give it the same env, budget and schedules as the run had.
   */
  resume?: LoopState | undefined;
}

/** Why `train` stopped. */
export type StopCause = "budget" | "stopAtMean" | "shouldStop" | "signal";

/** What `train` returns. */
export interface TrainResult extends RunProgress {
  /** `completed`: budget spent or `stopAtMean` reached; `stopped`: `shouldStop` or the signal. */
  reason: "completed" | "stopped";
  stoppedBy: StopCause;
  episodeReturns: number[];
  episodeLengths: number[];
  evaluations: EvaluationEvent[];
}

const hasMethods = (value: unknown, names: readonly string[]): boolean =>
  typeof value === "object" &&
  value !== null &&
  names.every((n) => typeof (value as Record<string, unknown>)[n] === "function");

/** An env (or vector env) as train/evaluate need it, else an error saying what was given. */
export function checkEnvArg(env: unknown, what: string): void {
  if (!hasMethods(env, ["reset", "step"])) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} must be an env with reset() and step() (registry.make(id), or a vector env), got ${describeValue(env)}.`,
    );
  }
}

/** An agent with the members train/evaluate call, else an error naming what is missing. */
export function checkAgentArg(agent: unknown, members: readonly string[], what: string): void {
  if (!hasMethods(agent, members)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} must be an agent with ${members.map((m) => `${m}()`).join(", ")}, got ${describeValue(agent)}.`,
    );
  }
}

/** An optional callback option, else an error naming it. */
export function checkFunction(value: unknown, what: string): void {
  if (value !== undefined && typeof value !== "function") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} must be a function, got ${describeValue(value)}.`,
    );
  }
}

export function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} must be a positive integer, got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** True for a vector env (`numEnvs` sub-envs stepped together). */
export const isVector = <Act>(env: Env<Float32Array, Act> | Env<number, Act> | VectorEnv): env is VectorEnv =>
  typeof (env as Partial<VectorEnv>).numEnvs === "number";

/** What `checkTrainOptions` found out. */
export interface CheckedTrainOptions {
  totalSteps: number;
  /** The env when it is a vector env. */
  vector: VectorEnv | undefined;
  /** Sub-envs (1 for a single env). */
  n: number;
  /** Numbers per observation. */
  obsSize: number;
  /** The checked loop state to resume from. */
  resume: LoopState | undefined;
}

/**
 * Checks `train()`'s options before anything runs, the loop state to resume from included (it must
 * fit the env's sizes). Throws a `GymkitError` naming the option.
 */
export function checkTrainOptions<Act extends Action>(options: TrainOptions<Act>): CheckedTrainOptions {
  const { env, agent, evaluation, checkpoint, shouldStop, onEvaluation, signal } = options;
  const totalSteps = positiveInteger(options.budget?.steps, "train: budget.steps");
  checkEnvArg(env, "train: env");
  checkAgentArg(agent, ["act", "observe", "update"], "train: agent");
  if (evaluation) {
    checkEnvArg(evaluation.env, "train: evaluation.env");
    positiveInteger(evaluation.every, "train: evaluation.every");
    positiveInteger(evaluation.episodes, "train: evaluation.episodes");
  }
  if (checkpoint) {
    positiveInteger(checkpoint.every, "train: checkpoint.every");
    checkFunction(checkpoint.save, "train: checkpoint.save");
    if (checkpoint.save === undefined) checkFunction(null, "train: checkpoint.save");
  }
  checkFunction(shouldStop, "train: shouldStop");
  checkFunction(onEvaluation, "train: onEvaluation");
  if (signal !== undefined && typeof (signal as Partial<AbortSignal>)?.aborted !== "boolean") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `train: signal must be an AbortSignal (new AbortController().signal), got ${describeValue(signal)}.`,
    );
  }
  const vector = isVector(env) ? env : undefined;
  const n = vector ? vector.numEnvs : 1;
  const obsSize = vector
    ? vector.observationSize
    : (env as Env<Float32Array, Act>).observationSpace.shape.reduce((a, b) => a * b, 1);
  const resume = options.resume === undefined ? undefined : parseLoopState(options.resume, n, obsSize);
  if (resume && !isStatefulEnv(env)) throw notStatefulError(env);
  if (isVector(env) && !canActBatch(agent)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `train: a vector env of ${env.numEnvs} sub-envs needs an agent with actBatch(observations, count); this agent has none. Pass a single env instead.`,
    );
  }
  if (isVector(env) && env.autoresetMode === "disabled") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      'train: a vector env with autoresetMode "disabled" never resets its sub-envs; use "next-step" or "same-step".',
    );
  }
  return { totalSteps, vector, n, obsSize, resume };
}
