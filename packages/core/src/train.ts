import type { Action, ActionArray, Agent, BatchActor, Transition } from "./agent.js";
import type { Env } from "./env.js";
import { isStatefulEnv, notStatefulError } from "./env-state.js";
import { GymkitError } from "./errors.js";
import { eventLoopTurns, YIELD_EVERY } from "./event-loop.js";
import type { RunEndEvent, RunProgress } from "./events.js";
import { LOOP_STATE_FORMAT, type LoopState, nextMultiple } from "./loop-state.js";
import { runSeeds } from "./seeds.js";
import { Box } from "./spaces/box.js";
import { evaluateDuringTraining } from "./train-evaluation.js";
import { learner, openBooks } from "./train-learn.js";
import { checkTrainOptions, type StopCause, type TrainOptions, type TrainResult } from "./train-options.js";
import { singleEnvStepper, vectorEnvStepper } from "./train-step.js";

export {
  DEFAULT_EVAL_EPISODE_STEPS,
  type EvaluateOptions,
  type EvaluateResult,
  evaluate,
} from "./evaluate.js";
export type { RunHooks, StopCause, TrainOptions, TrainResult } from "./train-options.js";

/**
 * The training loop, top to bottom like CleanRL's: reset → act → step → observe → update → events
 * → (episode end: reset) → periodic greedy evaluation → checkpoint → stop at the budget,
 * `stopAtMean`, `shouldStop` or the abort signal. The agent owns its update schedule: `update()`
 * is called after every `observe` and does gradient steps only when they are due (the call order
 * is written in `Agent`'s docs).
 *
 * Given a `VectorEnv`, it steps the n sub-envs in lockstep with one `actBatch` and hands the agent
 * each sub-env's transition in turn (Stable-Baselines3's `n_envs`); the budget counts them all.
 * Actions are numbers (`Discrete`) or `Float32Array`s (`Box`), copied into the loop's own arrays.
 *
 * Per step it allocates nothing: the transition object, its observation and action arrays are
 * reused (an agent copies what it keeps, as replay buffers do). `update`/`targetSync`/`episodeEnd`
 * events are built only when someone listens. Yields to the event loop every 1000 steps.
 *
 * Checkpoints (`checkpoint.save(step, state)`) get the loop's whole state; `resume` continues
 * from it exactly (issue #11), on one env or a vector env.
 * @example
 * const result = await train({ env: registry.make("CartPole-v1"), agent, budget: { steps: 50_000 }, seed: 1 });
 */
