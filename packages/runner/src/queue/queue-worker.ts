/**
 * `gymkit worker --queue redis://...`: takes run jobs from the queue and runs each in one of N
 * worker threads (the same `runOne` as a local compare), until stopped. After every checkpoint
 * the run directory goes to Redis, so when this process dies (BullMQ's stalled-job detection)
 * another worker resumes the run from there; a finished run's files go back to the coordinator
 * as the job's result. Ctrl-C checkpoints the current runs, puts their jobs back and leaves.
 */
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeDir } from "@gymkit/core/node";
import type { ProgressMessage } from "@gymkit/loggers";
import { pluginSpecs } from "../plugins.js";
import { createRunThreads, defaultWorkers } from "../pool.js";
import { packDir, unpackDir } from "../run-files.js";
import type { RunTask } from "../run-one.js";
import { onStopSignals } from "../stop-signals.js";
import { parseJobData, type RunJobResult, refusePlugins } from "./job.js";
import {
  assertReachable,
  connect,
  type Job,
  parseQueueUrl,
  QUEUE_NAME,
  RedisCheckpoints,
  UnrecoverableError,
  WaitingError,
  Worker,
} from "./redis.js";

/** Options of `gymkit worker`. */
export interface WorkerFlags {
  queue: string;
  concurrency?: number | undefined;
  /** Plugin names or paths this worker loads besides installed packages. */
  allowPlugin?: string[] | undefined;
  /** BullMQ lock: a job whose worker is silent this long is stalled and goes to another. */
  lockMs?: number | undefined;
}

