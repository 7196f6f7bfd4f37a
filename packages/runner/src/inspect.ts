/** `gymkit eval`, `gymkit envs` and `gymkit schema`: looking at trained runs and at what is registered. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type CheckpointFiles,
  DEFAULT_EVAL_EPISODE_STEPS,
  type Env,
  GymkitError,
  type JsonSchema,
  type PartSpec,
  PLAIN_NAME,
  type Registry,
  toJsonSchema,
  z,
} from "@gymkit/core";
import { decodeAgentBundle, isAgentBundle } from "@gymkit/tfjs";
import { RUNNER_FIELDS } from "./experiment.js";
import { loadAgent, readModel } from "./parts.js";
import { importPlugin, type PluginSpec, pluginSpecs, registryWith } from "./plugins.js";

/** What `gymkit eval` needs of a trained run: its config (the env), plugins, backend and agent. */
interface SavedRun {
  manifest: {
    config: { env: { id: string; options: Record<string, unknown> }; agent: PartSpec };
    plugins?: PluginSpec[] | string[];
    backend?: string;
  };
  /** Plugin paths in the manifest are relative to this directory. */
  baseDir: string;
  /** Where the checkpoint is (for messages), and its files, or a directory to read them from. */
  source: string;
  files: CheckpointFiles | undefined;
}

