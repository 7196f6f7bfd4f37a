import { describeValue, GymkitError } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
// Registers the `cpu` backend on import, as the @tensorflow/tfjs umbrella did: TensorFlow.js works
// (on cpu) before prepareBackend, e.g. tf.memory() in a test. (The wasm backend imports it too.)
import "@tensorflow/tfjs-backend-cpu";

/** What a caller may ask for. `auto` tries `tensorflow`, then `wasm`, then `cpu`. */
export type BackendPreference = "auto" | "tensorflow" | "wasm" | "cpu";
/** A TensorFlow.js backend gymkit runs on. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

/** Accepted values of `backend`, for validation messages. */
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ["auto", "tensorflow", "wasm", "cpu"];

/** Options of {@link prepareBackend}. */
export interface PrepareBackendOptions {
  /**
   * Where the one-line "backend chosen" message goes; `false` keeps quiet.
   * @default console.info
   */
  log?: ((message: string) => void) | false;
}

let prepared: BackendName | undefined;
const announced = new Set<string>();

// A variable specifier keeps bundlers and tsc from requiring the optional peer at build time.
const TFJS_NODE = "@tensorflow/tfjs-node";

async function tryTensorflow(): Promise<unknown> {
  try {
    await import(/* @vite-ignore */ TFJS_NODE);
  } catch (e) {
    return e;
  }
  return (await tf.setBackend("tensorflow"))
    ? undefined
    : new Error("the tensorflow backend was registered but failed to initialise");
}

async function tryWasm(): Promise<unknown> {
  try {
    // Imported lazily: it registers the `wasm` backend as a side effect, and only runs when asked.
    await import("@tensorflow/tfjs-backend-wasm");
    return (await tf.setBackend("wasm")) ? undefined : new Error("tf.setBackend('wasm') returned false");
  } catch (e) {
    return e;
  }
}

/**
 * Chooses and initialises the TensorFlow.js backend for this process; call it (and await it)
 * before creating an agent, since tfjs initialises backends asynchronously and agent factories
 * are synchronous.
 *
 * - `auto` (default): `tensorflow` (native, via the optional peer `@tensorflow/tfjs-node`) when it
 *   loads, else `wasm` (shipped with `@tensorflow/tfjs-backend-wasm`), else `cpu` (pure JS).
 * - `tensorflow`: fails with `GYMKIT_BACKEND_UNAVAILABLE` when tfjs-node is not installed.
 *
 * Logs the choice once per process and backend. Returns the backend's name.
 * @example const backend = await prepareBackend("wasm"); // "wasm"
 */
