/**
 * The `--import` of the run pool's worker threads when gymkit runs from its TypeScript sources
 * (see pool.ts): TypeScript becomes importable there as it is in the main thread.
 *
 * Why it exists: tsx registers its ESM hooks in the main thread only (before Node 22.22 / 24.11),
 * and Node 20 gives worker threads none of the main thread's hooks, so a plugin importing
 * @gymkit/core (whose sources are .ts), even a plain .mjs one, failed in a worker with
 * `Unknown file extension ".ts"` (issue 19). Where a worker can already import TypeScript (hooks
 * inherited on newer Node), this adds nothing.
 */
try {
  // A query of our own, so this probe's failure is not the cached result of the module itself.
  await import("./version.ts?thread-loader-probe");
} catch (e) {
  if (e?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e;
  const { register } = await import("tsx/esm/api");
  register();
}