export async function train<Act extends Action>(options: TrainOptions<Act>): Promise<TrainResult> {
  // TRY NOT TO MODIFY: arguments, bookkeeping, runStart
  const { env, agent, events, evaluation, shouldStop, signal, checkpoint } = options;
  const { totalSteps, vector, n, resume } = checkTrainOptions(options);
  const single = vector ? undefined : (env as Env<Float32Array, Act>);
  if (single?.actionSpace instanceof Box && single.actionSpace.dtype !== "float32") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `train: the env's action space ${String(single.actionSpace)} is float64; agents act with Float32Array, so register the env with a float32 Box.`,
    );
  }
  const seed = options.seed ?? 0;
  const seeds = runSeeds(seed);
  const runId = options.runId ?? `run-${seed}`;
  // A resumed run picks up its books, schedules and clock where the checkpoint left them.
  const startedAt = performance.now() - (resume?.wallSeconds ?? 0) * 1000;
  const books = openBooks(n, resume);
  const evaluations = resume ? resume.evaluations.map((e) => ({ ...e })) : [];
  let stoppedBy: StopCause = "budget";
  const next = (saved: number | null | undefined, every: number | undefined): number =>
    every === undefined ? Number.POSITIVE_INFINITY : (saved ?? nextMultiple(books.step, every));
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
    steps: books.step,
    episodes: books.episodeReturns.length,
    wallSeconds: (performance.now() - startedAt) / 1000,
  });
  const runEnd = (reason: RunEndEvent["reason"], error?: unknown): RunEndEvent => ({
    runId,
    ...progress(),
    reason,
    lastEvaluation: evaluations.at(-1),
    ...(error === undefined ? {} : { error }),
  });

  try {
    // The transition handed to the agent: one object, its arrays swapped or refilled, never reallocated.
    // A plain literal: built by object spread instead, it made every step ~20% slower (bench/train-loop.ts).
    const transition: Transition<Float32Array, Act> = {
      observation: NO_OBSERVATION,
      action: 0 as Act,
      reward: 0,
      nextObservation: NO_OBSERVATION,
      terminated: false,
      truncated: false,
    };
    const learnFrom = learner(agent, events, transition, books);
    // Resuming: the env continues from its saved state, the loop from its saved observations.
    if (resume && isStatefulEnv(env)) env.setState(resume.env);
    const stepper = vector
      ? vectorEnvStepper(
          vector,
          agent as Agent<Float32Array, Act> & BatchActor<ActionArray>,
          transition,
          learnFrom,
          resume
            ? Float32Array.from(resume.observations)
            : vector.reset({ seed: seeds.env }).observations.slice(),
          resume ? Uint8Array.from(resume.resetting) : new Uint8Array(n),
        )
      : singleEnvStepper(
          single!,
          agent,
          transition,
          learnFrom,
          resume ? resume.observations : single!.reset({ seed: seeds.env }).observation,
        );

    /** The loop's whole state between two steps, as JSON data (built only when a checkpoint asks). */
    const loopState = (): LoopState => ({
      format: LOOP_STATE_FORMAT,
      step: books.step,
      wallSeconds: (performance.now() - startedAt) / 1000,
      episodeReturns: [...books.episodeReturns],
      episodeLengths: [...books.episodeLengths],
      evaluations: evaluations.map((e) => ({ ...e, returns: [...e.returns], lengths: [...e.lengths] })),
      warned: [...books.warned],
      next: {
        evaluation: Number.isFinite(nextEvaluation) ? nextEvaluation : null,
        checkpoint: Number.isFinite(nextCheckpoint) ? nextCheckpoint : null,
        yield: nextYield,
      },
      observations: Array.from(stepper.observations()),
      running: { returns: Array.from(books.episodeReturn), lengths: Array.from(books.episodeLength) },
      resetting: stepper.resetting(),
      env: isStatefulEnv(env) ? env.getState() : throwNotStateful(env),
    });
    const save = async (): Promise<void> => {
      const path = await checkpoint!.save(books.step, loopState);
      lastSaved = books.step;
      events?.emit("checkpoint", { step: books.step, path: path ?? "" });
    };

    const turns = eventLoopTurns();
    // A run that met its stop condition at the step it was saved at (its last evaluation) ended
    // there: a resumed one ends too instead of training on (a checkpoint written atEnd).
    const last = resume?.evaluations.at(-1);
    const metAtSave =
      evaluation?.stopAtMean !== undefined && last?.step === books.step && last.mean >= evaluation.stopAtMean;
    /** What follows a step when due: evaluation, checkpoint, a turn of the event loop; returns why to stop, if so. */
    const afterStep = async (): Promise<StopCause | undefined> => {
      const step = books.step;
      // ALGO LOGIC: periodic greedy evaluation on its own env
      if (evaluation && step >= nextEvaluation) {
        const due = nextEvaluation;
        nextEvaluation += evaluation.every * Math.ceil((step - nextEvaluation + 1) / evaluation.every);
        const { warned } = books;
        const ended = await evaluateDuringTraining(step, {
          ...{ evaluation, agent, events, evalSeed: seeds.eval, shouldStop, signal, warned, evaluations },
          ...{ onEvaluation: options.onEvaluation, startedAt },
        });
        if (ended === "interrupted") {
          // Stopped mid-evaluation: it stays due, so the checkpoint below resumes with it.
          nextEvaluation = due;
          return signal?.aborted ? "signal" : "shouldStop";
        }
        if (ended !== undefined) return ended;
      }

      // TRY NOT TO MODIFY: checkpoints at safe points, yielding to the event loop
      if (checkpoint && step >= nextCheckpoint) {
        nextCheckpoint += checkpoint.every * Math.ceil((step - nextCheckpoint + 1) / checkpoint.every);
        await save();
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
      : resume !== undefined && evaluation !== undefined && nextEvaluation <= books.step
        ? await afterStep()
        : undefined;
    while (ended === undefined) {
      if (books.step >= totalSteps) break;
      if (signal?.aborted) {
        ended = "signal";
        break;
      }
      if (shouldStop?.()) {
        ended = "shouldStop";
        break;
      }

      // ALGO LOGIC: act, step the env (or all sub-envs), observe, update
      stepper.step();

      // TRY NOT TO MODIFY: evaluation, checkpoint, yielding, when due (no promise per step otherwise)
      const step = books.step;
      if (step >= nextEvaluation || step >= nextCheckpoint || step >= nextYield) ended = await afterStep();
      else if (turns.due()) await turns.take(); // slow steps: a stop request is still seen in time
    }
    if (ended !== undefined) stoppedBy = ended;

    // TRY NOT TO MODIFY: stopped from outside (Ctrl-C, a signal), or completed with `atEnd`:
    // checkpoint where it stands, so `resume` continues from this very step
    const stoppedOutside = stoppedBy === "shouldStop" || stoppedBy === "signal";
    const atEnd = checkpoint?.atEnd === true && isStatefulEnv(env); // (else there is no state to save)
    if (checkpoint && (stoppedOutside || atEnd) && books.step !== lastSaved) await save();
  } catch (error) {
    events?.emit("runEnd", runEnd("failed", error));
    throw error;
  }

  // TRY NOT TO MODIFY: runEnd and the summary
  const reason = stoppedBy === "budget" || stoppedBy === "stopAtMean" ? "completed" : "stopped";
  const end = runEnd(reason);
  events?.emit("runEnd", end);
  const { episodeReturns, episodeLengths } = books;
  const { steps, episodes, wallSeconds } = end;
  return { steps, episodes, wallSeconds, reason, stoppedBy, episodeReturns, episodeLengths, evaluations };
}

/** Placeholder until the step body puts its own arrays in the transition. */
const NO_OBSERVATION = new Float32Array(0);

const throwNotStateful = (env: object): never => {
  throw notStatefulError(env);
};
