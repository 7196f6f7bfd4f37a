/**
 * One run, top to bottom: the registry with the named plugins, the backend, the composed run
 * (core's `compose`: the only place parts are put together), its file loggers in the run
 * directory, checkpoints, `train()`, the final model and the manifest. It runs in a worker thread
 * (see worker.ts) or in-process, and takes and returns plain data only.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { prepareBackend } from "@gymkit/agent-dqn";
import { saveAgent } from "@gymkit/agent-dqn/node";
import {
  type Checkpointable,
  type EvaluationEvent,
  isCheckpointable,
  type LoopState,
  type PartSpec,
  type ReplayBuffer,
  type Run,
  type RunHooks,
} from "@gymkit/core";
import {
  cleanStaleTemps,
  ioError,
  makeDir,
  readDirFiles,
  writeDirAtomic,
  writeFileAtomic,
} from "@gymkit/core/node";
import { type ProgressMessage, progressMessages } from "@gymkit/loggers";
import type { RunSpec } from "./experiment.js";
import { writeManifest } from "./manifest.js";
import { type PluginSpec, registryWith } from "./plugins.js";

/** Loggers a run writes unless its config names its own. */
export const DEFAULT_LOGGERS: readonly PartSpec[] = [
  { kind: "jsonl" },
  { kind: "csv" },
  { kind: "tensorboard" },
];
const FILE_LOGGERS = new Set(["jsonl", "csv", "tensorboard", "plot"]);

/** What a worker is given: plain data. */
export interface RunTask {
  readonly spec: RunSpec;
  /** The run's directory: `<out>/<variant>/seed-<n>`. */
  readonly dir: string;
  readonly plugins: readonly PluginSpec[];
  readonly backend: string;
  /** Continue from the run's last checkpoint when it has one. */
  readonly resume: boolean;
  /** Id on the progress board. */
  readonly runId: string;
}

/** What a run returns: the compare report's input, plain data. */
export interface RunOutcome {
  readonly variant: string;
  readonly seed: number;
  readonly dir: string;
  readonly status: "completed" | "stopped" | "skipped";
  readonly steps: number;
  readonly episodes: number;
  readonly wallSeconds: number;
  readonly backend: string;
  readonly evaluations: ReadonlyArray<{
    step: number;
    mean: number;
    wallSeconds: number;
    evalSeconds: number;
    returns: number[];
  }>;
  readonly episodeReturns: readonly number[];
  readonly diverged: boolean;
  readonly warnings: readonly string[];
  readonly resumedFrom: number | undefined;
}

/** Live controls of a run from outside: progress out, a stop request in. */
export interface RunControls {
  post?: ((message: ProgressMessage) => void) | undefined;
  /** True once the run should checkpoint and stop (Ctrl-C). */
  stopRequested?: (() => boolean) | undefined;
  /**
   * Called after each checkpoint is in place, before training goes on: the run directory then
   * holds the checkpoint and every log line up to its step (a queue worker copies it to Redis).
   */
  onCheckpoint?: ((step: number) => Promise<void>) | undefined;
  /** Told before each plugin is imported (a pool names the plugin when a run's thread hangs). */
  onPluginLoading?: ((plugin: string) => void) | undefined;
}

const CHECKPOINT_DIR = "checkpoint";
const LOOP_FILE = "loop.json";
const BUFFER_FILE = "buffer.rb";
const OUTCOME_FILE = "outcome.json";

/** The run's loggers: file loggers write into its directory; `console` is the runner's board. */
function loggersFor(config: RunTask["spec"]["config"], dir: string): PartSpec[] {
  const named = config.loggers.length > 0 ? config.loggers : DEFAULT_LOGGERS;
  return named
    .filter((l) => l.kind !== "console")
    .map((l) => (FILE_LOGGERS.has(l.kind) && l.dir === undefined ? { ...l, dir } : l))
    .map((l) =>
      FILE_LOGGERS.has(l.kind) && (l.dir === "runs/latest" || l.dir === undefined) ? { ...l, dir } : l,
    );
}

