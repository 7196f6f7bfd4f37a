import { isAbsolute, join, resolve } from "node:path";
import { describeValue, GymkitError, invalidConfig } from "@gymkit/core";

/** Where file loggers write when the config names no `dir`: relative to the working directory. */
export const DEFAULT_RUN_DIR = "runs/latest";

const segments = (path: string) => path.split(/[/\\]/);

/**
 * Resolves a logger's `dir` option against the working directory. A `..` segment is refused, so
 * a config cannot send files outside the tree it names. `where` is the config path for messages.
 */
export function resolveRunDir(dir: string, where = "dir"): string {
  if (dir.trim() === "" || segments(dir).includes("..")) {
    throw invalidConfig(
      where,
      'a directory path without ".." segments',
      dir,
      `Name the run directory directly, e.g. "${DEFAULT_RUN_DIR}".`,
    );
  }
  return isAbsolute(dir) ? dir : resolve(process.cwd(), dir);
}

/**
 * Checks that `name` is one plain name (a run, variant or file name): not empty, not `.` or `..`,
 * no `/` or `\`. Files stay inside the run directory.
 */
export function assertPlainName(name: string, what: string): string {
  if (name === "" || name === "." || name === ".." || /[/\\]/.test(name) || name.includes("\0")) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Invalid ${what} ${describeValue(name)}: it must be one plain name, without "/", "\\" or "..", so that files stay inside the run directory.`,
    );
  }
  return name;
}

/**
 * A run's directory under `root`: `runPath("runs", "cartpole", "dqn", "seed-0")`. Each name must
 * be plain ({@link assertPlainName}); a name with `..` or `/` is rejected.
 */
export function runPath(root: string, ...names: string[]): string {
  if (typeof root !== "string" || root === "") {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `runPath(root, ...names): root must be a non-empty directory path, got ${describeValue(root)}.`,
    );
  }
  for (const name of names) assertPlainName(name, "run name");
  return join(root, ...names);
}
