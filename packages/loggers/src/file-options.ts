import { z } from "@gymkit/core";
import type { Report } from "./guard.js";
import { DEFAULT_RUN_DIR } from "./paths.js";

/**
 * Not blank, no `..` segment: what `resolveRunDir` allows, as a pattern, so that `registry.resolve`
 * refuses it before any run starts and editors see it in the JSON Schema.
 */
const RUN_DIR = /^(?!\s*$)(?![\s\S]*(?:^|[/\\])\.\.(?:[/\\]|$))/;
/** One plain name, as `assertPlainName` allows: not `.` or `..`, no `/`, `\` or NUL. */
const PLAIN_NAME = /^(?!\.\.?$)[^/\\\0]+$/;

/** The `dir` option every file logger has. */
export const dirOption = () =>
  z
    .string()
    .regex(RUN_DIR, {
      message: `expected a directory path without ".." segments. Name the run directory directly, e.g. "${DEFAULT_RUN_DIR}".`,
    })
    .default(DEFAULT_RUN_DIR)
    .describe(
      'Run directory the files go in; a relative path is resolved against the working directory, and ".." is refused. The runner passes one per run.',
    );

/** The `every` option: env steps between interval records. */
export const everyOption = (fallback = 1000) =>
  z.number().int().min(1).default(fallback).describe("Env steps between interval records (and at run end).");

/** A plain file name inside the run directory. */
export const fileOption = (fallback: string) =>
  z
    .string()
    .min(1)
    .regex(PLAIN_NAME, {
      message: 'expected one plain file name, without "/", "\\" or ".." (files stay inside dir)',
    })
    .default(fallback)
    .describe('File name inside dir (one plain name, no "/" or "..").');

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
