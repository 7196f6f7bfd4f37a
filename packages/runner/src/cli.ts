/**
 * The `gymkit` command: train, compare, eval, envs, check-env, schema. Parsing and wording are
 * commander's; the work is in experiment.ts (configs), pool.ts (runs), compare.ts (statistics and
 * report).
 */

import { Command, CommanderError, Option, type OptionValues } from "@commander-js/extra-typings";
import { checkEnv, GymkitError } from "@gymkit/core";
import { experimentFile, int, nonEmpty, nonEmptyEach, threads } from "./arguments.js";
import { runExperiment } from "./commands.js";
import { parseSeed, parseSeeds, parseSet } from "./flags.js";
import { evalRun, listEnvs, printSchema } from "./inspect.js";
import { importPlugin, pluginSpecs, registryWith } from "./plugins.js";
import { loadQueueWorker } from "./queue/load.js";
import { VERSION } from "./version.js";

const backendOption = () =>
  new Option("--backend <name>", "TensorFlow.js backend of every run (overrides the config)").choices([
    "auto",
    "wasm",
    "cpu",
    "tensorflow",
  ] as const);

/** The program; `exitOverride` and output are configured before subcommands (they copy them). */
export function program(): Command {
  const cmd = new Command()
    .name("gymkit")
    .description("Gym-style reinforcement-learning experiments: train, compare, evaluate.")
    .version(VERSION, "-v, --version")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");

  const runFlags = <A extends unknown[], O extends OptionValues>(c: Command<A, O>) =>
    c
      .option("--out <dir>", "output directory (default: runs/<experiment name>)", nonEmpty("--out"))
      .option(
        "--seeds <count|a..b|list>",
        "a count N runs seeds 0..N-1; a..b runs seeds a to b; a,b,c runs exactly those",
        parseSeeds,
      )
      .addOption(
        new Option("--seed <n>", "one run, at this seed (a bare --seeds N is a count)")
          .argParser(parseSeed)
          .conflicts("seeds"),
      )
      .option("--steps <n>", "env-step budget of every run (overrides the config)", int("--steps", 1))
      .option(
        "--workers <n>",
        "worker threads (default: the number of cores; 0 runs in this thread)",
        int("--workers", 0, threads),
      )
      .option("--resume", "continue unfinished runs from their last checkpoint")
      .addOption(backendOption())
      .option(
        "--set <path=value>",
        "override a config field in every variant, e.g. --set agent.lr=0.0005 (repeatable)",
        parseSet,
      );

  runFlags(
    cmd
      .command("train")
      .description(
        "Train one experiment: its runs (one per seed) in parallel, with checkpoints and progress.",
      )
      .argument("<config>", "experiment file (YAML or JSON)", experimentFile)
      .option("--variant <name>", "the variant to train, when the file has variants", nonEmpty("--variant")),
  ).action(async (config, opts) => {
    process.exitCode = await runExperiment("train", config, opts);
  });

  runFlags(
    cmd
      .command("compare")
      .description(
        "Run every variant × seed, then write summary.json and report.html with honest statistics.",
      )
      .argument(
        "[config]",
        "experiment file (YAML or JSON)",
        experimentFile,
        "examples/qlearning-vs-dqn.yaml",
      )
      .option(
        "--queue <url>",
        "run on `gymkit worker`s through Redis (redis://host:port, rediss:// for TLS); the same command re-attaches",
      ),
  ).action(async (config, opts) => {
    process.exitCode = await runExperiment("compare", config, opts);
  });

  cmd
    .command("worker")
    .description(
      "Run compare jobs from a Redis queue (gymkit compare --queue) until stopped; Ctrl-C checkpoints and leaves.",
    )
    .requiredOption(
      "--queue <url>",
      "the queue's Redis: redis://[user:password@]host:port, rediss:// for TLS",
    )
    .option(
      "--concurrency <n>",
      "worker threads (default: the number of cores)",
      int("--concurrency", 1, threads),
    )
    .option(
      "--allow-plugin <name-or-path...>",
      "also load these plugins when a job names them (default: installed packages only)",
      nonEmptyEach("--allow-plugin"),
    )
    .option(
      "--lock-ms <ms>",
      "a job whose worker is silent this long goes to another worker",
      int("--lock-ms", 1000, { value: 86_400_000, why: " (a day)" }),
    )
    .action(async (opts) => {
      // bullmq and ioredis are optional peers: imported only when a worker starts.
      process.exitCode = await (await loadQueueWorker()).runWorker(opts);
    });

  cmd
    .command("eval")
    .description("Greedy evaluation of a trained run (rebuilt from its saved model alone).")
    .argument(
      "<run-dir>",
      "a run directory (with config.json and model/), or an agent bundle file",
      nonEmpty("the run directory"),
    )
    .option("--episodes <n>", "episodes", int("--episodes", 1, { value: 1_000_000, why: "" }), 10)
    .option("--seed <n>", "seed of the first episode's reset", int("--seed"), 0)
    .addOption(new Option("--render <mode>", "play it in the terminal").choices(["ansi"] as const))
    .option(
      "--plugin <name...>",
      "also load these plugins (packages or paths), e.g. the one that registers the run's env",
      nonEmptyEach("--plugin"),
    )
    .action(async (runDir, opts) => {
      process.exitCode = await evalRun(runDir, opts);
    });

  cmd
    .command("envs")
    .description("List the registered environments with their specs.")
    .option("--plugin <name...>", "also load these plugins (packages or paths)", nonEmptyEach("--plugin"))
    .action(async (opts) => {
      process.exitCode = await listEnvs(opts.plugin ?? []);
    });

  cmd
    .command("check-env")
    .description("Run checkEnv on every env a plugin registers; exit 1 on errors.")
    .argument(
      "<package-or-path>",
      "the plugin's package name or a path to its module",
      nonEmpty("the plugin"),
    )
    .action(async (name) => {
      process.exitCode = await checkPluginEnvs(name);
    });

  cmd
    .command("schema")
    .description("Print the JSON Schema of an experiment file for the loaded plugins (for YAML editors).")
    .option("--plugin <name...>", "also load these plugins (packages or paths)", nonEmptyEach("--plugin"))
    .action(async (opts) => {
      process.exitCode = await printSchema(opts.plugin ?? []);
    });
  return cmd;
}

