import { join } from "node:path";
import {
  type EvaluationEvent,
  isStatefulEnv,
  type PartSpec,
  type Run,
  type RunHooks,
  type TrainResult,
} from "@gymkit/core";
import { ioError, makeDir } from "@gymkit/core/node";
import { type ProgressMessage, progressMessages } from "@gymkit/loggers";
import {
  CHECKPOINT_DIR,
  damaged,
  holdForTest,
  LOOP_FILE,
  loggerKey,
  readCheckpoint,
  type SavedRun,
  writeCheckpoint,
} from "./checkpoint.js";
import type { RunSpec } from "./experiment.js";
import { writeManifest } from "./manifest.js";
import { backendOf, noCheckpointsMessage, saveModel } from "./parts.js";
import { type PluginSpec, registryWith } from "./plugins.js";
import { checkSameBackend, readOutcome, writeOutcome } from "./run-record.js";

/** Loggers a run writes unless its config names its own. */
export const DEFAULT_LOGGERS: readonly PartSpec[] = [
  { kind: "jsonl" },
  { kind: "csv" },
  { kind: "monitor" },
  { kind: "tensorboard" },
];
const FILE_LOGGERS = new Set(["jsonl", "csv", "monitor", "tensorboard", "plot"]);

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
  readonly status: "completed" | "stopped" | "skipped" | "failed";
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
  /**
   * A failed run: why, the step it reached, the step of its last checkpoint (none: undefined), and
   * whether it trained at all (false: refused before, e.g. a damaged checkpoint).
   */
  readonly failure?:
    | { message: string; step: number; checkpoint: number | undefined; started: boolean }
    | undefined;
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
  if (task.resume) {
    // Finished earlier: nothing to resume (an edited or damaged outcome.json is refused).
    const done = await readOutcome(task);
    if (done) return { ...done, dir, status: "skipped" };
  }
  await makeDir(dir).catch((e: unknown) => {
    throw ioError(e, "write", dir);
  });
  const registry = await registryWith(task.plugins, {
    onLoading: (p) => controls.onPluginLoading?.(p.name),
  });
  // The parts prepare what they need as compose starts (the agent its TensorFlow.js backend,
  // which planRuns set from --backend).
  const config = { ...spec.config, loggers: loggersFor(spec.config, dir) };
  const run: Run = await registry.compose(config);
  const backend = backendOf(run) ?? task.backend;
  const warnings: string[] = [];
  let diverged = false;
  let reached = 0;
  run.events.on("warning", (w) => {
    warnings.push(`${w.kind}: ${w.message}`);
    if (w.kind === "divergence") diverged = true;
  });
  run.events.on("runEnd", (e) => {
    reached = e.steps;
  });
  if (controls.post)
    progressMessages(run.events, controls.post, { runId: task.runId, total: spec.config.budget.steps });
  // A run checkpoints when its agent can: every other checkpointable part goes along (run.checkpoint).
  // Its env must save its state too (the loop resumes mid-episode): said now, not at the first
  // checkpoint after thousands of steps, and the run trains without checkpoints.
  const stateless = run.checkpointable.includes("agent") && !isStatefulEnv(run.env);
  const checkpoints = run.checkpointable.includes("agent") && !stateless;
  if (stateless) {
    run.events.emit("warning", {
      step: 0,
      kind: "noCheckpoints",
      message: `${noCheckpointsMessage(run)}`,
    });
  }
  const loggers = run.loggers.map((logger, i) => ({
    key: loggerKey(i, config.loggers[i]?.kind ?? "?"),
    logger,
  }));
  let saved: SavedRun | undefined;
  let lastCheckpoint: number | undefined;
  let result: TrainResult | undefined;
  let failure: RunOutcome["failure"];
  try {
    if (task.resume) {
      if (checkpoints) {
        saved = await readCheckpoint(dir, { runId: task.runId, run, budget: spec.config.budget.steps });
        if (saved) await checkSameBackend(task, backend);
      }
      lastCheckpoint = saved?.step;
      // Every log goes back to what the checkpoint covers (to the start without one), so the
      // resumed run's files equal an uninterrupted run's.
      for (const { key, logger } of loggers) {
        await logger.rewind?.({ step: saved?.step ?? 0, state: saved?.loggers[key] });
      }
    }
    await writeManifest(dir, { task, run, backend, resumedFrom: saved?.step });
    const hooks: RunHooks & { runId: string; resume?: SavedRun["loop"] | undefined } = {
      runId: task.runId,
      shouldStop: controls.stopRequested,
      checkpoint: checkpoints
        ? {
            every: spec.checkpointEvery,
            // The final state too: a final save that fails (disk full) resumes at the end.
            atEnd: true,
            save: async (step, state) => {
              await writeCheckpoint(dir, step, { run, loop: state(), loggers });
              lastCheckpoint = step;
              await controls.onCheckpoint?.(step);
              return join(dir, CHECKPOINT_DIR);
            },
          }
        : undefined,
      ...(saved === undefined ? {} : { resume: saved.loop }),
    };
    try {
      result = await run.train(hooks);
      // The final model: the agent's own files, whether or not the env let the run checkpoint.
      if (result.reason === "completed" && run.checkpointable.includes("agent")) {
        await holdForTest("model", result.steps);
        await saveModel(run.agent, join(dir, "model"));
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (saved && message.startsWith("train: cannot resume")) {
        throw damaged(task.runId, join(dir, CHECKPOINT_DIR), `${LOOP_FILE}: ${message}`);
      }
      // The env or agent threw mid-run, or a save failed: the run failed and the others go on;
      // its last checkpoint stays (the final one too, when only the final save failed).
      failure = { message, step: reached, checkpoint: lastCheckpoint, started: true };
    }
  } finally {
    await run.dispose(); // loggers flush and close (a plot renders) before outcome.json says "done"
  }
  const outcome: RunOutcome = {
    variant: spec.variant,
    seed: spec.seed,
    dir,
    status: failure ? "failed" : result!.reason,
    steps: result?.steps ?? reached,
    episodes: result?.episodes ?? 0,
    wallSeconds: result?.wallSeconds ?? 0,
    backend,
    evaluations: (result?.evaluations ?? []).map((e: EvaluationEvent) => ({
      step: e.step,
      mean: e.mean,
      wallSeconds: e.wallSeconds,
      evalSeconds: e.evalSeconds,
      returns: e.returns,
    })),
    episodeReturns: result?.episodeReturns ?? [],
    diverged,
    warnings,
    resumedFrom: saved?.step,
    ...(failure ? { failure } : {}),
  };
  if (outcome.status === "completed") {
    await holdForTest("outcome", outcome.steps);
    await writeOutcome(dir, outcome);
  }
  return outcome;
}
