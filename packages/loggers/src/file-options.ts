import { z } from "@gymkit/core";
import type { Report } from "./guard.js";
import { DEFAULT_RUN_DIR } from "./paths.js";

/** The `dir` option every file logger has. */
export const dirOption = () =>
  z
    .string()
    .default(DEFAULT_RUN_DIR)
    .describe(
      'Run directory the files go in; a relative path is resolved against the working directory, and ".." is refused. The runner passes one per run.',
    );

/** The `every` option: env steps between interval records. */
export const everyOption = (fallback = 1000) =>
  z.number().int().min(1).default(fallback).describe("Env steps between interval records (and at run end).");

/** A plain file name inside the run directory. */
export const fileOption = (fallback: string) =>
  z.string().min(1).default(fallback).describe('File name inside dir (one plain name, no "/" or "..").');

/** What a logger takes besides its options: injected in tests, defaulted in runs. */
export interface LoggerRuntime {
  /** Milliseconds since the Unix epoch, for record times and rates. @default Date.now */
  clock?: (() => number) | undefined;
  /** Where a failure is reported. @default console.error */
  report?: Report | undefined;
  /** Config path of the logger, for error messages, e.g. `loggers[1]`. */
  path?: string | undefined;
}

export const optionPath = (runtime: LoggerRuntime, option: string) =>
  runtime.path ? `${runtime.path}.${option}` : option;
