/**
 * What a run directory records about its run, read back with checks before `--resume` or a
 * compare trusts it (issue #19): `outcome.json` carries a SHA-256 of its own content, so an edited
 * or damaged one is refused by name; `config.json` (the manifest) says what trained the run, and a
 * resume with another config is refused, naming the keys that differ.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { GymkitError } from "@gymkit/core";
import { writeFileAtomic } from "@gymkit/core/node";
import type { RunOutcome, RunTask } from "./run-one.js";

export const OUTCOME_FILE = "outcome.json";
export const MANIFEST_FILE = "config.json";

const digest = (outcome: object) =>
  `sha256:${createHash("sha256")
    .update(JSON.stringify(outcome, null, 2))
    .digest("hex")}`;

/** Writes `outcome.json` with its checksum (the last file of a finished run). */
export async function writeOutcome(dir: string, outcome: RunOutcome): Promise<void> {
  const { checksum: _, ...plain } = outcome as RunOutcome & { checksum?: string };
  await writeFileAtomic(
    join(dir, OUTCOME_FILE),
    `${JSON.stringify({ ...plain, checksum: digest(plain) }, null, 2)}\n`,
  );
}

const corrupt = (path: string, what: string, todo: string) =>
  new GymkitError("GYMKIT_CORRUPT_FILE", `Cannot use ${path}: ${what}. ${todo}`);

/** The JSON object in `path`, or a `GYMKIT_CORRUPT_FILE` error naming the file and what to do. */
async function readJsonObject(path: string, todo: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt(path, text.trim() === "" ? "it is empty" : "it is not JSON (cut short or garbled)", todo);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw corrupt(path, "it is not a JSON object", todo);
  }
  return value as Record<string, unknown>;
}

/**
 * The finished run's `outcome.json` in `task.dir`, checked: its checksum, and that it is this
 * run's (variant, seed, status, steps within the budget). Undefined when there is none.
 */
export async function readOutcome(task: RunTask): Promise<RunOutcome | undefined> {
  const path = join(task.dir, OUTCOME_FILE);
  if (!existsSync(path)) return undefined;
  const todo = `Delete it and run the same command with --resume: the run goes on from its last checkpoint (the final one when it finished) and writes ${OUTCOME_FILE} again.`;
  const o = await readJsonObject(path, todo);
  const { checksum, ...plain } = o;
  if (checksum !== undefined && checksum !== digest(plain)) {
    throw corrupt(path, "it was changed after the run wrote it (its checksum differs)", todo);
  }
  const { spec } = task;
  const budget = spec.config.budget.steps;
  const problem =
    o.variant !== spec.variant || o.seed !== spec.seed
      ? `it is the outcome of ${String(o.variant)}/seed-${String(o.seed)}, not of ${spec.variant}/seed-${spec.seed}`
      : o.status !== "completed"
        ? `its status is ${JSON.stringify(o.status)}, not "completed"`
        : !Number.isInteger(o.steps) || (o.steps as number) > budget || (o.steps as number) < 1
          ? `its steps (${JSON.stringify(o.steps)}) do not fit this run's budget of ${budget}`
          : !Array.isArray(o.evaluations) || !Array.isArray(o.episodeReturns)
            ? "it lacks its evaluations or episode returns"
            : undefined;
  if (problem) throw corrupt(path, problem, todo);
  return o as unknown as RunOutcome;
}

/** Config keys that do not change what trains: a resume may differ in them. */
const FREE_KEYS = new Set(["loggers", "name"]);

/** `path: old → new` for every leaf where `a` and `b` differ. */
function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b) && !Array.isArray(a)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (path === "" && FREE_KEYS.has(key)) continue;
      differences(a[key], b[key], path === "" ? key : `${path}.${key}`, out);
    }
    return;
  }
  const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path} ${show(a)} → ${show(b)}`);
}

/**
 * Refuses to resume a run whose recorded config (its `config.json`) differs from the one this
 * command resolves, naming the keys: the record must keep saying what trained the run. A damaged
 * manifest is refused by name. Nothing to compare (no manifest yet) passes.
 */
export async function checkSameConfig(task: RunTask, finished: boolean): Promise<void> {
  const path = join(task.dir, MANIFEST_FILE);
  if (!existsSync(path)) return;
  const todo = `It records what trained this run, so --resume cannot check that it goes on with the same config; restore the file, or train again with another --out.`;
  const manifest = await readJsonObject(path, todo);
  if (typeof manifest.config !== "object" || manifest.config === null) {
    throw corrupt(path, "it has no config", todo);
  }
  const now = JSON.parse(JSON.stringify(task.spec.config)) as unknown;
  const diff: string[] = [];
  differences(manifest.config, now, "", diff);
  if (diff.length === 0) return;
  const budget = diff.some((d) => d.startsWith("budget."));
  const why =
    finished && budget
      ? ` A finished run cannot be extended exactly: its schedules follow its budget (ε decays over a fraction of it). Train the longer run anew with another --out.`
      : ` --resume goes on with the config the run started with: run the command with that config, or train the new one with another --out.`;
  throw new GymkitError(
    "GYMKIT_INVALID_ARGUMENT",
    `Cannot resume ${task.runId}: its config differs from the one it was trained with (${path}): ${diff.join(", ")}.${why} Nothing was changed.`,
  );
}

/**
 * Refuses to resume a run from its checkpoint on another TensorFlow.js backend than the one that
 * trained it (their numbers differ in the last bits, so the run would not be the one recorded).
 */
export async function checkSameBackend(task: RunTask, backend: string): Promise<void> {
  const path = join(task.dir, MANIFEST_FILE);
  if (!existsSync(path)) return;
  const recorded = (await readJsonObject(path, "Restore the file, or train again with another --out."))
    .backend;
  if (typeof recorded === "string" && recorded !== backend) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Cannot resume ${task.runId}: it was trained on the ${recorded} backend (${path}), and this process got ${backend}. Resume with --backend ${recorded}, or train again with another --out.`,
    );
  }
}
