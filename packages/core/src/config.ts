/**
 * The experiment config: plain data (from YAML, JSON or code) that names the env, the agent and
 * the parts it takes, the loggers, the budget, the evaluation and the seed. `resolveConfig` checks
 * it against a registry's parts, merges presets and defaults under it, and returns the resolved
 * config, again plain data, for the run manifest.
 */
import { type Catalogue, checkResolved, type ResolvedPart } from "./catalogue.js";
import type { EnvRegistry, Options } from "./env-registry.js";
import { describeValue, GymkitError } from "./errors.js";
import type { PartSpec } from "./parts.js";
import { joinPath, parseOptions, z } from "./schema.js";

/** A part as a config may write it: `"hard"` or `{ kind: "hard", every: 10 }`. */
export type PartInput = string | { readonly kind: string; readonly [option: string]: unknown };

/** An experiment config as a user writes it. */
export interface ExperimentConfig {
  /** Shown in run ids and directories. */
  name?: string | undefined;
  /** Plugin packages or paths the runner loads before resolving (core only checks the form). */
  plugins?: readonly string[] | undefined;
  /** `"CartPole-v1"` or `{ id, options, numEnvs }`. */
  env: string | { id: string; options?: Options | undefined; numEnvs?: number | undefined };
  /** The agent, with the parts it takes (`buffer`, `targetSync`, `epsilon` for DQN). */
  agent: PartInput;
  loggers?: readonly PartInput[] | undefined;
  budget: { steps: number };
  /** Periodic greedy evaluation on a separately seeded env; `false` turns it off. */
  eval?: false | { every?: number; episodes?: number; stopAtMean?: number | undefined } | undefined;
  /** The root seed every random stream of the run derives from. @default 0 */
  seed?: number | undefined;
}

/** The config after presets and defaults: every field present, plain data. */
export interface ResolvedConfig {
  name?: string | undefined;
  plugins?: readonly string[] | undefined;
  env: { id: string; options: Options; numEnvs: number };
  agent: PartSpec;
  loggers: PartSpec[];
  budget: { steps: number };
  eval: false | { every: number; episodes: number; stopAtMean?: number | undefined };
  seed: number;
}

/**
 * A name that becomes one directory (`runs/<name>/<variant>/seed-0`): letters, digits, `_`, `-`
 * and `.`, but not `.` or `..`, and at most 200 characters (a path segment holds 255 bytes), so a
 * name can never lead a run's files outside the directory chosen for them.
 */
export const PLAIN_NAME = /^(?!\.{1,2}$)[\w.-]{1,200}$/;

/** What {@link PLAIN_NAME} accepts, worded for messages ("expected ..."). */
export const PLAIN_NAME_EXPECTED =
  'one plain name of letters, digits, "_", "-" or "." (not "." or "..", at most 200 characters), since it names a directory';

/** The fields of an experiment config whose form does not depend on the plugins. */
export const EXPERIMENT_FIELDS = {
  name: z
    .string()
    .min(1)
    .regex(PLAIN_NAME, { message: `expected ${PLAIN_NAME_EXPECTED}` })
    .optional()
    .describe("Name of the experiment (run directories, reports): one plain name, e.g. cartpole-dqn."),
  plugins: z
    .array(z.string().min(1))
    .optional()
    .describe("Plugin packages, or paths relative to the config, to load before anything else."),
  budget: z
    .strictObject({ steps: z.number().int().min(1).describe("Env steps to take (all sub-envs).") })
    .describe(
      "When the run stops. Parts' options are checked against it when a config is resolved (e.g. an agent's learningStarts must be below budget.steps), which JSON Schema cannot express.",
    ),
  eval: z
    .union([
      z.literal(false),
      z.strictObject({
        every: z.number().int().min(1).default(2500).describe("Evaluate every this many env steps."),
        episodes: z.number().int().min(1).default(20).describe("Greedy episodes per evaluation."),
        stopAtMean: z.number().optional().describe("Stop once an evaluation's mean return reaches this."),
      }),
    ])
    .default({ every: 2500, episodes: 20 })
    .describe("Periodic greedy evaluation on a separately seeded env; false turns it off."),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(0)
    .describe("Root seed: every random stream of the run derives from it."),
};