export async function prepareBackend(
  preference: BackendPreference = "auto",
  options: PrepareBackendOptions = {},
): Promise<BackendName> {
  if (!(BACKEND_PREFERENCES as readonly unknown[]).includes(preference)) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid backend ${describeValue(preference)}: expected one of ${BACKEND_PREFERENCES.map((b) => `"${b}"`).join(", ")}.`,
    );
  }
  let chosen: BackendName;
  const restoreHandlers = keepProcessHandlers();
  try {
    chosen = await choose(preference);
    await tf.ready();
  } finally {
    restoreHandlers();
  }
  prepared = chosen;
  const log = options.log === undefined ? console.info : options.log;
  if (log && !announced.has(chosen)) {
    announced.add(chosen);
    log(`[gymkit] TensorFlow.js ${tf.version_core} backend: ${chosen}`);
  }
  return chosen;
}

/**
 * What a part's `prepare` calls: prepares `preference` unless the backend in use already is one
 * it accepts (`auto`: any prepared backend; a name: that backend), so a run whose parts each
 * prepare their backend never switches it under one another or under the caller's own
 * `prepareBackend`. Quiet unless `options.log` says otherwise.
 */
export async function ensureBackend(
  preference: BackendPreference = "auto",
  options: PrepareBackendOptions = {},
): Promise<BackendName> {
  if (prepared !== undefined) {
    const current = tf.getBackend() as BackendName;
    if (preference === "auto" || preference === current) return current;
  }
  return prepareBackend(preference, { log: false, ...options });
}

type ProcessLike = {
  listeners(event: string): Array<(...args: unknown[]) => void>;
  removeListener(event: string, fn: (...args: unknown[]) => void): void;
};

/**
 * The wasm module (Emscripten) installs `uncaughtException`/`unhandledRejection` handlers that
 * rethrow: a user's uncaught error then printed 38.6 KB of minified tfjs source first and exited
 * with code 7. Returns a function that removes whatever handlers appeared meanwhile, so errors
 * reach Node's default handler (message first, exit code 1). No-op outside Node.
 */
function keepProcessHandlers(): () => void {
  const proc = (globalThis as { process?: ProcessLike }).process;
  if (typeof proc?.listeners !== "function") return () => {};
  const events = ["uncaughtException", "unhandledRejection"];
  const before = new Map(events.map((e) => [e, new Set(proc.listeners(e))]));
  return () => {
    for (const e of events) {
      for (const fn of proc.listeners(e)) if (!before.get(e)!.has(fn)) proc.removeListener(e, fn);
    }
  };
}

async function choose(preference: BackendPreference): Promise<BackendName> {
  let chosen: BackendName;
  if (preference === "tensorflow" || preference === "auto") {
    const error = await tryTensorflow();
    if (error === undefined) chosen = "tensorflow";
    else if (preference === "tensorflow") {
      throw new GymkitError(
        "GYMKIT_BACKEND_UNAVAILABLE",
        `The "tensorflow" backend needs the optional package @tensorflow/tfjs-node, which could not be loaded (${error instanceof Error ? error.message.split("\n")[0] : String(error)}). Install it with \`npm install @tensorflow/tfjs-node\` (it downloads libtensorflow), or use backend "wasm", which works everywhere.`,
        { cause: error },
      );
    } else chosen = (await tryWasm()) === undefined ? "wasm" : await useCpu();
  } else if (preference === "wasm") {
    const error = await tryWasm();
    if (error !== undefined) {
      throw new GymkitError(
        "GYMKIT_BACKEND_UNAVAILABLE",
        `The "wasm" backend failed to initialise: ${error instanceof Error ? error.message : String(error)}. Use backend "cpu" (pure JavaScript, slower) or "auto".`,
        { cause: error },
      );
    }
    chosen = "wasm";
  } else chosen = await useCpu();
  return chosen;
}

async function useCpu(): Promise<"cpu"> {
  if (!(await tf.setBackend("cpu"))) {
    throw new GymkitError(
      "GYMKIT_BACKEND_UNAVAILABLE",
      "The TensorFlow.js cpu backend failed to initialise.",
    );
  }
  return "cpu";
}

/** The backend {@link prepareBackend} chose, or undefined when it has not run yet. */
export function preparedBackend(): BackendName | undefined {
  return prepared;
}

/**
 * The backend agents run on now. Throws a clear error when no backend was prepared, because
 * agent factories are synchronous and cannot wait for tfjs to initialise one.
 */
export function requireBackend(preference: BackendPreference = "auto", path = "backend"): BackendName {
  if (prepared === undefined) {
    throw new GymkitError(
      "GYMKIT_BACKEND_UNAVAILABLE",
      `No TensorFlow.js backend is ready. Call \`await prepareBackend(${JSON.stringify(preference)})\` (from @gymkit/tfjs) before creating the agent: backends initialise asynchronously and agent factories are synchronous.`,
    );
  }
  // Someone may have switched backends with tf.setBackend since; report the one in use.
  const current = tf.getBackend() as BackendName;
  if (preference !== "auto" && preference !== current) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}: asked for ${JSON.stringify(preference)} but the prepared backend is ${JSON.stringify(current)}. Call \`await prepareBackend(${JSON.stringify(preference)})\` first, or set ${path} to "auto".`,
    );
  }
  return current;
}
