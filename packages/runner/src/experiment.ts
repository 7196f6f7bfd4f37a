/**
 * An experiment file as the runner reads it: core's config (env, agent, loggers, budget, eval,
 * seed, plugins, name) plus what only the runner does: `seeds`, `variants`, `checkpoint` and
 * `backend`. `planRuns` validates every variant through the registry and expands variants × seeds
 * into plain run specs; errors name the file, line and column and the path in the file.
 */

import {
  GymkitError,
  PLAIN_NAME,
  PLAIN_NAME_EXPECTED,
  parseOptions,
  type Registry,
  type ResolvedConfig,
  z,
} from "@gymkit/core";
import { DEFAULT_RUN_DIR } from "@gymkit/loggers";
import { BACKEND_PREFERENCES } from "@gymkit/tfjs";
import { type ConfigFile, splitPath } from "./config-file.js";
import { type Origins, originOf, type SetOverride, setPath, setsFile } from "./overrides.js";
import { withBackend } from "./parts.js";
import { splitEnvModule } from "./plugins.js";
import { dropMessage, expand, mergeOver } from "./variants.js";

/** What the runner adds to core's experiment fields. */
export const RUNNER_FIELDS = {
  seeds: z
    .union([
      z.number().int().min(1).max(10_000),
      z
        .array(
          z
            .number()
            .int()
            .min(0)
            .max(2 ** 32 - 1),
        )
        .min(1),
    ])
    .optional()
    .describe("N runs seeds 0..N−1; a list runs exactly those. Default: [seed] (seed defaults to 0)."),
  variants: z
    .array(z.record(z.string(), z.unknown()))
    .min(1)
    .optional()
    .describe("Configs to compare: each has a name and overrides the base config (agent, env, budget, ...)."),
  checkpoint: z
    .strictObject({
      every: z.number().int().min(1).default(10_000).describe("Env steps between checkpoints."),
    })
    .optional()
    .describe("Checkpoints for --resume; also written on Ctrl-C."),
  backend: z
    .enum(BACKEND_PREFERENCES as readonly ["auto", "tensorflow", "wasm", "cpu"])
    .optional()
    .describe(
      "TensorFlow.js backend of every run, a shorthand: it sets backend on every part that has that option (the agent's, e.g. agent.backend); --backend overrides.",
    ),
};
const RUNNER_KEYS = Object.keys(RUNNER_FIELDS);
const runnerOnly = z.object(RUNNER_FIELDS);

/** One run: a variant of the experiment at one seed, its resolved config, and where it writes. */
export interface RunSpec {
  readonly variant: string;
  readonly seed: number;
  /** The resolved core config (presets and defaults merged), plain data. */
  readonly config: ResolvedConfig;
  /** Checkpoint every this many env steps. */
  readonly checkpointEvery: number;
}

/** Flags that override the file (`gymkit train|compare` options). */
export interface Overrides {
  /** `--seeds N` (0..N−1), or the seeds a range, a list or `--seed` named. */
  seeds?: number | readonly number[] | undefined;
  /** `--steps N`: the budget of every run. */
  steps?: number | undefined;
  /** `--set path=value`, applied in order: see overrides.ts for which apply to the file, which to every run. */
  set?: readonly SetOverride[] | undefined;
  backend?: string | undefined;
}

