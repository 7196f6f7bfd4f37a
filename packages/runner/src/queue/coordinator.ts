/**
 * `gymkit compare --queue redis://...`: enqueues one job per (variant, seed) under a sweep id,
 * shows the runs' progress from job progress events, and writes each finished job's files into
 * the normal run layout (once: a run with `outcome.json` is never written again). Restarted, the
 * same command has the same sweep id and re-attaches: jobs already queued are not added twice.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { GymkitError } from "@gymkit/core";
import { writeFileAtomic } from "@gymkit/core/node";
import type { ProgressMessage } from "@gymkit/loggers";
import { unpackDir } from "../run-files.js";
import type { RunOutcome, RunTask } from "../run-one.js";
import { OUTCOME_FILE, readOutcome, writeOutcome } from "../run-record.js";
import { jobIdOf, type RunJobData, type RunJobResult, sweepIdOf } from "./job.js";
import {
  assertReachable,
  connect,
  isRedisReply,
  parseQueueUrl,
  QUEUE_NAME,
  Queue,
  QueueEvents,
  RedisCheckpoints,
  redisProblem,
} from "./redis.js";

/** What the coordinator needs of a planned compare. */
export interface SweepInput {
  readonly out: string;
  readonly name: string;
  readonly tasks: readonly RunTask[];
  readonly queue: string;
  readonly onProgress: (m: ProgressMessage) => void;
  /** Resolves when the user asks to stop waiting (Ctrl-C). */
  readonly stopped: Promise<void>;
}

const SWEEP_FILE = "sweep.json";

