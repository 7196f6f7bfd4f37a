/**
 * The one place parts are composed into a run. Each part is a cached factory in the run's child
 * container, resolved in dependency order — env, eval env, the agent's parts (buffer, target sync,
 * schedule), agent, loggers — and disposed in reverse, awaiting async closes.
 */
import type { Action, Agent, CheckpointFiles } from "./agent.js";
import type { ResolvedPart } from "./catalogue.js";
import type { ResolvedConfig, ResolvedExperiment } from "./config.js";
import type { Env } from "./env.js";
import type { EnvRegistry } from "./env-registry.js";
import { GymkitError } from "./errors.js";
import type { Logger, TrainingEvents } from "./events.js";
import { type EnvSpaces, type PartContext, SLOTS } from "./parts.js";
import { runCheckpoints } from "./run-checkpoint.js";
import type { RunScope } from "./run-scope.js";
import type { RunSeeds } from "./seeds.js";
import { type RunHooks, type TrainOptions, type TrainResult, train } from "./train.js";
import type { VectorEnv } from "./vector.js";

/** Which implementation filled a slot of the run (for manifests). */
export interface FilledSlot {
  /** Config path, e.g. `agent.targetSync`. */
  readonly path: string;
  readonly slot: string;
  /** The id the config named. */
  readonly id: string;
  /** The registered part that built it (differs from `id` for a preset). */
  readonly part: string;
  /** The plugin that registered the part, when it came from one. */
  readonly plugin: string | undefined;
}

/**
 * A composed run: its resolved config, its parts, and `train()` over them. `Act` is the env's
 * action type: `number` (Discrete) or `Float32Array` (Box); a run composed from a config may have
 * either, so it is both until narrowed.
 */
export interface Run<Act extends Action = Action> {
  readonly config: ResolvedConfig;
  readonly scope: RunScope;
  readonly seeds: RunSeeds;
  readonly events: TrainingEvents;
  /** The training env: an `Env`, or a `VectorEnv` when `env.numEnvs` > 1. */
  readonly env: Env<Float32Array, Act> | VectorEnv;
  /** The evaluation env (a separate instance, separately seeded), unless `eval` is false. */
  readonly evalEnv: Env<Float32Array, Act> | undefined;
  readonly agent: Agent<Float32Array, Act>;
  /** The parts the agent took, by config key (`buffer`, `targetSync`, `epsilon`). */
  readonly parts: Readonly<Record<string, unknown>>;
  readonly loggers: readonly Logger[];
  /** Every slot and the implementation that filled it. */
  readonly filled: readonly FilledSlot[];
  /**
   * Config paths of the parts `checkpoint()` saves: every built part that is `Checkpointable`
   * (the agent, a replay buffer through its `serialize`/`deserialize`, an env that is one).
   */
  readonly checkpointable: readonly string[];
  /**
   * The state of every checkpointable part as one set of files: the agent's own files keep their
   * names (they are a model directory as they are), another part's are named
   * `<path without "agent.">.<name>` (`agent.buffer`'s image is `buffer.rb`).
   */
  checkpoint(): Promise<CheckpointFiles>;
  /**
   * Gives each checkpointable part its files from what `checkpoint()` produced, the agent first;
   * throws naming the part when a part has none. Each part checks its files before changing.
   */
  restore(files: CheckpointFiles, source?: string): Promise<void>;
  /**
   * Trains the agent with the run's env, budget, evaluation and seeds; with `resume` (a
   * checkpoint's loop state, the agent and buffer restored first) it continues that run exactly.
   */
  train(hooks?: RunHooks & Pick<TrainOptions<Act>, "resume" | "runId">): Promise<TrainResult>;
  /** Closes loggers, disposes the agent and closes envs, last built first. */
  dispose(): Promise<void>;
}

/** Parts that hold resources have `dispose()` (sync or async); the run calls it. */
const disposeIfAny = (part: unknown): void | Promise<void> => {
  const dispose = (part as { dispose?: () => void | Promise<void> }).dispose;
  return typeof dispose === "function" ? dispose.call(part) : undefined;
};

