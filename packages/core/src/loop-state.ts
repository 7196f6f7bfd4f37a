import type { EnvState } from "./env-state.js";
import { describeValue, GymkitError } from "./errors.js";
import type { EvaluationEvent } from "./events.js";
import { parseOptions, z } from "./schema.js";

/** Format of {@link LoopState}; a reader refuses any other. */
export const LOOP_STATE_FORMAT = "gymkit-loop/1";

/**
 * Everything `train()` needs to continue a run exactly from a checkpoint, as JSON data: what
 * `checkpoint.save(step, state)` gets from `state()`, and what `train({ resume })` takes back.
 * The agent and its replay buffer are saved and restored by the caller, from the same checkpoint.
 * The evaluation env needs nothing: every evaluation resets it with the run's eval seed.
 */
export interface LoopState {
  readonly format: typeof LOOP_STATE_FORMAT;
  /** Env steps taken (all sub-envs). */
  readonly step: number;
  /** Wall-clock seconds the run had trained when saved (a resumed run's clock continues from it). */
  readonly wallSeconds: number;
  /** Finished training episodes so far, in order. */
  readonly episodeReturns: readonly number[];
  readonly episodeLengths: readonly number[];
  /** Evaluations so far, in order. */
  readonly evaluations: readonly EvaluationEvent[];
  /** Warning kinds already emitted (each is emitted once per run). */
  readonly warned: readonly string[];
  /** The step thresholds of the next evaluation, checkpoint and event-loop yield (null: never). */
  readonly next: {
    readonly evaluation: number | null;
    readonly checkpoint: number | null;
    readonly yield: number;
  };
  /** The observations the next step acts on, one row per sub-env (one row for a single env). */
  readonly observations: readonly number[];
  /** The running episodes' undiscounted return and length so far, one per sub-env. */
  readonly running: { readonly returns: readonly number[]; readonly lengths: readonly number[] };
  /** Vector env, `next-step` autoreset: 1 where the next step only resets that sub-env. */
  readonly resetting: readonly number[];
  /** The training env's `getState()`. */
  readonly env: EnvState;
}

const count = z.number().int().min(0);
const threshold = z.number().int().min(1);
const LOOP_STATE = z.strictObject({
  format: z.literal(LOOP_STATE_FORMAT),
  step: count,
  wallSeconds: z.number().min(0),
  episodeReturns: z.array(z.number()),
  episodeLengths: z.array(threshold),
  evaluations: z.array(
    z.strictObject({
      step: threshold,
      mean: z.number(),
      std: z.number().min(0),
      returns: z.array(z.number()),
      lengths: z.array(threshold),
      wallSeconds: z.number().min(0),
      evalSeconds: z.number().min(0),
    }),
  ),
  warned: z.array(z.string()),
  next: z.strictObject({
    evaluation: threshold.nullable(),
    checkpoint: threshold.nullable(),
    yield: threshold,
  }),
  observations: z.array(z.number()),
  running: z.strictObject({ returns: z.array(z.number()), lengths: z.array(count) }),
  resetting: z.array(z.union([z.literal(0), z.literal(1)])),
  env: z.unknown(),
});

const invalid = (what: string): GymkitError =>
  new GymkitError(
    "GYMKIT_INVALID_ARGUMENT",
    `train: cannot resume: ${what}${/[.?]$/.test(what) ? "" : "."} Pass the state a checkpoint of this run saved (checkpoint.save's state()).`,
  );

/**
 * Checks a loop state before `train()` uses it: its shape (zod), then that it fits this run's env
 * (`numEnvs` sub-envs with `observationSize` numbers each). Throws a `GymkitError` naming the field.
 */
export function parseLoopState(input: unknown, numEnvs: number, observationSize: number): LoopState {
  let state: LoopState;
  try {
    state = parseOptions(LOOP_STATE, input ?? null, { path: "resume" }) as LoopState;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw invalid(message.replace(/^Invalid config at /, ""));
  }
  const sizes: Array<[string, number, number]> = [
    ["resume.observations", state.observations.length, numEnvs * observationSize],
    ["resume.running.returns", state.running.returns.length, numEnvs],
    ["resume.running.lengths", state.running.lengths.length, numEnvs],
    ["resume.resetting", state.resetting.length, numEnvs],
    ["resume.episodeLengths", state.episodeLengths.length, state.episodeReturns.length],
  ];
  for (const [field, got, expected] of sizes) {
    if (got !== expected) {
      const env = numEnvs === 1 ? "one env" : `${numEnvs} sub-envs`;
      throw invalid(
        `${field} has ${got} entries, expected ${expected} (${field === "resume.episodeLengths" ? "one per episode return" : `${env}, ${observationSize} numbers per observation`})`,
      );
    }
  }
  if (state.env === null || typeof state.env !== "object") {
    throw invalid(`resume.env must be the env's getState(), got ${describeValue(state.env)}`);
  }
  return state;
}

/** The first multiple of `every` after `step`: where a schedule of `every` steps goes next. */
export const nextMultiple = (step: number, every: number): number => every * (Math.floor(step / every) + 1);