/** Runs until SIGINT/SIGTERM; returns the exit code. */
export async function runWorker(flags: WorkerFlags): Promise<number> {
  const { url, shown } = parseQueueUrl(flags.queue, "The worker did not start.");
  await assertReachable(url, "The worker did not start.");
  const concurrency = flags.concurrency ?? defaultWorkers();
  const allowed = flags.allowPlugin ?? [];
  const cwd = process.cwd();
  const scratch = join(tmpdir(), `gymkit-worker-${process.pid}`);
  const threads = createRunThreads(concurrency);
  const notice = (message: string) => console.error(`gymkit worker: ${message}`);
  const connection = connect(url, {}, notice);
  const checkpointConnection = connect(url);
  const checkpoints = new RedisCheckpoints(checkpointConnection);
  const active = new Map<string, { runId: string; stop: () => void }>();
  let stopping = false;

  const processJob = async (job: Job, token?: string): Promise<RunJobResult> => {
    const jobId = job.id ?? "?";
    const data = (() => {
      try {
        return parseJobData(jobId, job.data);
      } catch (e) {
        throw new UnrecoverableError((e as Error).message);
      }
    })();
    const refused = refusePlugins(jobId, data.plugins, allowed, cwd);
    if (refused) {
      console.error(`gymkit worker: ${refused.message}`);
      throw new UnrecoverableError(refused.message);
    }
    const dir = join(scratch, jobId);
    await rm(dir, { recursive: true, force: true });
    await makeDir(dir);
    const last = await checkpoints.load(jobId);
    if (last) await unpackDir(dir, last.files);
    const task: RunTask = {
      spec: data.spec,
      dir,
      plugins: pluginSpecs(data.plugins, cwd),
      backend: data.backend,
      resume: last !== undefined,
      runId: data.runId,
    };
    console.log(
      `gymkit worker: ${data.runId} (job ${jobId}) ${last ? `resumes from its checkpoint at step ${last.step}` : "starts"}`,
    );
    const uploads: Promise<unknown>[] = [];
    const run = threads.run(task, {
      onProgress: (m: ProgressMessage) => void job.updateProgress(m as unknown as object).catch(() => {}),
      onCheckpoint: (s) => uploads.push(checkpoints.save(jobId, s)),
    });
    active.set(jobId, { runId: data.runId, stop: run.stop });
    if (stopping) run.stop();
    try {
      const outcome = await run.done;
      await Promise.all(uploads);
      if (outcome.status === "stopped") {
        // Back to the queue, attempts untouched: the next worker resumes from the checkpoint.
        await job.moveToWait(token);
        console.log(`gymkit worker: ${data.runId} checkpointed at its last step and went back to the queue`);
        throw new WaitingError();
      }
      if (outcome.status === "failed") {
        // The job fails (BullMQ retries it; the coordinator names it), as when the run threw.
        const f = outcome.failure!;
        throw new Error(`${f.message} (at step ${f.step})`);
      }
      const files = await packDir(dir, ["checkpoint"]);
      console.log(`gymkit worker: ${data.runId} done (${outcome.steps} steps)`);
      return {
        outcome,
        files: Object.fromEntries(
          Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString("base64")]),
        ),
      };
    } finally {
      active.delete(jobId);
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    }
  };

  const worker = new Worker(QUEUE_NAME, processJob, {
    connection,
    concurrency,
    lockDuration: flags.lockMs ?? 30_000,
    stalledInterval: flags.lockMs ?? 30_000,
    // A job survives this many dead workers before it is failed.
    maxStalledCount: 5,
  });
  worker.on("error", () => {}); // connection errors: ioredis reconnects
  console.log(`gymkit worker: ${concurrency} thread(s) on ${shown}, queue ${QUEUE_NAME}. Ctrl-C stops.`);
  // SIGINT, SIGTERM and SIGHUP (a closed terminal) checkpoint the current runs (stop-signals.ts).
  let stopWatching = () => {};
  await new Promise<void>((resolve) => {
    stopWatching = onStopSignals({
      stop() {
        if (stopping) return;
        stopping = true;
        console.error("\nStopping: current runs checkpoint and go back to the queue...");
        for (const run of active.values()) run.stop();
        resolve();
      },
      stopNow() {
        console.error(
          "\nLeaving at once: the jobs of this worker go to another once their lock expires (BullMQ's stalled jobs), from their last checkpoint in Redis.",
        );
      },
    });
  });
  // Closing waits for the runs' last checkpoints and their jobs going back, which needs Redis:
  // while Redis cannot be reached for UNREACHABLE_MS in a row, stop waiting and leave anyway.
  const closed = worker.close().then(() => "closed" as const);
  let poll: NodeJS.Timeout | undefined;
  const unreachable = new Promise<"unreachable">((resolve) => {
    let downSince: number | undefined;
    poll = setInterval(() => {
      if (connection.status === "ready" && checkpointConnection.status === "ready") downSince = undefined;
      else if (downSince === undefined) downSince = Date.now();
      else if (Date.now() - downSince >= UNREACHABLE_MS) resolve("unreachable");
    }, 100);
  });
  const how = await Promise.race([closed, unreachable]);
  clearInterval(poll);
  if (how === "unreachable") {
    const runs = [...active.values()].map((r) => r.runId);
    console.error(
      `gymkit worker: could not reach Redis at ${shown} for ${UNREACHABLE_MS / 1000} s while stopping; leaving without putting ${runs.length > 0 ? `${runs.join(", ")} back` : "anything back"}.${runs.length > 0 ? " Once Redis is back, another worker retries each from its last checkpoint in Redis (BullMQ's stalled jobs)." : ""}`,
    );
    // BullMQ's own connections (the blocking one is a duplicate of ours) go with the worker.
    void worker.disconnect().catch(() => {});
    // BullMQ's lock renewal re-arms its timer until close() is through, which needs Redis: that
    // timer alone kept the process alive for ever. Once our cleanup below is done, leave anyway
    // (an unref'd timer: when nothing else holds the process, it ends by itself before this).
    setTimeout(() => process.exit(130), LEAVE_MS).unref();
  }
  stopWatching();
  await threads.destroy();
  await rm(scratch, { recursive: true, force: true }).catch(() => {});
  connection.disconnect();
  checkpointConnection.disconnect();
  return 130;
}

/** How long a stopping worker waits for an unreachable Redis before it leaves anyway. */
const UNREACHABLE_MS = 5000;
/** After leaving an unreachable Redis, how long the process may take to end by itself. */
const LEAVE_MS = 1000;
