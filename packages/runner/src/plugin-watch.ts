/**
 * Plugins load in the main thread, and a plugin's code can hold it: an import or a `register()`
 * that never returns (a busy loop, or a top-level await on something that never settles). Then
 * no timer and no signal handler of ours can run, so two things keep gymkit stoppable and the
 * culprit named (issue 19):
 *
 * - While plugins load, our SIGINT/SIGTERM/SIGHUP listeners are set aside, so these signals have
 *   Node's default effect: the process ends at once (nothing has been written yet to checkpoint).
 * - A small watcher thread, which the main thread's state cannot block, prints on stderr the name
 *   of a plugin that has not finished loading after {@link LOAD_NOTICE_MS}.
 */
import { isMainThread, Worker } from "node:worker_threads";

/** How long a plugin may load before the watcher names it. */
export const LOAD_NOTICE_MS = 10_000;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

// Plain JavaScript, evaluated in its own thread with no loader: it must not import our sources.
// state[0] counts plugin starts (odd while one loads), state[1] is 1 once loading is over.
const WATCHER = `
const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const { state, names, ms } = workerData;
let told = -1;
while (Atomics.load(state, 1) === 0) {
  const seen = Atomics.load(state, 0);
  const woke = Atomics.wait(state, 0, seen, ms);
  if (Atomics.load(state, 1) !== 0) break;
  if (woke === "timed-out" && seen > 0 && seen !== told) {
    told = seen;
    const name = names[seen - 1];
    writeSync(2, "gymkit: plugin " + JSON.stringify(name) + " has not finished loading after " + ms / 1000 + " s (its import or its register() has not returned). Still waiting; Ctrl-C stops gymkit.\\n");
  }
}
`;

/** Tells the watcher which plugin loads; `done()` ends the watch and puts the signal listeners back. */
export interface LoadWatch {
  loading(name: string): void;
  done(): void;
}

const NO_WATCH: LoadWatch = { loading() {}, done() {} };

/**
 * Watches the loading of `names` (in that order) in the main thread; in a worker thread (whose
 * stop the pool handles, see pool.ts) or with nothing to load, does nothing.
 */
export function watchLoading(names: readonly string[], ms = LOAD_NOTICE_MS): LoadWatch {
  if (!isMainThread || names.length === 0) return NO_WATCH;
  const state = new Int32Array(new SharedArrayBuffer(8));
  const watcher = new Worker(WATCHER, { eval: true, execArgv: [], workerData: { state, names, ms } });
  watcher.on("error", () => {}); // a watcher that fails must not take the command down with it
  const setAside = SIGNALS.map((signal) => {
    const listeners = process.listeners(signal);
    for (const l of listeners) process.removeListener(signal, l);
    return { signal, listeners };
  });
  let index = 0;
  return {
    loading(name) {
      // Plugins already in the list (built-ins named again) are not watched, so find ours by name.
      const i = names.indexOf(name, index);
      if (i < 0) return;
      index = i + 1;
      Atomics.store(state, 0, index);
      Atomics.notify(state, 0);
    },
    done() {
      Atomics.store(state, 1, 1);
      Atomics.notify(state, 0);
      void watcher.terminate();
      for (const { signal, listeners } of setAside) for (const l of listeners) process.on(signal, l);
    },
  };
}
