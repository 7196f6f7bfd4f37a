/**
 * `gymkit train` and `gymkit compare`: read the file, load its plugins, plan variants × seeds,
 * run them in the pool with one progress line each, stop cleanly on Ctrl-C, and for compare write
 * summary.json and the report.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { GymkitError, type Registry } from "@gymkit/core";
import { assertWritableDir, writeFileAtomic } from "@gymkit/core/node";
import { ProgressBoard } from "@gymkit/loggers";
import { checkComparable } from "./compare-checks.js";
import { readConfigFile } from "./config-file.js";
import { experimentPlugins, type Overrides, planRuns } from "./experiment.js";
import { versions } from "./manifest.js";
import { pluginSpecs, registryWith } from "./plugins.js";
import { runPool } from "./pool.js";
import { loadCoordinator } from "./queue/load.js";
import type { FailedRun } from "./report/failed.js";
import { renderComparison } from "./report.js";
import { checkResumable, resumeCommand } from "./resume-plan.js";
import { lockRuns } from "./run-lock.js";
import type { RunOutcome, RunTask } from "./run-one.js";
import { summarize } from "./stats/summary.js";
import { onStopSignals } from "./stop-signals.js";

/** The flags `train` and `compare` share. */
export interface RunFlags {
  out?: string | undefined;
  seeds?: number | number[] | undefined;
  /** `--seed N`: one run at seed N. */
  seed?: number | undefined;
  steps?: number | undefined;
  workers?: number | undefined;
  resume?: boolean | undefined;
  backend?: string | undefined;
  set?: Array<{ path: string; value: unknown }> | undefined;
  variant?: string | undefined;
  /** `compare --queue redis://...`: run on `gymkit worker`s through BullMQ instead of local threads. */
  queue?: string | undefined;
}

/**
 * What `train` and `compare` check before anything runs: the file is read, the plugins it names
 * (and the `pkg:` modules of its env ids, and what `--set` adds) are loaded, and every variant ×
 * seed is planned with its schemas and the parts' cross checks; for compare, that it can be
 * summarised. Throws the first problem; creates nothing. (The JSON Schema test takes its
 * verdicts from here.)
 */
export async function planExperiment(
  configPath: string,
  flags: Pick<RunFlags, "seed" | "seeds" | "steps" | "set" | "backend"> = {},
  command: "train" | "compare" = "train",
) {
  const file = await readConfigFile(configPath);
  const baseDir = dirname(resolve(configPath));
  const plugins = pluginSpecs(experimentPlugins(file, flags.set), baseDir);
  const registry = await registryWith(plugins);
  const overrides: Overrides = {
    seeds: flags.seed !== undefined ? [flags.seed] : flags.seeds,
    steps: flags.steps,
    set: flags.set,
    backend: flags.backend,
  };
  const plan = planRuns(registry, file, overrides);
  if (command === "compare") checkComparable(registry, plan);
  return { file, plugins, registry, plan };
}

/** Runs an experiment file; returns the exit code (0 done, 1 a run failed, 130 stopped by a signal). */
export async function runExperiment(
  command: "train" | "compare",
  configPath: string,
  flags: RunFlags,
): Promise<number> {
  // Everything is read and checked before anything is created.
  const { file, plugins, registry, plan } = await planExperiment(configPath, flags, command);
  // A backend named by --backend (tfjs-node, an optional install, is often missing) must load
  // here, before any run directory exists: the parts that take it prepare it as compose would.
  // A queue's runs prepare theirs on the workers' machines.
  if (plan.backend !== "auto" && flags.queue === undefined && plan.runs[0] !== undefined) {
    await registry.prepare(plan.runs[0].config);
  }
  let runs = plan.runs;
  if (command === "train" && flags.variant !== undefined && !plan.variants.includes(flags.variant)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `--variant ${JSON.stringify(flags.variant)}: ${configPath} has no such variant; its variants: ${plan.variants.join(", ")}.`,
    );
  }
  if (command === "train" && plan.variants.length > 1) {
    if (!flags.variant) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${configPath} has ${plan.variants.length} variants (${plan.variants.join(", ")}): train one with --variant <name>, or compare them all with gymkit compare.`,
      );
    }
    runs = runs.filter((r) => r.variant === flags.variant);
    if (runs.length === 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `--variant ${JSON.stringify(flags.variant)}: ${configPath} has no such variant; its variants: ${plan.variants.join(", ")}.`,
      );
    }
  }
  const out = resolve(flags.out ?? join("runs", plan.name));
  const tasks: RunTask[] = runs.map((spec) => ({
    spec,
    dir: join(out, spec.variant, `seed-${spec.seed}`),
    plugins,
    backend: plan.backend,
    resume: flags.resume ?? false,
    runId: `${spec.variant}/seed-${spec.seed}`,
  }));
  // The same --queue command re-attaches to its sweep, so its output is not "already there".
  // bullmq and ioredis are optional: loaded only here, on the --queue path (queue/load.ts).
  const queue = flags.queue === undefined ? undefined : await loadCoordinator();
  const reattach = queue !== undefined && (await queue.sweepOf({ out, name: plan.name, tasks })).attached;
  if (!flags.resume && !reattach && holdsRuns(out, [...new Set(runs.map((r) => r.variant))])) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${out} already holds runs of this experiment. Continue them with --resume, or choose another --out (nothing was changed).`,
    );
  }
  // Before any run starts: a --out that cannot be written (read-only, a file, /proc) is said once.
  await assertWritableDir(out);
  const resumeWith = resumeCommand(command, configPath, flags);
  if (flags.resume) await checkResumable(tasks);
  console.log(
    `gymkit ${command}: ${plan.variants.length > 1 && command === "compare" ? `${plan.variants.join(" vs ")}, ` : ""}${tasks.length} run(s), ${describeSeeds(plan.seeds)} → ${out}`,
  );
  // One writer per run: a second command on the same runs is refused, naming this process.
  const locks = await lockRuns(
    command === "compare" ? [out, ...tasks.map((t) => t.dir)] : tasks.map((t) => t.dir),
  );
  try {
    return await execute(command, { out, tasks, plan, registry, file, flags, resumeWith, runs });
  } finally {
    await locks.release();
  }
}

