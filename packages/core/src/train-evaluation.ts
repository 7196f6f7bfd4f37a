import type { Action, Agent } from "./agent.js";
import { DEFAULT_EVAL_EPISODE_STEPS, type EvaluateResult, evaluate } from "./evaluate.js";
import type { EvaluationEvent, TrainingEvents } from "./events.js";
import type { StopCause, TrainOptions } from "./train-options.js";

/** What the periodic evaluation of `train()` needs from the loop. */
export interface PeriodicEvaluation<Act extends Action> {
  evaluation: NonNullable<TrainOptions<Act>["evaluation"]>;
  agent: Agent<Float32Array, Act>;
  events: TrainingEvents | undefined;
  evalSeed: number;
  shouldStop: (() => boolean) | undefined;
  signal: AbortSignal | undefined;
  onEvaluation: TrainOptions<Act>["onEvaluation"];
  /** Warning kinds already emitted (each once per run). */
  warned: Set<string>;
  /** The run's evaluations so far; the new one is pushed. */
  evaluations: EvaluationEvent[];
  startedAt: number;
}

/**
 * One greedy evaluation at `step` on the evaluation env, seeded with the run's eval seed: emits
 * `evaluation` (and a one-time `evaluationCut` warning for an env without a time limit), awaits
 * `onEvaluation`. Returns why the run stops (`stopAtMean` reached, or stopped from outside during
 * the evaluation, which then did not count), else undefined.
 */
export async function evaluateDuringTraining<Act extends Action>(
  step: number,
  p: PeriodicEvaluation<Act>,
): Promise<StopCause | "interrupted" | undefined> {
  const { evaluation, events, warned } = p;
  const evalStart = performance.now();
  const { stopped, cutEpisodes, ...measured }: EvaluateResult = await evaluate(evaluation.env, p.agent, {
    episodes: evaluation.episodes,
    seed: p.evalSeed,
    shouldStop: p.shouldStop,
    signal: p.signal,
  });
  if (stopped) return "interrupted";
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
    wallSeconds: (now - p.startedAt) / 1000,
    evalSeconds: (now - evalStart) / 1000,
  };
  p.evaluations.push(event);
  events?.emit("evaluation", event);
  await p.onEvaluation?.(event);
  return evaluation.stopAtMean !== undefined && measured.mean >= evaluation.stopAtMean
    ? "stopAtMean"
    : undefined;
}