/** A run directory (`config.json` + `model/`), or an agent bundle file saved by the playground. */
function savedRun(path: string): SavedRun {
  if (existsSync(path) && statSync(path).isFile()) {
    const text = readFileSync(path, "utf8");
    if (!isAgentBundle(text)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${path} is a file but not an agent bundle (saved by the playground); pass a run directory like runs/<experiment>/<variant>/seed-0, or a bundle file.`,
      );
    }
    const bundle = decodeAgentBundle(text, path);
    return {
      manifest: bundle.run as SavedRun["manifest"],
      baseDir: dirname(path),
      source: path,
      files: bundle.files,
    };
  }
  const manifestPath = join(path, "config.json");
  if (!existsSync(manifestPath)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${path} is not a run directory: it has no config.json. Pass a directory like runs/<experiment>/<variant>/seed-0.`,
    );
  }
  const manifest = readManifest(manifestPath) as SavedRun["manifest"];
  const model = join(path, "model");
  const checkpoint = existsSync(model) ? model : join(path, "checkpoint");
  if (!existsSync(checkpoint)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${path} has no saved model (model/) or checkpoint yet; train it first (gymkit train, or --resume to finish it).`,
    );
  }
  return { manifest, baseDir: path, source: checkpoint, files: undefined };
}

/**
 * `gymkit eval <run-dir | bundle>`: rebuilds the agent from `model/` (or from an agent bundle
 * file the playground saved) and evaluates it greedily.
 */
export async function evalRun(
  runDir: string,
  opts: { episodes: number; seed: number; render?: "ansi" | undefined; plugin?: string[] | undefined },
): Promise<number> {
  const { manifest, baseDir, source, files } = savedRun(runDir);
  const named = (manifest.plugins ?? []).map((p) =>
    typeof p === "string" ? pluginSpecs([p], baseDir)[0]! : p,
  );
  const given = pluginSpecs(opts.plugin ?? [], process.cwd());
  const specs = [...named, ...given.filter((g) => !named.some((n) => n.specifier === g.specifier))];
  const registry = await registryWith(specs);
  const envId = manifest.config?.env?.id;
  if (typeof envId === "string" && !registry.ids("env").includes(envId)) {
    const names = named.map((p) => `"${p.name}"`);
    throw new GymkitError(
      "GYMKIT_UNKNOWN_ENV",
      `${runDir} was trained on ${envId}, which no loaded plugin registers (${names.length > 0 ? `the run names the plugins ${names.join(", ")}` : "the run names no plugin"}${given.length > 0 ? `; --plugin added ${given.map((p) => `"${p.name}"`).join(", ")}` : ""}). Pass the plugin that registers it: gymkit eval ${runDir} --plugin <package-or-path>.`,
    );
  }
  // The agent's plugin rebuilds it (its part's load), on the backend the run recorded.
  const agent = await loadAgent(registry, files ?? (await readModel(source)), manifest, source);
  const { env: envConfig } = manifest.config;
  const env = registry.make<Env<Float32Array, number>>(envConfig.id, {
    ...envConfig.options,
    ...(opts.render ? { renderMode: opts.render } : {}),
  });
  const returns: number[] = [];
  // Like core's evaluate(): an env without a time limit is cut, so an episode always ends.
  const limit = env.spec?.maxEpisodeSteps ?? DEFAULT_EVAL_EPISODE_STEPS;
  let cut = 0;
  try {
    for (let e = 0; e < opts.episodes; e++) {
      let obs = env.reset(e === 0 ? { seed: opts.seed } : undefined).observation;
      let total = 0;
      for (let t = 0; ; t++) {
        if (opts.render) process.stdout.write(`\x1b[2K\repisode ${e + 1} step ${t}: ${String(env.render())}`);
        const r = env.step(agent.act(obs, { explore: false }));
        total += r.reward;
        obs = r.observation;
        if (r.terminated || r.truncated) break;
        if (t + 1 >= limit) {
          cut++;
          break;
        }
      }
      returns.push(total);
      if (opts.render) process.stdout.write("\n");
    }
  } finally {
    env.close();
    agent.dispose();
  }
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / returns.length);
  console.log(
    `${envConfig.id}: greedy return ${mean.toFixed(1)} ± ${std.toFixed(1)} over ${returns.length} episodes (${returns.join(", ")})`,
  );
  if (cut > 0) {
    console.error(
      `gymkit: ${envConfig.id} has no time limit, so ${cut} of ${returns.length} episodes were cut at ${limit} steps. Register the env with maxEpisodeSteps.`,
    );
  }
  return 0;
}

/** `gymkit envs`: every registered env id with its limits and the plugin that registered it. */
export async function listEnvs(plugins: readonly string[]): Promise<number> {
  const registry = await registryWith(pluginSpecs(plugins, process.cwd()));
  for (const id of registry.ids("env")) {
    const spec = registry.spec(id);
    console.log(
      `${id.padEnd(24)} maxEpisodeSteps ${String(spec.maxEpisodeSteps ?? "-").padEnd(6)} rewardThreshold ${String(spec.rewardThreshold ?? "-").padEnd(6)} (${registry.providerOf("env", id) ?? "code"})`,
    );
  }
  return 0;
}

/**
 * The JSON Schema of an experiment file: core's config for the registry's plugins, the runner's
 * fields, and `variants` merged over the base as `planRuns` merges them. `plugins` are the ones
 * loaded besides the built-ins, as named (`gymkit schema --plugin <name>`); their envs also take
 * the `<name>:<id>` form the runner loads by itself.
 */
export async function experimentFileSchema(
  registry: Registry,
  plugins: readonly PluginSpec[] = [],
): Promise<JsonSchema> {
  const envModules: Record<string, string[]> = {};
  for (const spec of plugins) {
    const { name } = await importPlugin(spec);
    for (const id of registry.ids("env")) {
      if (registry.providerOf("env", id) === name) envModules[id] = [...(envModules[id] ?? []), spec.name];
    }
  }
  const { variants, ...runnerOnly } = RUNNER_FIELDS;
  const schema = registry.jsonSchema({
    envModules,
    overlays: {
      key: "variants",
      array: {
        minItems: 1,
        description: `${variants.description} Variant names must be unique: gymkit checks it, as JSON Schema cannot require unique values of a key across array items. An option of the base agent that a variant naming another agent kind would drop is refused too (gymkit checks it; this schema cannot).`,
      },
      properties: {
        name: toJsonSchema(z.string().regex(PLAIN_NAME).describe("Names the variant's run directory.")),
      },
      required: ["name"],
    },
  });
  const known = plugins.length
    ? `the built-in plugins and ${plugins.map((p) => p.name).join(", ")}`
    : "the built-in plugins only";
  const loggers = schema.properties?.loggers as JsonSchema | undefined;
  return {
    ...schema,
    // seeds says which runs there are; a seed beside it would be ignored (planRuns refuses both).
    not: { required: ["seed", "seeds"] },
    description: `A gymkit experiment file (gymkit train, gymkit compare). This schema knows ${known}; for a config that loads other plugins, write one with gymkit schema --plugin <name>.`,
    properties: {
      ...schema.properties,
      ...(loggers === undefined
        ? {}
        : {
            loggers: {
              ...loggers,
              description:
                `${loggers.description ?? ""} In an experiment file each run's file loggers write into its own run directory, so a logger's dir is refused (gymkit checks it; this schema cannot).`.trim(),
            },
          }),
      ...toJsonSchema(z.object(runnerOnly)).properties,
    },
  };
}

/** What `gymkit schema --plugin <name>...` prints in `baseDir` (paths are relative to it). */
export async function schemaText(plugins: readonly string[], baseDir = process.cwd()): Promise<string> {
  const specs = pluginSpecs(plugins, baseDir);
  const registry = await registryWith(specs);
  return JSON.stringify(await experimentFileSchema(registry, specs), null, 2);
}

/** `gymkit schema`: the experiment file's JSON Schema, for `# yaml-language-server: $schema=...`. */
export async function printSchema(plugins: readonly string[]): Promise<number> {
  console.log(await schemaText(plugins));
  return 0;
}

/** A run's config.json, or an error saying the file is damaged. */
function readManifest(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new GymkitError(
      "GYMKIT_CORRUPT_FILE",
      `${path} is not valid JSON (${(e as Error).message}); the run's manifest is damaged. Re-run it, or pass another run directory.`,
      { cause: e },
    );
  }
}