/** What {@link execute} works with. */
interface Planned {
  out: string;
  tasks: RunTask[];
  plan: ReturnType<typeof planRuns>;
  registry: Registry;
  file: Awaited<ReturnType<typeof readConfigFile>>;
  flags: RunFlags;
  resumeWith: string;
  runs: ReturnType<typeof planRuns>["runs"];
}

/** Runs the planned runs (locked); returns the exit code. */
async function execute(command: "train" | "compare", p: Planned): Promise<number> {
  const { out, tasks, plan, registry, file, flags, resumeWith, runs } = p;
  const board = new ProgressBoard();
  if (flags.queue !== undefined) {
    let stopWaiting: () => void = () => {};
    const stopped = new Promise<void>((r) => (stopWaiting = r));
    const stopWatching = onStopSignals({
      stop() {
        board.close();
        stopWaiting();
      },
      stopNow() {
        console.error("\nStopped waiting at once; the sweep goes on on the workers.");
      },
    });
    let result: RunOutcome[] | "stopped";
    try {
      result = await (await loadCoordinator()).compareOnQueue({
        out,
        name: plan.name,
        tasks,
        queue: flags.queue,
        onProgress: (m) => board.update(m),
        stopped,
      });
    } finally {
      stopWatching();
      board.close();
    }
    if (result === "stopped") {
      console.error(
        "Stopped waiting. The sweep goes on on the workers; the same command re-attaches to it and writes what they finished.",
      );
      return 130;
    }
    await writeComparison(out, result, { registry, env: runs[0]!.config.env.id, config: file.data });
    return 0;
  }
  const pool = runPool(tasks, { workers: flags.workers, onProgress: (m) => board.update(m) });
  let signalled = false;
  const stopWatching = onStopSignals({
    stop() {
      signalled = true;
      board.close();
      console.error("\nStopping: every run writes a checkpoint, then exits...");
      pool.stop();
    },
    stopNow() {
      console.error(
        `\nStopped at once. Each run's last checkpoint on disk is whole; resume with: ${resumeWith}`,
      );
    },
  });
  let outcomes: RunOutcome[];
  try {
    outcomes = await pool.done;
  } catch (e) {
    // A run that could not take in the stop (stuck in one call) was ended: say so, then as stopped.
    if (!(signalled && e instanceof GymkitError && e.code === "GYMKIT_RUN_STUCK")) throw e;
    console.error(`gymkit: ${e.message}`);
    outcomes = [];
  } finally {
    stopWatching();
    board.close();
  }
  const failed = outcomes.filter((o) => o.status === "failed");
  for (const o of failed) {
    const f = o.failure!;
    // Refused before it trained (a damaged checkpoint, another backend): the refusal says what to do.
    if (!f.started) {
      console.error(`gymkit: ${f.message}`);
      continue;
    }
    console.error(
      `run ${o.variant}/seed-${o.seed} failed after step ${f.step}: ${f.message}\n  ${f.checkpoint === undefined ? "No checkpoint yet (a resume starts it over)" : `Last checkpoint at step ${f.checkpoint}`}; resume with: ${resumeWith}`,
    );
  }
  if (signalled || outcomes.some((o) => o.status === "stopped")) {
    console.error(`Stopped. Checkpoints are in ${out}. Resume with: ${resumeWith}`);
    return 130;
  }
  if (command === "compare") {
    const healthy = outcomes.filter((o) => o.status !== "failed");
    if (healthy.length > 0) {
      await writeComparison(out, healthy, {
        registry,
        env: runs[0]!.config.env.id,
        config: file.data,
        failed,
        resumeWith,
      });
    }
  } else {
    for (const o of outcomes.filter((o) => o.status !== "failed")) {
      const last = o.evaluations.at(-1);
      console.log(
        `${o.variant}/seed-${o.seed}: ${o.status === "skipped" ? "already done" : `${o.steps} steps in ${o.wallSeconds.toFixed(1)} s`}${last ? `, last greedy evaluation ${last.mean.toFixed(1)}` : ""}${o.diverged ? " (diverged)" : ""} → ${o.dir}`,
      );
    }
  }
  return failed.length > 0 ? 1 : 0;
}