/**
 * Registers a resolved part (and, first, the parts it needs) in `scope` as cached factories under
 * their config paths. Building the part resolves its needs through the scope, in the order
 * declared, then calls its `create`.
 */
export function registerPart(
  resolved: ResolvedPart,
  scope: RunScope,
  spaces: (() => EnvSpaces) | undefined,
  filled: FilledSlot[],
  dispose: (value: unknown) => void | Promise<void> = disposeIfAny,
): void {
  for (const need of Object.values(resolved.needs)) registerPart(need, scope, spaces, filled);
  scope.definePart(resolved.path, () => createPart(resolved, scope, spaces, filled), dispose);
}

/** Builds one part whose needs are defined in `scope`: its needs first, then `create`. */
function createPart(
  resolved: ResolvedPart,
  scope: RunScope,
  spaces: (() => EnvSpaces) | undefined,
  filled: FilledSlot[],
): unknown {
  const built = new Map<string, unknown>();
  for (const [key, need] of Object.entries(resolved.needs)) built.set(key, scope.part(need.path));
  const label = SLOTS[resolved.slot].label;
  const context: PartContext = {
    path: resolved.path,
    id: resolved.id,
    spec: resolved.spec,
    run: scope,
    spaces() {
      if (!spaces) {
        throw new GymkitError(
          "GYMKIT_INVALID_CONFIG",
          `Invalid config at ${resolved.path}: the ${label} "${resolved.id}" needs the env's spaces; compose it in a run, or give registry.create a context { env } (an env or its { observationSpace, actionSpace }).`,
        );
      }
      return spaces();
    },
    need<T>(key: string): T {
      if (!built.has(key)) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `The ${label} "${resolved.id}" asked for part "${key}", which it did not declare in needs.`,
        );
      }
      return built.get(key) as T;
    },
  };
  let value: unknown;
  try {
    value = resolved.part.create(resolved.options as never, context);
  } catch (e) {
    if (e instanceof GymkitError) throw e;
    const from = resolved.part.plugin ? ` (plugin "${resolved.part.plugin}")` : "";
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Creating ${label} "${resolved.id}" at ${resolved.path}${from} failed: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  if (typeof value !== "object" || value === null) {
    throw new GymkitError(
      "GYMKIT_PLUGIN_FAILED",
      `The ${label} "${resolved.id}"${resolved.part.plugin ? ` of plugin "${resolved.part.plugin}"` : ""} returned ${String(value)} from create(); it must return the part.`,
    );
  }
  filled.push({
    path: resolved.path,
    slot: resolved.slot,
    id: resolved.id,
    part: resolved.part.id,
    plugin: resolved.part.plugin,
  });
  return value;
}

/** Builds a resolved part, and the parts it needs, in `scope` (`registry.create`). */
export function buildPart(
  resolved: ResolvedPart,
  scope: RunScope,
  spaces: (() => EnvSpaces) | undefined,
  filled: FilledSlot[],
): unknown {
  registerPart(resolved, scope, spaces, filled);
  return scope.part(resolved.path);
}

/** Every resolved part of a run, needs before the part that takes them (the build order). */
function partsOf(resolved: ResolvedExperiment): ResolvedPart[] {
  const out: ResolvedPart[] = [];
  const walk = (part: ResolvedPart) => {
    for (const need of Object.values(part.needs)) walk(need);
    out.push(part);
  };
  walk(resolved.agent);
  for (const logger of resolved.loggers) walk(logger);
  return out;
}

/**
 * The run's asynchronous set-up, before anything is created: the env registration's `prepare`
 * (a wasm physics engine), then every part's (a TensorFlow.js backend), in build order, one at a
 * time (two parts may set up one process-wide thing, such as the backend).
 */
