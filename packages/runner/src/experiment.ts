/**
 * An experiment file as the runner reads it: core's config (env, agent, loggers, budget, eval,
 * seed, plugins, name) plus what only the runner does: `seeds`, `variants`, `checkpoint` and
 * `backend`. `planRuns` validates every variant through the registry and expands variants × seeds
 * into plain run specs; errors name the file, line and column and the path in the file.
 */

import { BACKEND_PREFERENCES } from "@gymkit/agent-dqn";
import {
  GymkitError,
  joinPath,
  mergeUnder,
  parseOptions,
  type Registry,
  type ResolvedConfig,
  RUN_NAME_PATTERN,
  RUN_NAME_RULE,
  z,
} from "@gymkit/core";
import type { ConfigFile } from "./config-file.js";
import { splitPath } from "./config-file.js";

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
    .describe("TensorFlow.js backend of every run (--backend overrides)."),
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
  /** `--seeds N` (0..N−1) or `--seeds a,b,c` (exactly those). */
  seeds?: number | readonly number[] | undefined;
  /** `--steps N`: the budget of every run. */
  steps?: number | undefined;
  /** `--set path=value`, applied in order. */
  set?: ReadonlyArray<{ path: string; value: unknown }> | undefined;
  backend?: string | undefined;
}

/** The plan of an experiment: its runs, in variant-major order. */
export interface ExperimentPlan {
  readonly name: string;
  readonly runs: readonly RunSpec[];
  readonly variants: readonly string[];
  readonly seeds: readonly number[];
  readonly backend: string;
  /** Plugin specifiers the file names (`plugins:`), resolved against the file's directory by the loader. */
  readonly plugins: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `--set a.b[1]=v`: sets the value at the path in a copy of `data`. */
export function setPath(
  data: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const keys = splitPath(path);
  if (keys.length === 0) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `--set ${path}: expected path=value, e.g. --set agent.lr=0.0005.`,
    );
  }
  const root = structuredClone(data);
  let node: Record<PropertyKey, unknown> = root;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key as string] = value;
      return;
    }
    const next = node[key as string];
    // `agent: dqn` is shorthand for `{ kind: dqn }`: --set agent.lr=... keeps the kind.
    if (typeof next === "string" && typeof keys[i + 1] === "string") node[key as string] = { kind: next };
    else if (typeof next !== "object" || next === null)
      node[key as string] = typeof keys[i + 1] === "number" ? [] : {};
    node = node[key as string] as Record<PropertyKey, unknown>;
  });
  return root;
}

/** Does `data` hold something at `keys` (or at a prefix of them: the variant wrote that part)? */
function defines(data: unknown, keys: readonly PropertyKey[]): boolean {
  let node = data;
  for (const key of keys) {
    if (!isRecord(node) && !Array.isArray(node)) return true; // the variant set a scalar above it
    if (!(key in (node as object))) return false;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  return true;
}

/** A config error of the registry, re-said at its place in the file: `file:line:col: Invalid config at variants[1].agent.lr: ...`. */
function relocate(e: unknown, file: ConfigFile, prefix: readonly PropertyKey[], variant: unknown): never {
  if (!(e instanceof GymkitError)) throw e;
  const m = /^Invalid config at ([^:]+): /.exec(e.message);
  if (!m) throw new GymkitError(e.code, `${file.path}: ${e.message}`, { cause: e });
  const keys = splitPath(m[1]!);
  const inVariant = variant !== undefined && defines(variant, keys);
  const full = inVariant ? [...prefix, ...keys] : keys;
  const message = e.message.replace(m[0], `Invalid config at ${joinPath("", full)}: `);
  throw new GymkitError(e.code, `${file.locate(full)}: ${message}`, { cause: e });
}

/**
 * Validates the file and expands it into runs. Each variant's config is the base with the
 * variant's fields merged over it (a different `agent.kind` replaces the agent whole), checked by
 * `registry.resolve`, so presets and defaults are filled and every error names its place.
 */
export function planRuns(registry: Registry, file: ConfigFile, overrides: Overrides = {}): ExperimentPlan {
  let data = file.data;
  for (const { path, value } of overrides.set ?? []) data = setPath(data, path, value);
  const own: Record<string, unknown> = {};
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) (RUNNER_KEYS.includes(k) ? own : base)[k] = v;
  // A shorthand id in the base (`agent: dqn`, `env: CartPole-v1`) is its object form here, so a
  // variant's fields without kind or id (`agent: { lr: 0.002 }`) merge over it.
  if (typeof base.agent === "string") base.agent = { kind: base.agent };
  if (typeof base.env === "string") base.env = { id: base.env };
  let runner: z.output<typeof runnerOnly>;
  try {
    runner = parseOptions(runnerOnly, own, { path: "" });
  } catch (e) {
    relocate(e, file, [], undefined);
  }
  if (overrides.steps !== undefined)
    base.budget = { ...(isRecord(base.budget) ? base.budget : {}), steps: overrides.steps };
  const seedList = (s: number | readonly number[]) =>
    typeof s === "number" ? Array.from({ length: s }, (_, i) => i) : [...s];
  const seeds =
    overrides.seeds !== undefined
      ? seedList(overrides.seeds)
      : runner.seeds !== undefined
        ? seedList(runner.seeds)
        : [typeof base.seed === "number" ? base.seed : 0];
  const variantsIn = runner.variants ?? [{}];
  const names = new Set<string>();
  const runs: RunSpec[] = [];
  const resolvedVariants: Array<{ name: string; config: ResolvedConfig }> = [];
  variantsIn.forEach((variant, i) => {
    const { name: rawName, ...fields } = variant;
    const fallback =
      typeof base.name === "string" ? base.name : agentName(mergeUnder(base.agent, fields.agent));
    const name = rawName === undefined && runner.variants === undefined ? fallback : rawName;
    if (typeof name !== "string" || !RUN_NAME_PATTERN.test(name)) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `${file.locate(["variants", i])}: Invalid config at variants[${i}].name: expected ${RUN_NAME_RULE}, got ${JSON.stringify(name)}.`,
      );
    }
    if (names.has(name)) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `${file.locate(["variants", i, "name"])}: Invalid config at variants[${i}].name: "${name}" is used twice; variant names must be unique.`,
      );
    }
    names.add(name);
    const merged = mergeUnder(base, fields) as Record<string, unknown>;
    if (overrides.steps !== undefined)
      merged.budget = { ...(merged.budget as object), steps: overrides.steps };
    let config: ResolvedConfig;
    try {
      config = registry.resolve({ ...merged, seed: seeds[0] }).config;
    } catch (e) {
      relocate(e, file, ["variants", i], runner.variants === undefined ? undefined : fields);
    }
    resolvedVariants.push({ name, config });
  });
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
    name:
      typeof base.name === "string"
        ? base.name
        : resolvedVariants.length === 1
          ? resolvedVariants[0]!.name
          : "experiment",
    runs,
    variants: resolvedVariants.map((v) => v.name),
    seeds,
    backend: overrides.backend ?? runner.backend ?? "auto",
    plugins: Array.isArray(base.plugins) ? (base.plugins as string[]) : [],
  };
}

/** A variant's default name: its agent's kind. */
function agentName(agent: unknown): string {
  if (typeof agent === "string") return agent;
  if (isRecord(agent) && typeof agent.kind === "string") return agent.kind;
  return "run";
}