/** The fields of `env` in object form; its `options` are the env's own (see config-schema.ts). */
export const ENV_FIELDS = {
  id: z.string().min(1).describe("A registered env id, e.g. CartPole-v1."),
  options: z.record(z.string(), z.unknown()).optional().describe("Options of make(id, options)."),
  numEnvs: z.number().int().min(1).default(1).describe("Sub-envs stepped in lockstep (SB3's n_envs)."),
};

/** Keys that belong inside `agent` but users put at the top (DESIGN sketches, other libraries). */
const BELONGS_TO_AGENT = ["buffer", "targetSync", "epsilon"];

const topLevel = z.strictObject({
  ...EXPERIMENT_FIELDS,
  env: z.unknown(),
  agent: z.unknown(),
  loggers: z.unknown().optional(),
});

/** The resolved parts of a config, for building them: the config path of each is known. */
export interface ResolvedExperiment {
  readonly config: ResolvedConfig;
  readonly agent: ResolvedPart;
  readonly loggers: readonly ResolvedPart[];
}

/**
 * Checks a config against the registry's envs and parts and fills in presets and defaults.
 * Errors name the full path (`agent.targetSync.every`), the value and what is allowed.
 */
export function resolveConfig(
  envs: EnvRegistry,
  catalogue: Catalogue,
  input: unknown,
  basePath = "",
): ResolvedExperiment {
  const at = (...keys: PropertyKey[]) => joinPath(basePath, keys);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config${basePath ? ` at ${basePath}` : ""}: expected an object with env, agent and budget, got ${describeValue(input)}.`,
    );
  }
  const raw = input as Record<string, unknown>;
  for (const key of BELONGS_TO_AGENT) {
    if (key in raw) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${at(key)}: the ${key} belongs to the agent; write it as ${at("agent", key)}.`,
      );
    }
  }
  for (const key of ["env", "agent", "budget"]) {
    if (raw[key] === undefined) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${at(key)}: missing. A config needs env, agent and budget, e.g. { env: "CartPole-v1", agent: "dqn", budget: { steps: 50000 } }.`,
      );
    }
  }
  const top = parseOptions(topLevel, raw, { path: basePath });

  const envInput = typeof raw.env === "string" ? { id: raw.env } : raw.env;
  const env = parseOptions(z.strictObject(ENV_FIELDS), envInput, { path: at("env") });
  envs.get(env.id);
  const envOptions = envs.parseMakeOptions(env.id, env.options ?? {}, at("env", "options"), env.numEnvs > 1);

  const agent = catalogue.resolve("agent", raw.agent, at("agent"));
  const loggersInput = raw.loggers ?? [];
  if (!Array.isArray(loggersInput)) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${at("loggers")}: expected an array of loggers, e.g. [console, { kind: jsonl }], got ${describeValue(loggersInput)}.`,
    );
  }
  const loggers = loggersInput.map((l, i) => catalogue.resolve("logger", l, at("loggers", i)));
  // What no single schema sees (a batch larger than the buffer, a start beyond the budget) is
  // checked here, before anything is built, so a run never starts to fail on it.
  const run = { budget: top.budget };
  checkResolved(agent, run);
  for (const logger of loggers) checkResolved(logger, run);

  const config: ResolvedConfig = {
    ...(top.name === undefined ? {} : { name: top.name }),
    ...(top.plugins === undefined ? {} : { plugins: top.plugins }),
    env: { id: env.id, options: { ...envOptions }, numEnvs: env.numEnvs },
    agent: agent.spec,
    loggers: loggers.map((l) => l.spec),
    budget: top.budget,
    eval: top.eval,
    seed: top.seed,
  };
  return { config, agent, loggers };
}