/**
 * Does `out` hold a run of these variants that started (its manifest, config.json, is written
 * once its parts are built)? A directory a failed start left empty does not block a re-run.
 */
function holdsRuns(out: string, variants: readonly string[]): boolean {
  return variants.some((variant) => {
    const dir = join(out, variant);
    const seeds = existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith("seed-")) : [];
    return seeds.some((seed) => existsSync(join(dir, seed, "config.json")));
  });
}

/** `seeds 0..12`, `seed 13`, `seeds 3, 7, 11`: which seeds run, said once at the start. */
export function describeSeeds(seeds: readonly number[]): string {
  if (seeds.length === 1) return `seed ${seeds[0]}`;
  const contiguous = seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  if (contiguous) return `seeds ${seeds[0]}..${seeds.at(-1)}`;
  return seeds.length <= 8
    ? `seeds ${seeds.join(", ")}`
    : `${seeds.length} seeds ${seeds.slice(0, 6).join(", ")}, …, ${seeds.at(-1)}`;
}

/** summary.json, report.html and the terminal table of a compare, from its runs' outcomes (local or from a queue). */
async function writeComparison(
  out: string,
  outcomes: RunOutcome[],
  {
    registry,
    env,
    config,
    failed = [],
    resumeWith = "",
  }: {
    registry: Registry;
    env: string;
    config: unknown;
    failed?: readonly RunOutcome[];
    resumeWith?: string;
  },
): Promise<void> {
  const threshold = registry.spec(env).rewardThreshold;
  if (threshold === undefined) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `${env} has no reward threshold, so "solved" is undefined; register it with rewardThreshold to compare.`,
    );
  }
  const records = outcomes.map((o) => ({
    variant: o.variant,
    seed: o.seed,
    evaluations: o.evaluations,
    finalScore: o.evaluations.at(-1)?.mean ?? Number.NaN,
    diverged: o.diverged,
  }));
  const missing = records.find((r) => Number.isNaN(r.finalScore));
  if (missing) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `${missing.variant} seed ${missing.seed} ran no evaluation, so it has no final score; set eval.every at most the budget.`,
    );
  }
  const summary = summarize({
    env,
    backend: outcomes[0]!.backend,
    versions: Object.fromEntries(Object.entries(versions()).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >,
    threshold,
    runs: records,
  });
  // Runs that failed are not in the statistics; the summary, the report and the table name them.
  const failedRuns: FailedRun[] = failed.map((o) => ({
    run: `${o.variant}/seed-${o.seed}`,
    variant: o.variant,
    seed: o.seed,
    step: o.failure?.step ?? 0,
    checkpoint: o.failure?.checkpoint ?? null,
    message: o.failure?.message ?? "",
    resume: resumeWith,
  }));
  await writeFileAtomic(
    join(out, "summary.json"),
    `${JSON.stringify(failedRuns.length > 0 ? { ...summary, failedRuns } : summary, null, 2)}\n`,
  );
  const { table, reportPath } = await renderComparison(out, {
    summary,
    runs: records,
    outcomes,
    config,
    threshold,
    failedRuns,
    // A --queue URL's password never reaches the report.
    command: ["gymkit", ...process.argv.slice(2)].join(" ").replace(/(rediss?:\/\/)[^@\s/]*@/g, "$1***@"),
  });
  console.log(`\n${table}`);
  console.log(`Report: ${reportPath}\nSummary: ${join(out, "summary.json")}`);
}
