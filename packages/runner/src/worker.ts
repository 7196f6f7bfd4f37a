/**
 * The worker thread of a run pool (piscina): receives a plain `RunTask` and a port, runs it with
 * its own TensorFlow.js backend, posts progress messages, and stops with a checkpoint when the
 * main thread posts "stop".
 */
import type { MessagePort } from "node:worker_threads";
import { type RunOutcome, type RunTask, runOne } from "./run-one.js";

export default async function work({
  task,
  port,
}: {
  task: RunTask;
  port: MessagePort;
}): Promise<RunOutcome> {
  let stop = false;
  port.on("message", (m: unknown) => {
    if (m === "stop") stop = true;
  });
  try {
    return await runOne(task, { post: (message) => port.postMessage(message), stopRequested: () => stop });
  } finally {
    port.close();
  }
}
