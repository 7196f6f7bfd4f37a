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

export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** Runs `tasks` and resolves with their outcomes in task order; a failed run rejects with its error. */
export function runPool(tasks: readonly RunTask[], options: PoolOptions = {}): PoolRun {
  const workers = Math.min(options.workers ?? defaultWorkers(), tasks.length);
  let stopping = false;
  if (workers === 0) {
    const done = (async () => {
      const out: RunOutcome[] = [];
      for (const task of tasks)
        out.push(await runOne(task, { post: options.onProgress, stopRequested: () => stopping }));
      return out;
    })();
    return {
      done,
      stop() {
        stopping = true;
      },
    };
  }
  const pool = new Piscina({
    filename: fileURLToPath(new URL(fromSource ? "./worker.ts" : "./worker.js", import.meta.url)),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
    // tsx as resolved from here: the working directory may be any project.
    execArgv: fromSource ? ["--conditions=@gymkit/source", "--import", import.meta.resolve("tsx")] : [],
  });
  const ports: Array<import("node:worker_threads").MessagePort> = [];
  const done = Promise.all(
    tasks.map((task) => {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      port1.on("message", (m: ProgressMessage) => options.onProgress?.(m));
      if (stopping) port1.postMessage("stop");
      return (pool.run({ task, port: port2 }, { transferList: [port2] }) as Promise<RunOutcome>)
        .catch((e: unknown) => {
          throw runFailed(task, e);
        })
        .finally(() => port1.close());
    }),
  ).finally(() => pool.destroy());
  return {
    done,
    stop() {
      stopping = true;
      for (const port of ports) port.postMessage("stop");
    },
  };
}
