/**
 * Runs many runs: in worker threads (piscina; each with its own TensorFlow.js backend, given plain
 * data only), or in this thread when `workers` is 0. Progress goes to one board line per run;
 * `stop()` asks every run to checkpoint and stop.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { GymkitError } from "@gymkit/core";
import type { ProgressMessage } from "@gymkit/loggers";
import { Piscina } from "piscina";
import { type RunOutcome, type RunTask, runOne } from "./run-one.js";

/** Options of {@link runPool}. */
export interface PoolOptions {
  /** Worker threads; 0 runs every task in this thread, one after another. @default the number of cores */
  workers?: number | undefined;
  /** Where progress messages go (the board). */
  onProgress?: ((message: ProgressMessage) => void) | undefined;
}

/** A pool at work: its outcomes, and a way to stop it cleanly. */
export interface PoolRun {
  readonly done: Promise<RunOutcome[]>;
  /** Every run checkpoints and stops; queued runs stop before they start training. */
  stop(): void;
}

/** A run's failure, named: `Run dqn/seed-3 failed: ...` (a GymkitError keeps its code). */
function runFailed(task: RunTask, e: unknown): GymkitError {
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof GymkitError ? e.code : "GYMKIT_RUN_FAILED";
  return new GymkitError(code, `Run ${task.runId} failed: ${message}`, { cause: e });
}

/** Running from TypeScript sources (tsx): workers must load them the same way. */
const fromSource = import.meta.url.endsWith(".ts");

/**
 * Node flags that let a worker thread import what the main thread imports when running from
 * sources: the `@gymkit/source` condition, tsx (its CommonJS hook; tsx as resolved from here, the
 * working directory may be any project) and thread-loader.mjs (its ESM hooks, which tsx itself
 * does not register in worker threads on Node 20). Without the last, plugins failed in workers only.
 */
export const threadLoaderArgs = (): string[] => [
  "--conditions=@gymkit/source",
  "--import",
  import.meta.resolve("tsx"),
  "--import",
  new URL("./thread-loader.mjs", import.meta.url).href,
];

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** A checkpoint snapshot a worker thread posts: the run directory as files, at a step. */
export interface CheckpointMessage {
  readonly type: "checkpoint";
  readonly step: number;
  readonly files: Record<string, Uint8Array>;
}

/** What a run's thread tells the pool besides progress and checkpoints (see worker.ts). */
export type ThreadNotice =
  | { readonly type: "started" }
  | { readonly type: "loading"; readonly plugin: string }
  | { readonly type: "stopping" };

/**
 * How long a run's thread may take to take in a stop request before the pool ends it. A thread
 * takes it in at its next turn of the event loop, which the training and evaluation loops give
 * at least every 100 ms; one that does not is stuck in one call (a plugin's import or register(),
 * an env's step()), and waiting longer would not help.
 */
export const STOP_GRACE_MS = 10_000;

/** Callbacks of one run in a {@link RunThreads} pool. */
export interface ThreadRunOptions {
  onProgress?: ((message: ProgressMessage) => void) | undefined;
  /** When given, the thread posts its run directory after every checkpoint (see run-files.ts). */
  onCheckpoint?: ((snapshot: CheckpointMessage) => void) | undefined;
}

/** Long-lived worker threads that take runs one at a time each (`gymkit worker` keeps one). */
export interface RunThreads {
  /**
   * Runs a task in a thread. `stop()` asks it to checkpoint and stop; a thread that has not taken
   * the request in after {@link STOP_GRACE_MS} is ended, and `done` rejects with
   * GYMKIT_RUN_STUCK naming what it was doing.
   */
  run(task: RunTask, options?: ThreadRunOptions): { done: Promise<RunOutcome>; stop(): void };
  destroy(): Promise<void>;
}

type FromThread = ProgressMessage | CheckpointMessage | ThreadNotice;

