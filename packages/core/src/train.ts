import { type ActOptions, type Agent, type BatchActor, canActBatch, type Transition } from "./agent.js";
import type { Env } from "./env.js";
import { isStatefulEnv, notStatefulError } from "./env-state.js";
import { describeValue, GymkitError } from "./errors.js";
import type {
  EvaluationEvent,
  EvaluationResult,
  RunEndEvent,
  RunProgress,
  TrainingEvents,
} from "./events.js";
import { LOOP_STATE_FORMAT, type LoopState, nextMultiple, parseLoopState } from "./loop-state.js";
import { runSeeds } from "./seeds.js";
import type { VectorEnv } from "./vector.js";

/**
 * Steps after which `evaluate` cuts an episode of an env that has no time limit of its own (no
 * `maxEpisodeSteps` in its spec): greedy policies often stall (e.g. stand still), and an episode
 * that never ends would hold the run forever. A cut episode counts with the return it had.
 */
export const DEFAULT_EVAL_EPISODE_STEPS = 10_000;

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Greedy episodes to run. */
  episodes: number;
  /** Seed of the first episode's reset; later episodes continue the env's generator. */
  seed?: number | undefined;
  /**
   * Cut an episode after this many steps.
   * @default the env's `spec.maxEpisodeSteps`, else {@link DEFAULT_EVAL_EPISODE_STEPS}
   */
  maxEpisodeSteps?: number | undefined;
  /** Polled once per step; true ends the evaluation at once (the result says `stopped`). */
  shouldStop?: (() => boolean) | undefined;
  /** Aborting ends the evaluation at once (the result says `stopped`). */
  signal?: AbortSignal | undefined;
}

/** What `evaluate` returns. */
export interface EvaluateResult extends EvaluationResult {
  /** Set when `shouldStop` or the signal ended it: the figures cover only the episodes finished. */
  stopped?: true;
  /** Episodes cut by {@link DEFAULT_EVAL_EPISODE_STEPS} (the env has no time limit); absent when none. */
  cutEpisodes?: number;
}

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

/** Options of `train`. */
export interface TrainOptions extends RunHooks {
  /** One env, or n envs stepped in lockstep (the agent must be a `BatchActor`). */
  env: Env<Float32Array, number> | VectorEnv;
  agent: Agent;
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
        env: Env<Float32Array, number>;
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

const EXPLORE: ActOptions = Object.freeze({ explore: true });
const GREEDY: ActOptions = Object.freeze({ explore: false });
/** Steps between yields to the event loop, so signals, timers and progress output get their turn. */
const YIELD_EVERY = 1000;
/**
 * At most this many ms between yields, whatever a step costs: with slow steps, 1000 of them would
 * keep a stop request (Ctrl-C, a pool's "stop") unseen for minutes. The clock is read every 16 steps.
 */
const YIELD_MS = 100;

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/** Turns given to the event loop: `due()` every YIELD_MS ms of work (checked every 16 calls). */
function eventLoopTurns(): { due(): boolean; take(): Promise<void> } {
  let calls = 0;
  let deadline = performance.now() + YIELD_MS;
  return {
    due: () => (++calls & 15) === 0 && performance.now() >= deadline,
    async take() {
      await yieldToEventLoop();
      deadline = performance.now() + YIELD_MS;
    },
  };
}

const hasMethods = (value: unknown, names: readonly string[]): boolean =>
  typeof value === "object" &&
  value !== null &&
  names.every((n) => typeof (value as Record<string, unknown>)[n] === "function");

/** An env (or vector env) as train/evaluate need it, else an error saying what was given. */
function checkEnvArg(env: unknown, what: string): void {
  if (!hasMethods(env, ["reset", "step"])) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} must be an env with reset() and step() (registry.make(id), or a vector env), got ${describeValue(env)}.`,
    );
  }
}

/** An agent with the members train/evaluate call, else an error naming what is missing. */
function checkAgentArg(agent: unknown, members: readonly string[], what: string): void {
  if (!hasMethods(agent, members)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} must be an agent with ${members.map((m) => `${m}()`).join(", ")}, got ${describeValue(agent)}.`,
    );
  }
}

/** An optional callback option, else an error naming it. */
function checkFunction(value: unknown, what: string): void {
  if (value !== undefined && typeof value !== "function") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} must be a function, got ${describeValue(value)}.`,
    );
  }
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} must be a positive integer, got ${describeValue(value)}.`,
    );
  }
  return value;
}