export async function prepareRun(envs: EnvRegistry, resolved: ResolvedExperiment): Promise<void> {
  await envs.prepare(resolved.config.env.id);
  for (const part of partsOf(resolved)) {
    if (part.part.prepare === undefined) continue;
    try {
      await part.part.prepare(part.options as never, { path: part.path, id: part.id });
    } catch (e) {
      if (e instanceof GymkitError) throw e;
      const label = SLOTS[part.slot].label;
      const from = part.part.plugin ? ` (plugin "${part.part.plugin}")` : "";
      throw new GymkitError(
        "GYMKIT_PLUGIN_FAILED",
        `Preparing ${label} "${part.id}" at ${part.path}${from} failed: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
  }
}

/**
 * Composes a run from a resolved experiment in `scope` (prepared by `prepareRun`): every part is
 * registered under its config path, then the roots (env, eval env, agent, loggers) are resolved
 * and the container builds what they need. If building any part throws, what was built is
 * disposed before the error propagates.
 */
export async function composeRun(
  envs: EnvRegistry,
  resolved: ResolvedExperiment,
  scope: RunScope,
): Promise<Run> {
  const { config } = resolved;
  const filled: FilledSlot[] = [];
  const envPlugin = envs.get(config.env.id).plugin;
  const fill = (path: string) =>
    filled.push({ path, slot: "env", id: config.env.id, part: config.env.id, plugin: envPlugin });
  try {
    scope.definePart(
      "env",
      () => {
        fill("env");
        return config.env.numEnvs > 1
          ? envs.makeVec(config.env.id, config.env.numEnvs, config.env.options, "env.options")
          : envs.make<Env<Float32Array, Action>>(config.env.id, config.env.options, "env.options");
      },
      (env) => env.close(),
    );
    if (config.eval !== false) {
      scope.definePart(
        "eval.env",
        () => {
          fill("eval.env");
          return envs.make<Env<Float32Array, Action>>(config.env.id, config.env.options, "env.options");
        },
        (env) => env.close(),
      );
    }
    const spaces = (): EnvSpaces => {
      const env = scope.part<Env<Float32Array, Action> | VectorEnv>("env");
      return "numEnvs" in env
        ? { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }
        : { observationSpace: env.observationSpace, actionSpace: env.actionSpace };
    };
    registerPart(resolved.agent, scope, spaces, filled, (a) => (a as Agent).dispose());
    resolved.loggers.forEach((l) => {
      let detach = () => {};
      registerPart(
        {
          ...l,
          part: {
            ...l.part,
            // Listening starts as the logger is built; it stops before the logger flushes.
            create: (options, context) => {
              const logger = l.part.create(options, context) as Logger;
              if (typeof logger === "object" && logger !== null) detach = logger.attach(scope.events);
              return logger;
            },
          },
        },
        scope,
        spaces,
        filled,
        async (logger) => {
          detach(); // stop listening first, then flush and close
          await (logger as Logger).close();
        },
      );
    });
    // The roots, in the order they were always built: the container builds what each needs.
    const env = scope.part<Env<Float32Array, Action> | VectorEnv>("env");
    const evalEnv = config.eval === false ? undefined : scope.part<Env<Float32Array, Action>>("eval.env");
    const agent = scope.part<Agent<Float32Array, Action>>("agent");
    const parts: Record<string, unknown> = {};
    for (const [key, need] of Object.entries(resolved.agent.needs)) parts[key] = scope.part(need.path);
    const loggers = resolved.loggers.map((l) => scope.part<Logger>(l.path));
    const checkpoints = runCheckpoints(scope.parts(), "agent");
    const run: Run<Action> = {
      config,
      scope,
      seeds: scope.seeds,
      events: scope.events,
      env,
      evalEnv,
      agent,
      parts,
      loggers,
      filled,
      checkpointable: checkpoints.paths,
      checkpoint: checkpoints.checkpoint,
      restore: checkpoints.restore,
      train: (hooks = {}) =>
        train({
          env,
          agent,
          events: scope.events,
          budget: config.budget,
          seed: config.seed,
          config: config as unknown as Readonly<Record<string, unknown>>,
          runId: hooks.runId ?? (config.name ? `${config.name}-${config.seed}` : undefined),
          evaluation:
            config.eval === false || !evalEnv
              ? undefined
              : {
                  env: evalEnv,
                  every: config.eval.every,
                  episodes: config.eval.episodes,
                  stopAtMean: config.eval.stopAtMean,
                },
          ...hooks,
        }),
      dispose: () => scope.dispose(),
    };
    return run;
  } catch (e) {
    await scope.dispose().catch(() => undefined);
    throw e;
  }
}