/** Runs one spec to its end (or to a stop request), resuming from its checkpoint when asked. */
export async function runOne(task: RunTask, controls: RunControls = {}): Promise<RunOutcome> {
  const { spec, dir } = task;
  const outcomePath = join(dir, OUTCOME_FILE);
  if (task.resume && existsSync(outcomePath)) {
    // Finished earlier: nothing to resume.
    const done = JSON.parse(await readFile(outcomePath, "utf8")) as RunOutcome;
    if (done.status === "completed") return { ...done, status: "skipped" };
  }
  await makeDir(dir).catch((e: unknown) => {
    throw ioError(e, "write", dir);
  });
  const registry = await registryWith(task.plugins, {
    onLoading: (p) => controls.onPluginLoading?.(p.name),
  });
  const backend = await prepareBackend(task.backend as "auto", { log: false });
  const config = { ...spec.config, loggers: loggersFor(spec.config, dir) };
  const run: Run = await registry.compose(config);
  const warnings: string[] = [];
  let diverged = false;
  run.events.on("warning", (w) => {
    warnings.push(`${w.kind}: ${w.message}`);
    if (w.kind === "divergence") diverged = true;
  });
  if (controls.post)
    progressMessages(run.events, controls.post, { runId: task.runId, total: spec.config.budget.steps });
  const agent = run.agent;
  const saved = isCheckpointable(agent) ? agent : undefined;
  const buffer = run.parts.buffer as ReplayBuffer | undefined;
  const ckptDir = join(dir, CHECKPOINT_DIR);
  try {
    let resume: LoopState | undefined;
    let resumedFrom: number | undefined;
    if (saved && task.resume && (existsSync(join(ckptDir, LOOP_FILE)) || (await hasDebris(dir)))) {
      const from = await readCheckpoint(ckptDir, saved, buffer);
      resume = from.loop;
      resumedFrom = from.step;
    }
    await writeManifest(dir, { task, run, backend, resumedFrom });
    const hooks: RunHooks & { runId: string; resume?: LoopState | undefined } = {
      runId: task.runId,
      shouldStop: controls.stopRequested,
      checkpoint: saved
        ? {
            every: spec.checkpointEvery,
            save: async (step: number, state: () => LoopState) => {
              await writeCheckpoint(ckptDir, step, saved, buffer, state());
              await controls.onCheckpoint?.(step);
              return ckptDir;
            },
          }
        : undefined,
      ...(resume === undefined ? {} : { resume }),
    };
    const result = await run.train(hooks);
    const outcome: RunOutcome = {
      variant: spec.variant,
      seed: spec.seed,
      dir,
      status: result.reason,
      steps: result.steps,
      episodes: result.episodes,
      wallSeconds: result.wallSeconds,
      backend,
      evaluations: result.evaluations.map((e: EvaluationEvent) => ({
        step: e.step,
        mean: e.mean,
        wallSeconds: e.wallSeconds,
        evalSeconds: e.evalSeconds,
        returns: e.returns,
      })),
      episodeReturns: result.episodeReturns,
      diverged,
      warnings,
      resumedFrom,
    };
    if (result.reason === "completed") {
      if (saved) await saveAgent(saved, join(dir, "model"));
      await writeFileAtomic(outcomePath, `${JSON.stringify(outcome, null, 2)}\n`);
    }
    return outcome;
  } finally {
    await run.dispose();
  }
}

/**
 * A checkpoint is one directory written atomically (core's `writeDirAtomic`): the agent's files,
 * the buffer image and `loop.json` (the loop's state and its step). A kill leaves the previous
 * checkpoint or this one, never a mix of steps.
 */
async function writeCheckpoint(
  dir: string,
  step: number,
  agent: Checkpointable,
  buffer: ReplayBuffer | undefined,
  loop: LoopState,
): Promise<void> {
  const files: Record<string, Uint8Array> = { ...(await agent.checkpoint()) };
  if (buffer?.serialize) files[BUFFER_FILE] = buffer.serialize();
  files[LOOP_FILE] = new TextEncoder().encode(`${JSON.stringify({ step, loop })}\n`);
  await cleanStaleTemps(dirname(dir), { olderThanMs: Date.now() });
  await writeDirAtomic(dir, files, {
    isOurs: async (d) => existsSync(join(d, LOOP_FILE)),
    what: "a run checkpoint",
  });
}

async function readCheckpoint(
  dir: string,
  agent: Checkpointable,
  buffer: ReplayBuffer | undefined,
): Promise<{ step: number; loop: LoopState }> {
  await cleanStaleTemps(dirname(dir), { olderThanMs: Date.now() }); // a kill mid-swap left it aside
  const files = await readDirFiles(dir);
  const { [LOOP_FILE]: loopBytes, [BUFFER_FILE]: bufferBytes, ...agentFiles } = files;
  const { step, loop } = JSON.parse(new TextDecoder().decode(loopBytes)) as { step: number; loop: LoopState };
  await agent.restore(agentFiles, dir);
  if (buffer?.deserialize && bufferBytes) buffer.deserialize(bufferBytes, join(dir, BUFFER_FILE));
  return { step, loop };
}

/** A checkpoint a kill left under a temp or trash name (restored by `readCheckpoint`). */
async function hasDebris(dir: string): Promise<boolean> {
  return (await readdir(dir).catch(() => [] as string[])).some((n) =>
    n.startsWith(`.${CHECKPOINT_DIR}.trash-`),
  );
}
