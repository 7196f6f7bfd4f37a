/** Where warnings go; tests, loggers and envs' `warn` options may replace it. */
export type WarnFn = (message: string) => void;

/**
 * The default {@link WarnFn}, browser-safe: `process.emitWarning(message, "GymkitEnvWarning")`
 * where Node's `process` exists (so `--no-warnings` and `process.on("warning")` work), else
 * `console.warn` (browsers, Web Workers).
 */
export const defaultWarn: WarnFn = (message) => {
  // `globalThis.process`, not `process`: a bare `process` is a ReferenceError in a browser.
  const emit = globalThis.process?.emitWarning;
  if (typeof emit === "function") emit.call(globalThis.process, message, { type: "GymkitEnvWarning" });
  else console.warn(message);
};