/** The sweep id the command would use, and whether `out` already belongs to it. */
export async function sweepOf(input: Pick<SweepInput, "out" | "name" | "tasks">) {
  const id = sweepIdOf({
    name: input.name,
    out: input.out,
    runs: input.tasks.map((t) => [t.spec, t.backend, t.plugins.map((p) => p.name)]),
  });
  const path = join(input.out, SWEEP_FILE);
  const attached =
    existsSync(path) && (JSON.parse(await readFile(path, "utf8")) as { sweepId?: string }).sweepId === id;
  return { id, attached };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long closing the queue may wait for Redis. */
const CLOSE_MS = 2000;

/** Runs the sweep on the queue; resolves with every run's outcome in task order, or "stopped". */
export async function compareOnQueue(input: SweepInput): Promise<RunOutcome[] | "stopped"> {
  const { url, shown } = parseQueueUrl(input.queue);
  await assertReachable(url, "Nothing was enqueued.");
  const { id: sweepId, attached } = await sweepOf(input);
  await writeFileAtomic(
    join(input.out, SWEEP_FILE),
    `${JSON.stringify({ sweepId, queue: QUEUE_NAME, runs: input.tasks.length }, null, 2)}\n`,
  );
  const connection = connect(url, {}, (message) => console.error(`gymkit compare: ${message}`));
  const queue = new Queue(QUEUE_NAME, { connection });
  queue.on("error", () => {});
  const eventsConnection = connect(url);
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection });
  events.on("error", () => {});
  const checkpoints = new RedisCheckpoints(connection);
  const byJob = new Map(input.tasks.map((t) => [jobIdOf(sweepId, t.spec.variant, t.spec.seed), t]));
  const pending = new Map([...byJob].filter(([, t]) => !existsSync(join(t.dir, "outcome.json"))));
  let wake: () => void = () => {};
  events.on("progress", ({ jobId, data }) => {
    if (pending.has(jobId)) input.onProgress(data as unknown as ProgressMessage);
  });
  events.on("completed", ({ jobId }) => {
    if (pending.has(jobId)) wake();
  });
  const jobOf = (id: string, task: RunTask) => ({
    name: task.runId,
    data: {
      sweepId,
      runId: task.runId,
      spec: task.spec,
      backend: task.backend,
      plugins: task.plugins.map((p) => p.name),
    } satisfies RunJobData,
    // Failed attempts (a run that throws) are retried; dead workers are BullMQ's stalled jobs.
    opts: { jobId: id, attempts: 2, backoff: { type: "fixed", delay: 1000 } },
  });
  console.log(
    `Sweep ${sweepId} on ${shown}: ${attached ? "re-attached, " : ""}${input.tasks.length - pending.size} of ${input.tasks.length} run(s) already written. Start workers with: gymkit worker --queue <url>`,
  );
  let stop = false;
  // Every Redis call races the stop: with Redis gone a call waits for ever (commands queue until
  // it is back), and Ctrl-C must still end the wait (it hung; issue 19).
  const STOPPED = Symbol("stopped");
  const stopping = input.stopped.then(() => {
    stop = true;
    wake();
    return STOPPED;
  });
  const redis = async <T>(call: Promise<T>): Promise<T> => {
    const first = await Promise.race([call, stopping]);
    if (first === STOPPED) {
      call.catch(() => {}); // it fails once the connections close: nobody waits for it
      throw STOPPED;
    }
    return first as T;
  };
  try {
    // Adding a job whose id exists is a no-op in BullMQ: a re-attached sweep adds only what is missing.
    await redis(queue.addBulk([...pending].map(([id, task]) => jobOf(id, task))));
    while (pending.size > 0 && !stop) {
      for (const [id, task] of [...pending]) {
        const state = await redis(queue.getJobState(id));
        if (state === "completed") {
          const job = await redis(queue.getJob(id));
          const result = job?.returnvalue as RunJobResult | undefined;
          if (!result) continue;
          await writeRun(task, result);
          pending.delete(id);
          await redis(job?.remove().catch(() => {}) ?? Promise.resolve());
          await redis(checkpoints.delete(id));
        } else if (state === "failed") {
          const job = await redis(queue.getJob(id));
          throw new GymkitError(
            "GYMKIT_RUN_FAILED",
            `Run ${task.runId} failed on a worker: ${job?.failedReason?.replace(/\.$/, "") ?? "no reason given"}. The other runs stay in the queue (sweep ${sweepId}); fix the cause and run the same command again to re-attach.`,
          );
        } else if (state === "unknown") {
          // Redis lost the job (restarted without persistence): enqueue it again.
          await redis(queue.add(jobOf(id, task).name, jobOf(id, task).data, jobOf(id, task).opts));
        }
      }
      if (pending.size === 0 || stop) break;
      // One state check per pending run per round; rounds slow down with the sweep's size.
      await Promise.race([sleep(Math.max(500, pending.size)), new Promise<void>((r) => (wake = r))]);
    }
  } catch (e) {
    if (e === STOPPED) return "stopped";
    // Redis refused a command (a replica, out of memory, ...): say so, not ioredis's stack.
    if (!isRedisReply(e)) throw e;
    throw new GymkitError(
      "GYMKIT_QUEUE_UNREACHABLE",
      `${redisProblem(url, e)} The sweep ${sweepId} stopped; the same command re-attaches to it.`,
      { cause: e },
    );
  } finally {
    // Closing talks to Redis too: when it does not answer, stop waiting after CLOSE_MS.
    const closed = Promise.allSettled([events.close(), queue.close()]);
    await Promise.race([closed, sleep(CLOSE_MS)]);
    // Connections passed in are ours to close: an open one would keep the process alive.
    connection.disconnect();
    eventsConnection.disconnect();
  }
  if (stop && pending.size > 0) return "stopped";
  const outcomes: RunOutcome[] = [];
  for (const task of input.tasks) outcomes.push((await readOutcome(task))!);
  return outcomes;
}

/** A finished job's files into its run directory; `outcome.json` last and with this machine's path. */
async function writeRun(task: RunTask, result: RunJobResult): Promise<void> {
  if (existsSync(join(task.dir, "outcome.json"))) return; // written before: never twice
  const files: Record<string, Uint8Array> = {};
  for (const [name, b64] of Object.entries(result.files)) {
    if (name !== OUTCOME_FILE) files[name] = Buffer.from(b64, "base64");
  }
  await unpackDir(task.dir, files);
  // Last, with this machine's path and its checksum: a directory with it is a complete run.
  await writeOutcome(task.dir, { ...result.outcome, dir: task.dir });
}