/** `workers` threads, each with its own TensorFlow.js backend, given plain data only. */
export function createRunThreads(workers: number): RunThreads {
  const pool = new Piscina({
    filename: fileURLToPath(new URL(fromSource ? "./worker.ts" : "./worker.js", import.meta.url)),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
    execArgv: fromSource ? threadLoaderArgs() : [],
  });
  return {
    run(task, options = {}) {
      const { port1, port2 } = new MessageChannel();
      const abort = new AbortController();
      let started = false;
      let stopRequested = false;
      let grace: NodeJS.Timeout | undefined;
      let stuck: GymkitError | undefined;
      let loading: string | undefined;
      let lastStep: number | undefined;
      const startGrace = () => {
        grace = setTimeout(() => {
          stuck = stuckError(task, loading, lastStep);
          abort.abort(stuck); // piscina ends the thread running the task
        }, STOP_GRACE_MS);
      };
      port1.on("message", (m: FromThread) => {
        if (!("type" in m)) {
          loading = undefined;
          lastStep = m.step;
          options.onProgress?.(m);
        } else if (m.type === "checkpoint") options.onCheckpoint?.(m);
        else if (m.type === "loading") loading = m.plugin;
        else if (m.type === "stopping") clearTimeout(grace);
        else if (m.type === "started") {
          started = true;
          if (stopRequested) startGrace(); // a queued run: its clock starts with it
        }
      });
      const done = (
        pool.run(
          { task, port: port2, snapshot: options.onCheckpoint !== undefined },
          { transferList: [port2], signal: abort.signal },
        ) as Promise<RunOutcome>
      )
        .catch((e: unknown) => {
          throw stuck ?? runFailed(task, e);
        })
        .finally(() => {
          clearTimeout(grace);
          port1.close();
        });
      return {
        done,
        stop() {
          if (stopRequested) return;
          stopRequested = true;
          port1.postMessage("stop");
          if (started) startGrace();
        },
      };
    },
    destroy: () => pool.destroy(),
  };
}

/** Why a run's thread was ended after a stop request: what it was doing, and what is kept. */
function stuckError(task: RunTask, loading: string | undefined, step: number | undefined): GymkitError {
  const doing =
    loading !== undefined
      ? `it was loading plugin "${loading}", whose import or register() has not returned`
      : step !== undefined
        ? `it was held in one call since it last reported, at step ${step} (an env's step() or reset(), or the agent's update, that does not return)`
        : "it was held in one call while starting (a plugin's import or register(), or making the env)";
  return new GymkitError(
    "GYMKIT_RUN_STUCK",
    `Run ${task.runId} did not take in the stop request within ${STOP_GRACE_MS / 1000} s: ${doing}. Its thread was ended; its last checkpoint, if it has one, is kept for --resume.`,
  );
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A run that threw outside its training (e.g. its checkpoint was refused) as a failed outcome, so
 * the other runs of a compare go on and what they produce is written.
 */
export function failedOutcome(task: RunTask, e: unknown): RunOutcome {
  return {
    variant: task.spec.variant,
    seed: task.spec.seed,
    dir: task.dir,
    status: "failed",
    steps: 0,
    episodes: 0,
    wallSeconds: 0,
    backend: task.backend,
    evaluations: [],
    episodeReturns: [],
    diverged: false,
    warnings: [],
    resumedFrom: undefined,
    // The message of the run's own error, not of runFailed's wrapper around it.
    failure: {
      message: messageOf(e instanceof GymkitError && e.cause !== undefined ? e.cause : e),
      step: 0,
      checkpoint: undefined,
      started: false,
    },
  };
}

/**
 * Runs `tasks` and resolves with their outcomes in task order. A run that fails is an outcome of
 * status "failed" (the others go on); `strict` makes the first failure reject instead.
 */
export function runPool(tasks: readonly RunTask[], options: PoolOptions = {}): PoolRun {
  const workers = Math.min(options.workers ?? defaultWorkers(), tasks.length);
  let stopping = false;
  if (workers === 0) {
    const done = (async () => {
      const out: RunOutcome[] = [];
      for (const task of tasks) {
        out.push(
          await runOne(task, { post: options.onProgress, stopRequested: () => stopping }).catch(
            (e: unknown) => failedOutcome(task, runFailed(task, e)),
          ),
        );
      }
      return out;
    })();
    return {
      done,
      stop() {
        stopping = true;
      },
    };
  }
  const threads = createRunThreads(workers);
  const runs = tasks.map((task) => threads.run(task, { onProgress: options.onProgress }));
  const done = Promise.all(
    runs.map((r, i) => r.done.catch((e: unknown) => failedOutcome(tasks[i]!, e))),
  ).finally(() => threads.destroy());
  return {
    done,
    stop() {
      stopping = true;
      for (const r of runs) r.stop();
    },
  };
}
