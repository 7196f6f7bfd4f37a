import type { RunEndEvent, TrainingEvents } from "@gymkit/core";
import type { Handlers } from "./guard.js";
import { EpisodeWindow } from "./internal/window.js";

/**
 * One run's progress as plain, serialisable data: what a worker thread posts to the main
 * thread's {@link ProgressBoard}, and what the `console` logger feeds it in-process.
 */
export interface ProgressMessage {
  /** Keys the board's line, e.g. `dqn/seed-0`. */
  runId: string;
  /** Env steps done. */
  step: number;
  /** Env steps of the budget. */
  total: number;
  /** Env steps per second since the run started. */
  fps?: number | undefined;
  /** Mean return of the last 100 training episodes (`rollout/ep_rew_mean`). */
  epRewMean?: number | undefined;
  /** Mean return of the last greedy evaluation (`eval/mean_reward`). */
  lastEval?: number | undefined;
  /** ε of the latest update (`rollout/exploration_rate`). */
  epsilon?: number | undefined;
  /** TD loss of the latest update (`train/loss`). */
  loss?: number | undefined;
  /** The latest warning, `kind: message` (e.g. divergence). */
  warning?: string | undefined;
  /** Set on the run's last message: how it ended. */
  end?: RunEndEvent["reason"] | undefined;
}

/** Options of {@link progressMessages}. */
export interface ProgressMessagesOptions {
  /** Used until `runStart` names the run. @default "run" */
  runId?: string | undefined;
  /** Used until `runStart` gives the budget. @default 0 */
  total?: number | undefined;
  /** Milliseconds since the Unix epoch. @default Date.now */
  clock?: (() => number) | undefined;
  /**
   * At most one message per this many ms from steps and episodes; run start and end,
   * evaluations and warnings are posted at once. @default 250
   */
  everyMs?: number | undefined;
}

/** The listeners behind {@link progressMessages}, for a logger that guards its own. */
export function progressHandlers(
  post: (message: ProgressMessage) => void,
  options: ProgressMessagesOptions = {},
): Handlers {
  const clock = options.clock ?? Date.now;
  const everyMs = options.everyMs ?? 250;
  const window = new EpisodeWindow(100);
  let runId = options.runId ?? "run";
  let total = options.total ?? 0;
  let startedAt = clock();
  let lastPost = Number.NEGATIVE_INFINITY;
  let step = 0;
  let lastEval: number | undefined;
  let epsilon: number | undefined;
  let loss: number | undefined;
  let warning: string | undefined;

  const send = (now: number, end?: RunEndEvent["reason"]) => {
    lastPost = now;
    const elapsed = (now - startedAt) / 1000;
    post({
      runId,
      step,
      total,
      fps: elapsed > 0 ? step / elapsed : undefined,
      epRewMean: window.meanReturn(),
      lastEval,
      epsilon,
      loss,
      warning,
      end,
    });
  };
  const maybeSend = () => {
    const now = clock();
    if (now - lastPost >= everyMs) send(now);
  };
  return {
    runStart: (e) => {
      runId = e.runId;
      total = e.totalSteps;
      startedAt = clock();
      send(startedAt);
    },
    episodeEnd: (e) => {
      step = e.step;
      window.add(e.return, e.length);
      maybeSend();
    },
    update: (e) => {
      step = e.step;
      epsilon = e.metrics["rollout/exploration_rate"] ?? epsilon;
      loss = e.metrics["train/loss"] ?? loss;
      maybeSend();
    },
    evaluation: (e) => {
      step = e.step;
      lastEval = e.mean;
      send(clock());
    },
    warning: (e) => {
      warning = `${e.kind}: ${e.message}`;
      send(clock());
    },
    runEnd: (e) => {
      step = e.steps;
      send(clock(), e.reason);
    },
  };
}

/**
 * Turns a run's events into {@link ProgressMessage}s for `post` (a board's `update`, or a worker's
 * `port.postMessage`), at most one per `everyMs` besides start, end, evaluations and warnings.
 * Returns the unsubscribe.
 * @example
 * // in a worker thread
 * progressMessages(run.events, (m) => parentPort!.postMessage({ type: "progress", m }));
 */
export function progressMessages(
  events: TrainingEvents,
  post: (message: ProgressMessage) => void,
  options: ProgressMessagesOptions = {},
): () => void {
  const handlers = progressHandlers(post, options);
  const offs = (Object.keys(handlers) as Array<keyof Handlers>).map((name) => {
    const fn = handlers[name] as never;
    events.on(name, fn);
    return () => void events.off(name, fn);
  });
  return () => {
    for (const off of offs) off();
  };
}
