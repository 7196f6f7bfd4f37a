import type { ActOptions, Agent, Transition } from "./agent.js";
import type { Env } from "./env.js";
import { describeValue, GymkitError } from "./errors.js";
import type { EvaluationEvent, RunEndEvent, TrainingEvents } from "./events.js";

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Greedy episodes to run. */
  episodes: number;
  /** Seed of the first episode's reset; later episodes continue the env's generator. */
  seed?: number | undefined;
  /** Cut an episode after this many steps (for envs without a time limit). @default Infinity */
  maxEpisodeSteps?: number | undefined;
}

/** What `evaluate` measured. `std` is the population standard deviation (numpy's default). */
export interface EvaluationResult {
  mean: number;
  std: number;
  returns: number[];
  lengths: number[];
}

/** Options of `train`. */
export interface TrainOptions {
  env: Env<Float32Array, number>;
  agent: Agent;
  /** The run's events; hot-path events are emitted only when someone listens. */
  events?: TrainingEvents | undefined;
  /** Env steps to take. */
  budget: { steps: number };
  /** Seed of the first `env.reset`; later resets continue the env's generator. @default 0 */
  seed?: number | undefined;
  /** Shown in `runStart`/`runEnd`. @default `run-${seed}` */
  runId?: string | undefined;
  /** Periodic greedy evaluation on a separate, separately seeded env. */
  evaluation?:
    | {
        env: Env<Float32Array, number>;
        /** Evaluate every this many env steps. */
        every: number;
        episodes: number;
        seed?: number | undefined;
        /** Stop the run once an evaluation's mean return reaches this. */
        stopAtMean?: number | undefined;
      }
    | undefined;
  /** Polled once per step; true stops the run (reason `stopped`). */
  shouldStop?: (() => boolean) | undefined;
  /** Aborting stops the run after the current step (reason `stopped`). */
  signal?: AbortSignal | undefined;
}

/** Why `train` stopped. */
export type StopCause = "budget" | "stopAtMean" | "shouldStop" | "signal";

/** What `train` returns. */
export interface TrainResult {
  steps: number;
  /** Finished training episodes. */
  episodes: number;
  wallSeconds: number;
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

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

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
 * the same seed see the same start states.
 */
export async function evaluate(
  env: Env<Float32Array, number>,
  agent: Pick<Agent, "act">,
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const episodes = positiveInteger(options.episodes, "evaluate: episodes");
  const maxSteps = options.maxEpisodeSteps ?? Number.POSITIVE_INFINITY;
  const returns: number[] = [];
  const lengths: number[] = [];
  let sinceYield = 0;
  for (let e = 0; e < episodes; e++) {
    let observation = env.reset(e === 0 ? { seed: options.seed } : undefined).observation;
    let episodeReturn = 0;
    let length = 0;
    for (;;) {
      const result = env.step(agent.act(observation, GREEDY));
      episodeReturn += result.reward;
      length++;
      if (result.terminated || result.truncated || length >= maxSteps) break;
      observation = result.observation;
      if (++sinceYield % YIELD_EVERY === 0) await yieldToEventLoop();
    }
    returns.push(episodeReturn);
    lengths.push(length);
  }
  const mean = returns.reduce((a, b) => a + b, 0) / episodes;
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / episodes);
  return { mean, std, returns, lengths };
}

