/**
 * A run's checkpoint: one directory written atomically (core's `writeDirAtomic`) holding
 * `run.checkpoint()` (every checkpointable part's files by config path: the agent's own files,
 * its replay buffer's image `buffer.rb`, ...), the loggers' states (`loggers.json`, so a resumed run
 * cuts its logs back to what the checkpoint covers) and `loop.json` (the loop's state, its step,
 * and the size and SHA-256 of every other file). A kill leaves the previous checkpoint or this one;
 * a checkpoint whose files do not match its listing is refused whole, never half used (issue #19).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GymkitError, type Logger, type LoopState, type Run } from "@gymkit/core";
import { cleanStaleTemps, readDirFiles, writeDirAtomic } from "@gymkit/core/node";

export const CHECKPOINT_DIR = "checkpoint";
export const LOOP_FILE = "loop.json";
export const LOGGERS_FILE = "loggers.json";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const encode = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value)}\n`);

/** What a checkpoint gives back to a resumed run. */
export interface SavedRun {
  readonly step: number;
  readonly loop: LoopState;
  /** The loggers' `snapshot()`s, by the logger's place in the config (`loggers[0]`) and kind. */
  readonly loggers: Readonly<Record<string, unknown>>;
}

/** `loggers[i]:kind`: a logger's key in `loggers.json` (a changed logger list gets no state). */
export const loggerKey = (index: number, kind: string) => `loggers[${index}]:${kind}`;

/**
 * Kill tests hold a run at a named moment (`GYMKIT_TEST_HOLD=<point>:<step|*>:<marker file>`):
 * the process writes the marker file and waits there until it is killed. Unset, nothing happens.
 */
export async function holdForTest(point: string, step: number | undefined): Promise<void> {
  const spec = process.env.GYMKIT_TEST_HOLD;
  if (!spec) return;
  const [p, s, ...marker] = spec.split(":");
  if (p !== point || (s !== "*" && Number(s) !== step)) return;
  await writeFile(marker.join(":"), `${process.pid}\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}

/** Writes the checkpoint of the run in `runDir` at `step`. */
export async function writeCheckpoint(
  runDir: string,
  step: number,
  parts: {
    run: Pick<Run, "checkpoint">;
    loop: LoopState;
    loggers: ReadonlyArray<{ key: string; logger: Logger }>;
  },
): Promise<void> {
  const files: Record<string, Uint8Array> = { ...(await parts.run.checkpoint()) };
  for (const name of [LOOP_FILE, LOGGERS_FILE]) {
    if (files[name] !== undefined) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `A part of the run checkpoints a file named ${name}, which the runner writes itself; the part must name its files otherwise.`,
      );
    }
  }
  const states: Record<string, unknown> = {};
  for (const { key, logger } of parts.loggers) {
    const state = logger.snapshot?.();
    if (state !== undefined) states[key] = state;
  }
  files[LOGGERS_FILE] = encode(states);
  const listing = Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [name, { bytes: bytes.length, sha256: sha256(bytes) }]),
  );
  files[LOOP_FILE] = encode({ step, loop: parts.loop, files: listing });
  const dir = join(runDir, CHECKPOINT_DIR);
  await cleanStaleTemps(runDir, { olderThanMs: Date.now() });
  await writeDirAtomic(dir, files, {
    isOurs: async (d) => existsSync(join(d, LOOP_FILE)),
    what: "a run checkpoint",
    onStage: (stage) => holdForTest(`checkpoint-${stage}`, step),
  });
}

/** A checkpoint that cannot be used, named, with what to do. */
export function damaged(runId: string, dir: string, what: string): GymkitError {
  return new GymkitError(
    "GYMKIT_CORRUPT_FILE",
    `Cannot resume ${runId}: its checkpoint ${dir} is damaged: ${what}. A checkpoint is used whole or not at all: restore that directory from a copy, or delete it to train this run again from step 0 (--resume then cuts its logs back to the start).`,
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The checkpoint of the run in `runDir`, checked whole (every listed file present, of its size and
 * SHA-256; the step within the budget), or undefined when the run has none. Every checkpointable
 * part of the run is restored from it (`run.restore`). Throws `GYMKIT_CORRUPT_FILE` naming the file
 * at fault.
 */
export async function readCheckpoint(
  runDir: string,
  parts: { runId: string; run: Pick<Run, "restore">; budget: number },
): Promise<SavedRun | undefined> {
  // A kill between the two renames of a swap leaves the last checkpoint aside: put it back.
  await cleanStaleTemps(runDir, { olderThanMs: Date.now() });
  const dir = join(runDir, CHECKPOINT_DIR);
  if (!existsSync(dir)) return undefined;
  const bad = (what: string) => damaged(parts.runId, dir, what);
  const files = await readDirFiles(dir);
  const { [LOOP_FILE]: loopBytes, [LOGGERS_FILE]: loggerBytes, ...partFiles } = files;
  if (loopBytes === undefined) throw bad(`${LOOP_FILE} is missing`);
  let saved: unknown;
  try {
    saved = JSON.parse(new TextDecoder().decode(loopBytes));
  } catch {
    throw bad(`${LOOP_FILE} is ${loopBytes.length === 0 ? "empty" : "not JSON (cut short or garbled)"}`);
  }
  if (
    !isRecord(saved) ||
    !isRecord(saved.loop) ||
    !Number.isInteger(saved.step) ||
    (saved.step as number) < 0
  ) {
    throw bad(`${LOOP_FILE} is not a checkpoint's (expected { step, loop, files })`);
  }
  const step = saved.step as number;
  if (isRecord(saved.files)) {
    for (const [name, entry] of Object.entries(saved.files)) {
      const { bytes, sha256: hash } = (entry ?? {}) as { bytes?: unknown; sha256?: unknown };
      const got = files[name];
      if (got === undefined) throw bad(`${name} is missing`);
      if (got.length !== bytes)
        throw bad(`${name} has ${got.length} bytes, it was written with ${String(bytes)}`);
      if (sha256(got) !== hash) throw bad(`${name} is not the file that was written (its SHA-256 differs)`);
    }
  }
  // A checkpoint of an older gymkit has no listing: run.restore refuses one that lacks a part's files.
  if (step > parts.budget) {
    throw bad(
      `its step ${step} is beyond this run's budget of ${parts.budget} steps (${LOOP_FILE} was edited, or belongs to another run)`,
    );
  }
  if ((saved.loop as { step?: unknown }).step !== step) {
    throw bad(`${LOOP_FILE} says step ${step} but its loop state is at ${String(saved.loop.step)}`);
  }
  let loggers: Record<string, unknown> = {};
  if (loggerBytes !== undefined) {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(loggerBytes));
      if (isRecord(parsed)) loggers = parsed;
    } catch {
      throw bad(`${LOGGERS_FILE} is not JSON (cut short or garbled)`);
    }
  }
  await parts.run.restore(partFiles, dir);
  return { step, loop: saved.loop as unknown as LoopState, loggers };
}
