import { z } from "@gymkit/core";
import type { Report } from "./guard.js";
import { DEFAULT_RUN_DIR } from "./paths.js";

/** Not blank, and no `..` segment (`runs/../../etc`): what `resolveRunDir` accepts. */
const DIR = /^(?![\s\S]*(?:^|[/\\])\.\.(?:[/\\]|$))(?=[\s\S]*\S)[^\0]+$/;
/** One plain name: no `/`, `\\` or NUL, not `.` or `..`: what `assertPlainName` accepts. */
const FILE = /^(?!\.{1,2}$)[^/\\\0]+$/;

/**
 * The `dir` option every file logger has. Its pattern is checked when a config is resolved, so a
 * dir that leaves the tree fails before any run starts (and JSON Schema editors see it too).
 */
export const dirOption = () =>
  z
    .string()
    .min(1)
    .regex(DIR, { message: 'expected a directory path without ".." segments' })
    .default(DEFAULT_RUN_DIR)
    .describe(
      'Run directory the files go in; a relative path is resolved against the working directory, and ".." is refused. The runner passes one per run.',
    );

/** The `every` option: env steps between interval records. */
export const everyOption = (fallback = 1000) =>
  z.number().int().min(1).default(fallback).describe("Env steps between interval records (and at run end).");

/** A plain file name inside the run directory, checked when a config is resolved. */
export const fileOption = (fallback: string) =>
  z
    .string()
    .min(1)
    .regex(FILE, {
      message:
        'expected one plain file name (no "/", "\\" or NUL, not "." or ".."), so that files stay inside dir',
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
