/**
 * `gymkit train` and `gymkit compare`: read the file, load its plugins, plan variants × seeds,
 * run them in the pool with one progress line each, stop cleanly on Ctrl-C, and for compare write
 * summary.json and the report.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { GymkitError, type Registry } from "@gymkit/core";
import { assertWritableDir, writeFileAtomic } from "@gymkit/core/node";
import { ProgressBoard } from "@gymkit/loggers";
import { readConfigFile } from "./config-file.js";
import { type Overrides, planRuns } from "./experiment.js";
import { versions } from "./manifest.js";
import { pluginSpecs, registryWith, splitEnvModule } from "./plugins.js";
import { runPool } from "./pool.js";
import { compareOnQueue, sweepOf } from "./queue/coordinator.js";
import { renderComparison } from "./report.js";
import type { RunOutcome, RunTask } from "./run-one.js";
import { summarize } from "./stats/summary.js";

/** The flags `train` and `compare` share. */
export interface RunFlags {
  out?: string | undefined;
  seeds?: number | number[] | undefined;
  steps?: number | undefined;
  workers?: number | undefined;
  resume?: boolean | undefined;
  backend?: string | undefined;
  set?: Array<{ path: string; value: unknown }> | undefined;
  variant?: string | undefined;
  /** `compare --queue redis://...`: run on `gymkit worker`s through BullMQ instead of local threads. */
  queue?: string | undefined;
}

/** Plugins the env ids of a file name with a module prefix (`pkg:Name-v0`), and the ids without it. */
function envModules(data: Record<string, unknown>): { modules: string[]; data: Record<string, unknown> } {
  const modules: string[] = [];
  const strip = (env: unknown): unknown => {
    const id = typeof env === "string" ? env : (env as { id?: unknown } | undefined)?.id;
    if (typeof id !== "string") return env;
    const { module, id: plain } = splitEnvModule(id);
    if (!module) return env;
    modules.push(module);
    return typeof env === "string" ? plain : { ...(env as object), id: plain };
  };
  const out: Record<string, unknown> = { ...data, env: strip(data.env) };
  if (Array.isArray(data.variants)) {
    out.variants = data.variants.map((v) =>
      typeof v === "object" && v !== null && "env" in v
        ? { ...v, env: strip((v as { env: unknown }).env) }
        : v,
    );
  }
  return { modules, data: out };
}

/** Runs an experiment file; returns the exit code (0 done, 1 a run failed, 130 stopped by a signal). */
export async function runExperiment(
  command: "train" | "compare",
  configPath: string,
  flags: RunFlags,
): Promise<number> {
  const file = await readConfigFile(configPath);
  const baseDir = dirname(resolve(configPath));
  const { modules, data } = envModules(file.data);
  const named = Array.isArray(data.plugins)
    ? data.plugins.filter((p): p is string => typeof p === "string")
    : [];
  const plugins = pluginSpecs([...new Set([...named, ...modules])], baseDir);
  const registry = await registryWith(plugins);
  const overrides: Overrides = {
    seeds: flags.seeds,
    steps: flags.steps,
    set: flags.set,
    backend: flags.backend,
  };
  const plan = planRuns(registry, { ...file, data }, overrides);
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
  const reattach = flags.queue !== undefined && (await sweepOf({ out, name: plan.name, tasks })).attached;
  if (!flags.resume && !reattach && existsSync(join(out, runs[0]!.variant))) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${out} already holds runs of this experiment. Continue them with --resume, or choose another --out (nothing was changed).`,
    );
  }
  // Before any run starts: a --out that cannot be written (read-only, a file, /proc) is said once.
  await assertWritableDir(out);
  console.log(
    `gymkit ${command}: ${plan.variants.length > 1 && command === "compare" ? `${plan.variants.join(" vs ")}, ` : ""}${tasks.length} run(s) → ${out}`,
  );
  const board = new ProgressBoard();
  if (flags.queue !== undefined) {
    let stopWaiting: () => void = () => {};
    const stopped = new Promise<void>((r) => (stopWaiting = r));
    const onSignal = () => {
      board.close();
      stopWaiting();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    let result: RunOutcome[] | "stopped";
    try {
      result = await compareOnQueue({
        out,
        name: plan.name,
        tasks,
        queue: flags.queue,
        onProgress: (m) => board.update(m),
        stopped,
      });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
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
  const onSignal = () => {
    if (signalled) return;
    signalled = true;
    board.close();
    console.error("\nStopping: every run writes a checkpoint, then exits...");
    pool.stop();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let outcomes: RunOutcome[];
  try {
    outcomes = await pool.done;
  } catch (e) {
    // A run that could not take in the stop (stuck in one call) was ended: say so, then as stopped.
    if (!(signalled && e instanceof GymkitError && e.code === "GYMKIT_RUN_STUCK")) throw e;
    console.error(`gymkit: ${e.message}`);
    outcomes = [];
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    board.close();
  }
  if (signalled || outcomes.some((o) => o.status === "stopped")) {
    console.error(
      `Stopped. Checkpoints are in ${out}. Resume with: gymkit ${command} ${configPath}${flags.out ? ` --out ${flags.out}` : ""} --resume`,
    );
    return 130;
  }
  if (command === "compare") {
    await writeComparison(out, outcomes, { registry, env: runs[0]!.config.env.id, config: file.data });
  } else {
    for (const o of outcomes) {
      const last = o.evaluations.at(-1);
      console.log(
        `${o.variant}/seed-${o.seed}: ${o.status === "skipped" ? "already done" : `${o.steps} steps in ${o.wallSeconds.toFixed(1)} s`}${last ? `, last greedy evaluation ${last.mean.toFixed(1)}` : ""}${o.diverged ? " (diverged)" : ""} → ${o.dir}`,
      );
    }
  }
  return 0;
}

/** summary.json, report.html and the terminal table of a compare, from its runs' outcomes (local or from a queue). */
async function writeComparison(
  out: string,
  outcomes: RunOutcome[],
  { registry, env, config }: { registry: Registry; env: string; config: unknown },
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
  await writeFileAtomic(join(out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  const { table, reportPath } = await renderComparison(out, {
    summary,
    runs: records,
    outcomes,
    config,
    threshold,
    // A --queue URL's password never reaches the report.
    command: ["gymkit", ...process.argv.slice(2)].join(" ").replace(/(rediss?:\/\/)[^@\s/]*@/g, "$1***@"),
  });
  console.log(`\n${table}`);
  console.log(`Report: ${reportPath}\nSummary: ${join(out, "summary.json")}`);
}