/**
 * Runs `episodes` greedy episodes (`act(obs, { explore: false })`) and reports their returns.
 * The first reset uses `seed`, later ones continue the env's generator, so two evaluations with
 * the same seed see the same start states. Every episode ends: at the env's own end, at
 * `maxEpisodeSteps`, or on a stop request (checked every step; the event loop gets a turn at
 * least every {@link YIELD_MS} ms, so a stop from outside is seen).
 */
export async function evaluate(
  env: Env<Float32Array, number>,
  agent: Pick<Agent, "act">,
  options: EvaluateOptions,
): Promise<EvaluateResult> {
  checkEnvArg(env, "evaluate: env");
  checkAgentArg(agent, ["act"], "evaluate: agent");
  const episodes = positiveInteger(options?.episodes, "evaluate: episodes");
  checkFunction(options.shouldStop, "evaluate: shouldStop");
  const ownLimit = env.spec?.maxEpisodeSteps;
  const maxSteps =
    options.maxEpisodeSteps !== undefined
      ? positiveInteger(options.maxEpisodeSteps, "evaluate: maxEpisodeSteps")
      : (ownLimit ?? DEFAULT_EVAL_EPISODE_STEPS);
  const byDefault = options.maxEpisodeSteps === undefined && ownLimit === undefined;
  const { shouldStop, signal } = options;
  const returns: number[] = [];
  const lengths: number[] = [];
  let cutEpisodes = 0;
  let stopped = false;
  const turns = eventLoopTurns();
  everyEpisode: for (let e = 0; e < episodes; e++) {
    let observation = env.reset(e === 0 ? { seed: options.seed } : undefined).observation;
    let episodeReturn = 0;
    let length = 0;
    for (;;) {
      if (shouldStop?.() || signal?.aborted) {
        stopped = true;
        break everyEpisode;
      }
      const result = env.step(agent.act(observation, GREEDY));
      episodeReturn += result.reward;
      length++;
      if (result.terminated || result.truncated) break;
      if (length >= maxSteps) {
        if (byDefault) cutEpisodes++;
        break;
      }
      observation = result.observation;
      if (turns.due()) await turns.take();
    }
    returns.push(episodeReturn);
    lengths.push(length);
  }
  const n = Math.max(1, returns.length);
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / n);
  return {
    mean,
    std,
    returns,
    lengths,
    ...(stopped ? { stopped: true as const } : {}),
    ...(cutEpisodes > 0 ? { cutEpisodes } : {}),
  };
}

const throwNotStateful = (env: object): never => {
  throw notStatefulError(env);
};

/** True for a vector env (`numEnvs` sub-envs stepped together). */
const isVector = (env: Env<Float32Array, number> | VectorEnv): env is VectorEnv =>
  typeof (env as Partial<VectorEnv>).numEnvs === "number";