/**
 * The training loop, top to bottom like CleanRL's: reset → act → step → observe → update → events
 * → (episode end: reset) → periodic greedy evaluation → stop at the budget, `stopAtMean`,
 * `shouldStop` or the abort signal. The agent owns its update schedule: `update()` is called after
 * every `observe` and does gradient steps only when they are due.
 *
 * Per step it allocates nothing: the transition object and its two observation arrays are reused
 * (an agent copies what it keeps, as replay buffers do). `update`/`targetSync`/`episodeEnd` events
 * are built only when someone listens. Yields to the event loop every 1000 steps.
 * @example
 * const result = await train({ env: registry.make("CartPole-v1"), agent, budget: { steps: 50_000 }, seed: 1 });
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  // TRY NOT TO MODIFY: arguments, bookkeeping, runStart
  const { env, agent, events, evaluation, shouldStop, signal } = options;
  const totalSteps = positiveInteger(options.budget?.steps, "train: budget.steps");
  if (evaluation) {
    positiveInteger(evaluation.every, "train: evaluation.every");
    positiveInteger(evaluation.episodes, "train: evaluation.episodes");
  }
  const seed = options.seed ?? 0;
  const runId = options.runId ?? `run-${seed}`;
  const listens = (name: "update" | "targetSync" | "episodeEnd") =>
    events !== undefined && events.listenerCount(name) > 0;
  const startedAt = performance.now();
  const episodeReturns: number[] = [];
  const episodeLengths: number[] = [];
  const evaluations: EvaluationEvent[] = [];
  let step = 0;
  let stoppedBy: StopCause = "budget";
  events?.emit("runStart", { runId, seed, totalSteps });
  const runEnd = (reason: RunEndEvent["reason"], error?: unknown): RunEndEvent => ({
    runId,
    steps: step,
    episodes: episodeReturns.length,
    reason,
    wallSeconds: (performance.now() - startedAt) / 1000,
    lastEvaluation: evaluations.at(-1),
    ...(error === undefined ? {} : { error }),
  });

  try {
    // The env may reuse its observation buffer: keep two copies of our own and swap them.
    const first = env.reset({ seed }).observation;
    let observation = new Float32Array(first.length);
    let nextObservation = new Float32Array(first.length);
    observation.set(first);
    const transition: Transition = {
      observation,
      action: 0,
      reward: 0,
      nextObservation,
      terminated: false,
      truncated: false,
    };
    let episodeReturn = 0;
    let episodeLength = 0;

    for (;;) {
      if (step >= totalSteps) break;
      if (signal?.aborted) {
        stoppedBy = "signal";
        break;
      }
      if (shouldStop?.()) {
        stoppedBy = "shouldStop";
        break;
      }

      // ALGO LOGIC: act, step the env, hand the transition to the agent, let it learn
      const action = agent.act(observation, EXPLORE);
      const result = env.step(action);
      nextObservation.set(result.observation);
      step++;
      episodeReturn += result.reward;
      episodeLength++;
      transition.observation = observation;
      transition.action = action;
      transition.reward = result.reward;
      transition.nextObservation = nextObservation;
      transition.terminated = result.terminated;
      transition.truncated = result.truncated;
      agent.observe(transition);
      const update = agent.update();

      // TRY NOT TO MODIFY: events, episode bookkeeping
      if (update !== undefined) {
        if (listens("update")) {
          events!.emit("update", {
            step,
            updates: update.updates,
            metrics: update.metrics,
          });
        }
        if (update.targetSynced && listens("targetSync")) {
          events!.emit("targetSync", { step, updates: update.updates });
        }
      }
      const swap = observation;
      observation = nextObservation; // the next step starts where this one ended...
      nextObservation = swap;
      if (result.terminated || result.truncated) {
        episodeReturns.push(episodeReturn);
        episodeLengths.push(episodeLength);
        if (listens("episodeEnd")) {
          events!.emit("episodeEnd", {
            episode: episodeReturns.length - 1,
            return: episodeReturn,
            length: episodeLength,
            step,
            terminated: result.terminated,
            truncated: result.truncated,
          });
        }
        episodeReturn = 0;
        episodeLength = 0;
        observation.set(env.reset().observation); // ...unless the episode ended
      }

      // ALGO LOGIC: periodic greedy evaluation on its own env
      if (evaluation && step % evaluation.every === 0) {
        const measured = await evaluate(evaluation.env, agent, {
          episodes: evaluation.episodes,
          seed: evaluation.seed,
        });
        const event: EvaluationEvent = { step, ...measured };
        evaluations.push(event);
        events?.emit("evaluation", event);
        if (evaluation.stopAtMean !== undefined && measured.mean >= evaluation.stopAtMean) {
          stoppedBy = "stopAtMean";
          break;
        }
      }
      if (step % YIELD_EVERY === 0) await yieldToEventLoop();
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
    steps: step,
    episodes: episodeReturns.length,
    wallSeconds: end.wallSeconds,
    reason,
    stoppedBy,
    episodeReturns,
    episodeLengths,
    evaluations,
  };
}