/** The plan of an experiment: its runs, in variant-major order. */
export interface ExperimentPlan {
  readonly name: string;
  readonly runs: readonly RunSpec[];
  readonly variants: readonly string[];
  readonly seeds: readonly number[];
  readonly backend: string;
  /** Plugin specifiers the file names (`plugins:`, env module prefixes), as {@link experimentPlugins}. */
  readonly plugins: readonly string[];
  /**
   * Where the value at `keys` of a variant's config came from, for messages: `file:line:col` (or
   * the --set that wrote it) and its path in the file (`variants[1].eval.every`).
   */
  origin(variant: string, keys: readonly PropertyKey[]): { where: string; path: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The file's data with the --set of whole-file fields (`name`, `seeds`, `variants[0].agent`, ...) applied. */
export function fileData(file: ConfigFile, sets: readonly SetOverride[] = []): Record<string, unknown> {
  let data = file.data;
  for (const set of sets) if (setsFile(set)) data = setPath(data, set);
  return data;
}

/** `pkg:GridWorld-v0` → `GridWorld-v0`, in a bare id or an `{ id }`. */
function stripModule(env: unknown): unknown {
  if (typeof env === "string") return splitEnvModule(env).id;
  if (isRecord(env) && typeof env.id === "string") return { ...env, id: splitEnvModule(env.id).id };
  return env;
}

/**
 * The plugins an experiment needs, before its registry exists: `plugins:` of the file and of its
 * variants, and the package of every env id written `pkg:Name-v0` (Gymnasium's `module:Env-v0`),
 * with the --set of the command applied (`--set plugins=[...]`, `--set env=pkg:Maze-v0`).
 */
export function experimentPlugins(file: ConfigFile, sets: readonly SetOverride[] = []): string[] {
  const data = fileData(file, sets);
  const names: string[] = [];
  const variants = Array.isArray(data.variants) ? data.variants.filter(isRecord) : [];
  for (const source of [data, ...variants]) {
    if (Array.isArray(source.plugins)) names.push(...source.plugins.filter((p) => typeof p === "string"));
  }
  const envs = [data.env, ...variants.map((v) => v.env)];
  for (const set of sets) {
    if (!setsFile(set) && (set.path === "env" || set.path === "env.id")) envs.push(set.value);
  }
  for (const env of envs) {
    const id = typeof env === "string" ? env : isRecord(env) ? env.id : undefined;
    const module = typeof id === "string" ? splitEnvModule(id).module : undefined;
    if (module) names.push(module);
  }
  return [...new Set(names)];
}

/**
 * Validates the file and expands it into runs. Each variant's config is the base with the
 * variant's fields merged over it (mappings key by key; a variant that names another kind starts
 * that part from the kind's defaults, and base options it would drop are refused), then every
 * run-level --set, then --steps; `registry.resolve` checks it (schemas and the parts' cross
 * checks), so presets and defaults are filled and every error names its place in the file.
 */
export function planRuns(registry: Registry, file: ConfigFile, overrides: Overrides = {}): ExperimentPlan {
  const sets = overrides.set ?? [];
  const origins = { file, sets };
  const data = fileData(file, sets);
  const own: Record<string, unknown> = {};
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) (RUNNER_KEYS.includes(k) ? own : base)[k] = v;
  // A bare id in the base (`agent: dqn`, `env: CartPole-v1`) is its object form here, so a
  // variant's fields without kind or id (`agent: { lr: 0.002 }`) merge over it.
  base.agent = expand(base.agent, ["agent"]);
  base.env = expand(base.env, ["env"]);
  let runner: z.output<typeof runnerOnly>;
  try {
    runner = parseOptions(runnerOnly, own, { path: "" });
  } catch (e) {
    relocate(e, origins, undefined);
  }
  const fail = (keys: readonly PropertyKey[], variant: VariantRef | undefined, text: string): never => {
    const { where, path } = originOf(origins, keys, variant);
    throw new GymkitError("GYMKIT_INVALID_CONFIG", `${where}: Invalid config at ${path}: ${text}`);
  };
  // The experiment's name names the output directory (runs/<name>): checked once, for every variant.
  if (typeof base.name === "string" && !PLAIN_NAME.test(base.name)) {
    fail(["name"], undefined, `expected ${PLAIN_NAME_EXPECTED}, got ${JSON.stringify(base.name)}.`);
  }
  if (runner.seeds !== undefined && base.seed !== undefined) {
    fail(
      ["seed"],
      undefined,
      `both seed (${JSON.stringify(base.seed)}) and seeds (${JSON.stringify(runner.seeds)}) are given; seeds says which runs there are, one per seed, so seed would be ignored. Keep one (seeds: [${JSON.stringify(base.seed)}] runs that seed alone).`,
    );
  }
  const seedList = (s: number | readonly number[]) =>
    typeof s === "number" ? Array.from({ length: s }, (_, i) => i) : [...s];
  const seeds =
    overrides.seeds !== undefined
      ? seedList(overrides.seeds)
      : runner.seeds !== undefined
        ? seedList(runner.seeds)
        : [typeof base.seed === "number" ? base.seed : 0];
  const backend = overrides.backend ?? runner.backend ?? "auto";
  const variantsIn = runner.variants ?? [{}];
  const names = new Set<string>();
  const resolvedVariants: Array<{ name: string; config: ResolvedConfig; ref: VariantRef | undefined }> = [];
  variantsIn.forEach((variant, i) => {
    const { name: rawName, ...fields } = variant;
    const name = runner.variants === undefined ? defaultName(base) : rawName;
    const ref = runner.variants === undefined ? undefined : { index: i, name: String(name), fields };
    // A base name is core's to check (one plain name); a name taken from the agent's kind is ours.
    if (runner.variants === undefined && typeof base.name !== "string" && !PLAIN_NAME.test(String(name))) {
      fail(
        ["agent", "kind"],
        undefined,
        `the runs would go in a directory named after the agent, ${JSON.stringify(name)}, which is not ${PLAIN_NAME_EXPECTED}; give the experiment a name (name: my-experiment).`,
      );
    }
    // A variant's name is in the file's variants (or a --set of them), not in its config.
    if (ref !== undefined && (typeof name !== "string" || !PLAIN_NAME.test(name))) {
      fail(
        ["variants", i, "name"],
        undefined,
        `expected ${PLAIN_NAME_EXPECTED}, got ${JSON.stringify(name)}.`,
      );
    }
    if (names.has(name as string)) {
      fail(["variants", i, "name"], undefined, `"${name}" is used twice; variant names must be unique.`);
    }
    names.add(name as string);
    if (ref !== undefined && "seed" in fields) {
      fail(
        ["seed"],
        ref,
        "a variant cannot have its own seed: every variant runs the experiment's seeds (seeds:, --seeds), so that they are compared on the same ones. Remove it.",
      );
    }
    let merged = mergeOver(base, fields, [], (dropped) => {
      const { where } = originOf(origins, [...dropped.keys, dropped.options[0]!], undefined);
      throw dropMessage(dropped, where, ref!);
    }) as Record<string, unknown>;
    for (const set of sets) if (!setsFile(set)) merged = setPath(merged, set);
    if (overrides.steps !== undefined)
      merged.budget = { ...(isRecord(merged.budget) ? merged.budget : {}), steps: overrides.steps };
    merged.env = stripModule(merged.env);
    let config: ResolvedConfig;
    try {
      // --backend / backend: set on every part with a backend option, checked by its schema.
      config = registry.resolve(withBackend(registry, { ...merged, seed: seeds[0] }, backend)).config;
    } catch (e) {
      relocate(e, origins, ref);
    }
    config.loggers.forEach((logger, j) => {
      // The runner gives every run its own directory; a dir of the config would send every
      // seed's (and variant's) files to one place.
      if (typeof logger.dir === "string" && logger.dir !== DEFAULT_RUN_DIR) {
        fail(
          ["loggers", j, "dir"],
          ref,
          `the runner writes each run's files in its own directory (<out>/<variant>/seed-<n>), so a logger's dir would send every run's files to ${JSON.stringify(logger.dir)}. Remove dir, and choose where runs go with --out.`,
        );
      }
    });
    resolvedVariants.push({ name: name as string, config, ref });
  });
  const runs: RunSpec[] = [];
  for (const { name, config } of resolvedVariants) {
    for (const seed of seeds) {
      runs.push({
        variant: name,
        seed,
        config: { ...config, seed },
        checkpointEvery: runner.checkpoint?.every ?? 10_000,
      });
    }
  }
  return {
    // A base name was checked by core (one plain name); a variant's name by the loop above.
    name:
      typeof base.name === "string"
        ? base.name
        : resolvedVariants.length === 1
          ? resolvedVariants[0]!.name
          : "experiment",
    runs,
    variants: resolvedVariants.map((v) => v.name),
    seeds,
    backend,
    plugins: experimentPlugins(file, sets),
    origin: (variant, keys) => originOf(origins, keys, resolvedVariants.find((v) => v.name === variant)?.ref),
  };
}

type VariantRef = { index: number; name: string; fields: unknown };

/**
 * A registry error re-said at its place: `file:line:col: Invalid config at variants[1].agent.lr:
 * ...`, or `--set agent.lr=5 (variant b): Invalid config at agent.lr: ...` when a --set wrote it.
 */
function relocate(e: unknown, origins: Origins, variant: VariantRef | undefined): never {
  if (!(e instanceof GymkitError)) throw e;
  const m = /^Invalid config at ([^:]+): /.exec(e.message);
  if (!m) {
    // An unknown env id is the env's fault: say where the env is.
    const keys = e.code === "GYMKIT_UNKNOWN_ENV" ? ["env"] : undefined;
    const where = keys ? originOf(origins, keys, variant).where : origins.file.path;
    throw new GymkitError(e.code, `${where}: ${e.message}`, { cause: e });
  }
  const { where, path } = originOf(origins, splitPath(m[1]!), variant);
  throw new GymkitError(e.code, `${where}: ${e.message.replace(m[0], `Invalid config at ${path}: `)}`, {
    cause: e,
  });
}

/** The directory name of a file without variants: its name, else its agent's kind. */
function defaultName(base: Record<string, unknown>): string {
  if (typeof base.name === "string") return base.name;
  const agent = base.agent;
  if (isRecord(agent) && typeof agent.kind === "string") return agent.kind;
  return "run";
}
