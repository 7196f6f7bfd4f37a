/**
 * The worker thread of a run pool (piscina): receives a plain `RunTask` and a port, runs it with
 * its own TensorFlow.js backend, posts progress messages, and stops with a checkpoint when the
 * main thread posts "stop". With `snapshot`, it posts the run directory after every checkpoint
 * (a queue worker keeps it in Redis, so another machine can resume the run).
 */
import type { MessagePort } from "node:worker_threads";
import type { CheckpointMessage, ThreadNotice } from "./pool.js";
import { packDir } from "./run-files.js";
import { type RunOutcome, type RunTask, runOne } from "./run-one.js";

export default async function work({
  task,
  port,
  snapshot = false,
}: {
  task: RunTask;
  port: MessagePort;
  snapshot?: boolean;
}): Promise<RunOutcome> {
  let stop = false;
  port.on("message", (m: unknown) => {
    if (m !== "stop" || stop) return;
    stop = true;
    // This thread's event loop turned, so the run sees the stop at its next step: the pool then
    // waits for its checkpoint instead of ending the thread (see createRunThreads).
    port.postMessage({ type: "stopping" } satisfies ThreadNotice);
  });
  port.postMessage({ type: "started" } satisfies ThreadNotice);
  const onCheckpoint = snapshot
    ? async (step: number) => {
        const files = await packDir(task.dir);
        const message: CheckpointMessage = { type: "checkpoint", step, files };
        port.postMessage(message);
      }
    : undefined;
  try {
    return await runOne(task, {
      post: (message) => port.postMessage(message),
      stopRequested: () => stop,
      onCheckpoint,
      onPluginLoading: (plugin) => port.postMessage({ type: "loading", plugin } satisfies ThreadNotice),
    });
  } finally {
    port.close();
  }
}
