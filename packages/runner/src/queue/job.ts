/**
 * What a queue job carries: data, never code. A run's spec (plain config), the backend, and the
 * plugins it needs *by name*; a worker decides for itself which names it will load.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { isAbsolute, join } from "node:path";
import { GymkitError } from "@gymkit/core";
import type { RunSpec } from "../experiment.js";
import type { RunOutcome } from "../run-one.js";

/** The data of one job: one variant at one seed of a sweep. */
export interface RunJobData {
  readonly sweepId: string;
  readonly runId: string;
  readonly spec: RunSpec;
  readonly backend: string;
  /** Plugin names as the config wrote them: package names (or paths, which workers refuse unless allowed). */
  readonly plugins: readonly string[];
}

/** What a finished job returns to the coordinator: its outcome and its run directory's files (base64). */
export interface RunJobResult {
  readonly outcome: RunOutcome;
  readonly files: Record<string, string>;
}

/** A sweep's id: the same command (runs, backend, plugins, output) gives the same id, so it re-attaches. */
export function sweepIdOf(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/** `<sweep>-<variant>-s<seed>`: unique per run (the seed is digits, the sweep id fixed-length hex). */
export const jobIdOf = (sweepId: string, variant: string, seed: number): string =>
  `${sweepId}-${variant}-s${seed}`;

const isPathOrUrl = (name: string): "a path" | "a URL" | undefined =>
  /^[a-z][a-z\d+.-]*:/i.test(name) && !name.startsWith("@")
    ? "a URL"
    : name.startsWith(".") || isAbsolute(name) || name.includes("\\")
      ? "a path"
      : undefined;

/** Is the package installed where this worker runs (its working directory or gymkit's own)? */
function installed(name: string, cwd: string): boolean {
  for (const from of [join(cwd, "noop.js"), import.meta.url]) {
    try {
      createRequire(from).resolve(name);
      return true;
    } catch {}
    try {
      import.meta.resolve(name);
      return true;
    } catch {}
  }
  return false;
}

/**
 * Why a worker refuses a job's plugins, or undefined when it may load them all: a name must be an
 * installed package or be listed in the worker's `--allow-plugin`. Paths and URLs are never loaded
 * unless listed; nothing of the job is run when one is refused.
 */
export function refusePlugins(
  jobId: string,
  plugins: readonly string[],
  allowed: readonly string[],
  cwd: string,
): GymkitError | undefined {
  for (const name of plugins) {
    if (allowed.includes(name)) continue;
    const kind = isPathOrUrl(name);
    const why = kind
      ? `it is ${kind}, and this worker loads code only from packages installed here or from what its --allow-plugin lists`
      : installed(name, cwd)
        ? undefined
        : "it is not installed on this worker (npm install it here, or list it with --allow-plugin)";
    if (why) {
      return new GymkitError(
        "GYMKIT_PLUGIN_REFUSED",
        `Job ${jobId} refused: plugin "${name}" is not loaded, because ${why}. Allowed: installed packages${allowed.length > 0 ? ` and ${allowed.map((a) => `"${a}"`).join(", ")}` : ""}. Nothing of the job was run.`,
      );
    }
  }
  return undefined;
}

/** Checks a job's data before anything runs (a job is data from the network). */
export function parseJobData(jobId: string, data: unknown): RunJobData {
  const d = data as Partial<RunJobData> | null;
  const ok =
    d !== null &&
    typeof d === "object" &&
    typeof d.sweepId === "string" &&
    typeof d.runId === "string" &&
    typeof d.backend === "string" &&
    Array.isArray(d.plugins) &&
    d.plugins.every((p) => typeof p === "string") &&
    typeof d.spec === "object" &&
    d.spec !== null &&
    typeof d.spec.variant === "string" &&
    /^[\w.-]+$/.test(d.spec.variant) &&
    Number.isInteger(d.spec.seed);
  if (!ok) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Job ${jobId} refused: its data is not a gymkit run (expected sweepId, runId, spec {variant, seed, config}, backend, plugins). Nothing of the job was run.`,
    );
  }
  return d as RunJobData;
}