/**
 * The training loop, top to bottom like CleanRL's: reset → act → step → observe → update → events
 * → (episode end: reset) → periodic greedy evaluation → checkpoint → stop at the budget,
 * `stopAtMean`, `shouldStop` or the abort signal. The agent owns its update schedule: `update()`
 * is called after every `observe` and does gradient steps only when they are due.
 *
 * Given a `VectorEnv`, it steps the n sub-envs in lockstep with one `actBatch` and hands the agent
 * each sub-env's transition in turn (Stable-Baselines3's `n_envs`); the budget counts them all.
 *
 * Per step it allocates nothing: the transition object and its observation arrays are reused
 * (an agent copies what it keeps, as replay buffers do). `update`/`targetSync`/`episodeEnd` events
 * are built only when someone listens. Yields to the event loop every 1000 steps.
 *
 * Checkpoints (`checkpoint.save(step, state)`) get the loop's whole state; `resume` continues
 * from it exactly (issue #11), on one env or a vector env.
 * @example
 * const result = await train({ env: registry.make("CartPole-v1"), agent, budget: { steps: 50_000 }, seed: 1 });
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  // TRY NOT TO MODIFY: arguments, bookkeeping, runStart
  const { env, agent, events, evaluation, shouldStop, signal, checkpoint, onEvaluation } = options;
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
  const seed = options.seed ?? 0;
  const seeds = runSeeds(seed);
  const runId = options.runId ?? `run-${seed}`;
  const vector = isVector(env) ? env : undefined;
  const n = vector ? vector.numEnvs : 1;
  const obsSize = vector
    ? vector.observationSize
    : (env as Env<Float32Array, number>).observationSpace.shape.reduce((a, b) => a * b, 1);
  const resume = options.resume === undefined ? undefined : parseLoopState(options.resume, n, obsSize);
  if (resume && !isStatefulEnv(env)) throw notStatefulError(env);
  if (vector && !canActBatch(agent)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `train: a vector env of ${vector.numEnvs} sub-envs needs an agent with actBatch(observations, count); this agent has none. Pass a single env instead.`,
    );
  }
  if (vector?.autoresetMode === "disabled") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      'train: a vector env with autoresetMode "disabled" never resets its sub-envs; use "next-step" or "same-step".',
    );
  }
  const listens = (name: "update" | "targetSync" | "episodeEnd") =>
    events !== undefined && events.listenerCount(name) > 0;
  // A resumed run picks up its books, schedules and clock where the checkpoint left them.
  const startedAt = performance.now() - (resume?.wallSeconds ?? 0) * 1000;
  const episodeReturns: number[] = resume ? [...resume.episodeReturns] : [];
  const episodeLengths: number[] = resume ? [...resume.episodeLengths] : [];
  const evaluations: EvaluationEvent[] = resume ? resume.evaluations.map((e) => ({ ...e })) : [];
  let step = resume?.step ?? 0;
  let stoppedBy: StopCause = "budget";
  const next = (saved: number | null | undefined, every: number | undefined): number =>
    every === undefined ? Number.POSITIVE_INFINITY : (saved ?? nextMultiple(step, every));
  let nextEvaluation = next(resume?.next.evaluation, evaluation?.every);
  let nextCheckpoint = next(resume?.next.checkpoint, checkpoint?.every);
  let lastSaved = resume?.step ?? -1;
  let nextYield = next(resume?.next.yield, YIELD_EVERY);
  const backend = (agent as { backend?: unknown }).backend;
  events?.emit("runStart", {
    runId,
    seed,
    totalSteps,
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(typeof backend === "string" ? { backend } : {}),
    ...(resume ? { resumedFrom: resume.step } : {}),
  });
  const progress = (): RunProgress => ({
    steps: step,
    episodes: episodeReturns.length,
    wallSeconds: (performance.now() - startedAt) / 1000,
  });
  const runEnd = (reason: RunEndEvent["reason"], error?: unknown): RunEndEvent => ({
    runId,
    ...progress(),
    reason,
    lastEvaluation: evaluations.at(-1),
    ...(error === undefined ? {} : { error }),
  });

  // The transition handed to the agent: one object, its arrays swapped or refilled, never reallocated.
  const transition: Transition = {
    observation: new Float32Array(vector ? obsSize : 0),
    action: 0,
    reward: 0,
    nextObservation: new Float32Array(vector ? obsSize : 0),
    terminated: false,
    truncated: false,
  };
  const warned = new Set<string>(resume?.warned);
  const episodeReturn = resume ? Float64Array.from(resume.running.returns) : new Float64Array(n);
  const episodeLength = resume ? Int32Array.from(resume.running.lengths) : new Int32Array(n);

  /** Hands one sub-env's transition to the agent, lets it learn, keeps the episode books. */
  const learnFrom = (i: number): void => {
    // ALGO LOGIC: hand the transition to the agent, let it learn
    transition.source = i;
    agent.observe(transition);
    const update = agent.update();

    // TRY NOT TO MODIFY: events, episode bookkeeping
    if (update !== undefined) {
      if (update.warning !== undefined && !warned.has(update.warning.kind)) {
        warned.add(update.warning.kind);
        events?.emit("warning", { step, ...update.warning });
      }
      if (listens("update")) {
        events!.emit("update", { step, updates: update.updates, metrics: update.metrics });
      }
      if (update.targetSynced && listens("targetSync")) {
        events!.emit("targetSync", { step, updates: update.updates });
      }
    }
    episodeReturn[i]! += transition.reward;
    episodeLength[i]!++;
    if (transition.terminated || transition.truncated) {
      episodeReturns.push(episodeReturn[i]!);
      episodeLengths.push(episodeLength[i]!);
      if (listens("episodeEnd")) {
        events!.emit("episodeEnd", {
          episode: episodeReturns.length - 1,
          return: episodeReturn[i]!,
          length: episodeLength[i]!,
          step,
          terminated: transition.terminated,
          truncated: transition.truncated,
        });
      }
      episodeReturn[i] = 0;
      episodeLength[i] = 0;
    }
  };

  try {
    // The env may reuse its observation buffers: keep copies of our own.
    let observation: Float32Array;
    let nextObservation: Float32Array;
    let batch: Float32Array | undefined;
    let actions: Int32Array | undefined;
    let resetting: Uint8Array | undefined;
    // Resuming: the env continues from its saved state, the loop from its saved observations.
    if (resume && isStatefulEnv(env)) env.setState(resume.env);
    if (vector) {
      batch = resume
        ? Float32Array.from(resume.observations)
        : vector.reset({ seed: seeds.env }).observations.slice();
      actions = new Int32Array(n);
      resetting = resume ? Uint8Array.from(resume.resetting) : new Uint8Array(n);
      observation = transition.observation;
      nextObservation = transition.nextObservation;
    } else {
      const first = resume
        ? Float32Array.from(resume.observations)
        : (env as Env<Float32Array, number>).reset({ seed: seeds.env }).observation;
      observation = new Float32Array(first.length);
      nextObservation = new Float32Array(first.length);
      observation.set(first);
    }

    /** The loop's whole state between two steps, as JSON data (built only when a checkpoint asks). */
    const loopState = (): LoopState => ({
      format: LOOP_STATE_FORMAT,
      step,
      wallSeconds: (performance.now() - startedAt) / 1000,
      episodeReturns: [...episodeReturns],
      episodeLengths: [...episodeLengths],
      evaluations: evaluations.map((e) => ({ ...e, returns: [...e.returns], lengths: [...e.lengths] })),
      warned: [...warned],
      next: {
        evaluation: Number.isFinite(nextEvaluation) ? nextEvaluation : null,
        checkpoint: Number.isFinite(nextCheckpoint) ? nextCheckpoint : null,
        yield: nextYield,
      },
      observations: Array.from(vector ? batch! : observation),
      running: { returns: Array.from(episodeReturn), lengths: Array.from(episodeLength) },
      resetting: resetting ? Array.from(resetting) : [0],
      env: isStatefulEnv(env) ? env.getState() : throwNotStateful(env),
    });

    const turns = eventLoopTurns();
    // A run that met its stop condition at the step it was saved at (its last evaluation) ended
    // there: a resumed one ends too instead of training on (a checkpoint written atEnd).
    const last = resume?.evaluations.at(-1);
    const metAtSave =
      evaluation?.stopAtMean !== undefined && last?.step === step && last.mean >= evaluation.stopAtMean;
    /** What follows a step when due: evaluation, checkpoint, a turn of the event loop; returns why to stop, if so. */
    const afterStep = async (): Promise<StopCause | undefined> => {
      // ALGO LOGIC: periodic greedy evaluation on its own env
      if (evaluation && step >= nextEvaluation) {
        const due = nextEvaluation;
        nextEvaluation += evaluation.every * Math.ceil((step - nextEvaluation + 1) / evaluation.every);
        const evalStart = performance.now();
        const { stopped, cutEpisodes, ...measured } = await evaluate(evaluation.env, agent, {
          episodes: evaluation.episodes,
          seed: seeds.eval,
          shouldStop,
          signal,
        });
        if (stopped) {
          // Stopped mid-evaluation: it stays due, so the checkpoint below resumes with it.
          nextEvaluation = due;
          return signal?.aborted ? "signal" : "shouldStop";
        }
        if (cutEpisodes !== undefined && !warned.has("evaluationCut")) {
          warned.add("evaluationCut");
          const id = evaluation.env.spec?.id ?? "The evaluation env";
          events?.emit("warning", {
            step,
            kind: "evaluationCut",
            message: `${id} has no time limit, so evaluation episodes were cut at ${DEFAULT_EVAL_EPISODE_STEPS} steps (${cutEpisodes} of ${evaluation.episodes} at step ${step}). Register the env with maxEpisodeSteps, or set env.options.maxEpisodeSteps.`,
            figures: { cutEpisodes, maxEpisodeSteps: DEFAULT_EVAL_EPISODE_STEPS },
          });
        }
        const now = performance.now();
        const event: EvaluationEvent = {
          step,
          ...measured,
          wallSeconds: (now - startedAt) / 1000,
          evalSeconds: (now - evalStart) / 1000,
        };
        evaluations.push(event);
        events?.emit("evaluation", event);
        await onEvaluation?.(event);
        if (evaluation.stopAtMean !== undefined && measured.mean >= evaluation.stopAtMean) {
          return "stopAtMean";
        }
      }

      // TRY NOT TO MODIFY: checkpoints at safe points, yielding to the event loop
      if (checkpoint && step >= nextCheckpoint) {
        nextCheckpoint += checkpoint.every * Math.ceil((step - nextCheckpoint + 1) / checkpoint.every);
        const path = await checkpoint.save(step, loopState);
        lastSaved = step;
        events?.emit("checkpoint", { step, path: path ?? "" });
      }
      if (step >= nextYield) {
        nextYield += YIELD_EVERY;
        await turns.take();
      }
      return undefined;
    };

    // A run stopped during an evaluation was saved with it still due: it does it before stepping on.
    let ended: StopCause | undefined = metAtSave
      ? "stopAtMean"
      : resume !== undefined && evaluation !== undefined && nextEvaluation <= step
        ? await afterStep()
        : undefined;
    while (ended === undefined) {
      if (step >= totalSteps) break;
      if (signal?.aborted) {
        ended = "signal";
        break;
      }
      if (shouldStop?.()) {
        ended = "shouldStop";
        break;
      }

      if (!vector) {
        // ALGO LOGIC: act, step the env
        const action = agent.act(observation, EXPLORE);
        const result = (env as Env<Float32Array, number>).step(action);
        nextObservation.set(result.observation);
        step++;
        transition.observation = observation;
        transition.action = action;
        transition.reward = result.reward;
        transition.nextObservation = nextObservation;
        transition.terminated = result.terminated;
        transition.truncated = result.truncated;
        learnFrom(0);
        const swap = observation;
        observation = nextObservation; // the next step starts where this one ended...
        nextObservation = swap;
        if (result.terminated || result.truncated) {
          observation.set((env as Env<Float32Array, number>).reset().observation); // ...unless the episode ended
        }
      } else {
        // ALGO LOGIC: act on all sub-envs at once, step them together
        (agent as Agent & BatchActor).actBatch(batch!, n, EXPLORE, actions);
        const result = vector.step(actions!);
        const sameStep = vector.autoresetMode === "same-step";
        for (let i = 0; i < n; i++) {
          // next-step autoreset: this step only reset sub-env i (no transition to learn from).
          if (resetting![i]) {
            resetting![i] = 0;
            continue;
          }
          step++;
          const done = result.terminated[i] === 1 || result.truncated[i] === 1;
          const rows =
            done && sameStep && result.finalObservations ? result.finalObservations : result.observations;
          observation.set(batch!.subarray(i * obsSize, (i + 1) * obsSize));
          nextObservation.set(rows.subarray(i * obsSize, (i + 1) * obsSize));
          transition.action = actions![i]!;
          transition.reward = result.rewards[i]!;
          transition.terminated = done && result.terminated[i] === 1;
          transition.truncated = done && result.truncated[i] === 1;
          learnFrom(i);
          if (done && vector.autoresetMode === "next-step") resetting![i] = 1;
        }
        batch!.set(result.observations);
      }

      // TRY NOT TO MODIFY: evaluation, checkpoint, yielding, when due (no promise per step otherwise)
      if (step >= nextEvaluation || step >= nextCheckpoint || step >= nextYield) ended = await afterStep();
      else if (turns.due()) await turns.take(); // slow steps: a stop request is still seen in time
    }
    if (ended !== undefined) stoppedBy = ended;

    // TRY NOT TO MODIFY: stopped from outside (Ctrl-C, a signal), or completed with `atEnd`:
    // checkpoint where it stands, so `resume` continues from this very step
    const stoppedOutside = stoppedBy === "shouldStop" || stoppedBy === "signal";
    const atEnd = checkpoint?.atEnd === true && isStatefulEnv(env); // (else there is no state to save)
    if (checkpoint && (stoppedOutside || atEnd) && step !== lastSaved) {
      const path = await checkpoint.save(step, loopState);
      lastSaved = step;
      events?.emit("checkpoint", { step, path: path ?? "" });
    }
  } catch (error) {
    events?.emit("runEnd", runEnd("failed", error));
    throw error;
  }

  // TRY NOT TO MODIFY: runEnd and the summary
  const reason = stoppedBy === "budget" || stoppedBy === "stopAtMean" ? "completed" : "stopped";
  const end = runEnd(reason);
  events?.emit("runEnd", end);
  return {
    steps: end.steps,
    episodes: end.episodes,
    wallSeconds: end.wallSeconds,
    reason,
    stoppedBy,
    episodeReturns,
    episodeLengths,
    evaluations,
  };
}