/**
 * `gymkit check-env <plugin>`: core's checkEnv on every env the plugin registers, made with its
 * default options, both as made and unwrapped, and closed twice; exit 1 on errors.
 */
async function checkPluginEnvs(name: string): Promise<number> {
  const [spec] = pluginSpecs([name], process.cwd());
  const registry = await registryWith([spec!]); // first: it watches a plugin that does not load
  const plugin = await importPlugin(spec!); // then from the module cache, for its name
  const ids = registry.ids("env").filter((id) => registry.providerOf("env", id) === plugin.name);
  if (ids.length === 0) {
    console.error(`Plugin "${plugin.name}" (${name}) registers no environment.`);
    return 1;
  }
  let errors = 0;
  for (const id of ids) {
    // As users get it from make() (wrapped), and bare, since wrappers may hide problems; so the
    // "wrapped" warning that checkEnv gives a made env says nothing here.
    const env = registry.make(id);
    const findings = [...checkEnv(env, { makeCopy: () => registry.make(id) }), ...checkEnv(env.unwrapped)]
      .filter((f) => f.check !== "wrapped")
      .filter((f, i, all) => all.findIndex((g) => g.check === f.check && g.message === f.message) === i);
    env.close();
    errors += findings.filter((f) => f.severity === "error").length;
    console.log(`${id}: ${findings.length === 0 ? "no findings" : `${findings.length} finding(s)`}`);
    for (const f of findings) console.log(`  ${f.severity} ${f.check}: ${f.message}`);
  }
  return errors > 0 ? 1 : 0;
}

/** Runs the CLI; returns the exit code. A GymkitError prints its message alone (no stack). */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = 0;
  try {
    await program().parseAsync([...argv], { from: "user" });
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof GymkitError) {
      console.error(`gymkit: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
