import type { Action, ActOptions, Agent } from "./agent.js";
import type { Env } from "./env.js";
import { GymkitError } from "./errors.js";
import { eventLoopTurns } from "./event-loop.js";
import type { EvaluationResult } from "./events.js";
import { checkAgentArg, checkEnvArg, checkFunction, positiveInteger } from "./train-options.js";

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

export const EXPLORE: ActOptions = Object.freeze({ explore: true });
export const GREEDY: ActOptions = Object.freeze({ explore: false });

/**
 * A reusable copy of a continuous action (what the env gets, so an agent may reuse its output
 * array), or the discrete action itself. Checks a `Float32Array` action's length.
 */
export function actionCopier<Act extends Action>(who: string): (action: Act) => Act {
  let copy: Float32Array | undefined;
  return (action) => {
    if (typeof action === "number") return action;
    if (!(action instanceof Float32Array)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${who}: the agent's act() returned ${Object.prototype.toString.call(action)}; an action is a number (Discrete) or a Float32Array (Box).`,
      );
    }
    if (copy?.length !== action.length) copy = new Float32Array(action.length); // once per size
    copy.set(action);
    return copy as Act;
  };
}

/**
 * Runs `episodes` greedy episodes (`act(obs, { explore: false })`) and reports their returns.
 * The first reset uses `seed`, later ones continue the env's generator, so two evaluations with
 * the same seed see the same start states. Every episode ends: at the env's own end, at
 * `maxEpisodeSteps`, or on a stop request (checked every step; the event loop gets a turn at
 * least every `YIELD_MS` ms, so a stop from outside is seen). A continuous action is copied before
 * the env gets it, as in `train()`.
 */
export async function evaluate<Act extends Action>(
  env: Env<Float32Array, Act> | Env<number, Act>,
  agent: Pick<Agent<Float32Array, Act>, "act">,
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
  const copied = actionCopier<Act>("evaluate");
  // A Discrete observation (the cell index) reaches the agent as a Float32Array of 1, as in train().
  const index = new Float32Array(1);
  const asArray = (o: Float32Array | number): Float32Array => {
    if (typeof o !== "number") return o;
    index[0] = o;
    return index;
  };
  const returns: number[] = [];
  const lengths: number[] = [];
  let cutEpisodes = 0;
  let stopped = false;
  const turns = eventLoopTurns();
  everyEpisode: for (let e = 0; e < episodes; e++) {
    let observation = asArray(
      (env as Env<Float32Array | number, Act>).reset(e === 0 ? { seed: options.seed } : undefined)
        .observation,
    );
    let episodeReturn = 0;
    let length = 0;
    for (;;) {
      if (shouldStop?.() || signal?.aborted) {
        stopped = true;
        break everyEpisode;
      }
      const result = (env as Env<Float32Array | number, Act>).step(copied(agent.act(observation, GREEDY)));
      episodeReturn += result.reward;
      length++;
      if (result.terminated || result.truncated) break;
      if (length >= maxSteps) {
        if (byDefault) cutEpisodes++;
        break;
      }
      observation = asArray(result.observation);
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
