/**
 * @gymkit/tfjs/node: agent files as directories (Node only; the main entry stays browser-safe and
 * gives them as bytes). Agents build their `saveAgent`/`loadAgent` on these.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { CheckpointFiles } from "@gymkit/core";
import { cleanStaleTemps, readDirFiles, writeDirAtomic } from "@gymkit/core/node";
import { MODEL_FILE } from "./model-files.js";

/**
 * True when `dir` holds an agent file whose `model.json` says `format: <format>` (any format tag
 * when `format` is omitted).
 */
export async function isAgentDir(dir: string, format?: string): Promise<boolean> {
  try {
    const json = JSON.parse(await readFile(join(dir, MODEL_FILE), "utf8")) as { format?: unknown };
    return format === undefined ? typeof json?.format === "string" : json?.format === format;
  } catch {
    return false;
  }
}

/** Options of {@link writeAgentDir}. */
export interface WriteAgentDirOptions {
  /** The format tag a directory must already hold to be replaced (see {@link isAgentDir}). */
  format: string;
  /** What such a directory is called in the refusal: `an agent-dqn checkpoint`. */
  what: string;
}

/**
 * Writes an agent's files (`model.json` + `weights.bin`) to `dir` atomically: a crash leaves the
 * previous files or the new ones, and concurrent writes to one `dir` all succeed. Refuses, leaving
 * it untouched, to replace a file or a non-empty directory that does not hold `format`.
 */
export async function writeAgentDir(
  dir: string,
  files: CheckpointFiles,
  options: WriteAgentDirOptions,
): Promise<void> {
  // Debris of an earlier save whose process died does not pile up (any age: its writer is dead).
  await cleanStaleTemps(dirname(dir), { olderThanMs: Date.now() });
  await writeDirAtomic(dir, files, { isOurs: (d) => isAgentDir(d, options.format), what: options.what });
}

/**
 * The files in `dir`. A process killed between the two renames of {@link writeAgentDir} leaves the
 * last complete files under a trash name; `cleanStaleTemps` puts them back first.
 */
export async function readAgentDir(dir: string): Promise<CheckpointFiles> {
  await cleanStaleTemps(dirname(dir), { olderThanMs: Date.now() });
  return readDirFiles(dir);
}
