/**
 * The one place parts are composed into a run. Each part is a cached factory in the run's child
 * container, resolved in dependency order — env, eval env, the agent's parts (buffer, target sync,
 * schedule), agent, loggers — and disposed in reverse, awaiting async closes.
 */
import type { Action, Agent } from "./agent.js";
import type { ResolvedPart } from "./catalogue.js";
import type { ResolvedConfig, ResolvedExperiment } from "./config.js";
import { token } from "./di.js";
import type { Env } from "./env.js";
import type { EnvRegistry } from "./env-registry.js";
import { GymkitError } from "./errors.js";
import type { Logger, TrainingEvents } from "./events.js";
import { type EnvSpaces, type PartContext, SLOTS, type SlotMap } from "./parts.js";
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
   * Trains the agent with the run's env, budget, evaluation and seeds; with `resume` (a
   * checkpoint's loop state, the agent and buffer restored first) it continues that run exactly.
   */
  train(hooks?: RunHooks & Pick<TrainOptions<Act>, "resume" | "runId">): Promise<TrainResult>;
  /** Closes loggers, disposes the agent and closes envs, last built first. */
  dispose(): Promise<void>;
}

const ENV = token<Env<Float32Array, Action> | VectorEnv>("gymkit.run.env");
const EVAL_ENV = token<Env<Float32Array, Action>>("gymkit.run.eval-env");
const AGENT = token<Agent<Float32Array, Action>>("gymkit.run.agent");

/** Parts that hold resources have `dispose()` (sync or async); the run calls it. */
const disposeIfAny = (part: unknown): void | Promise<void> => {
  const dispose = (part as { dispose?: () => void | Promise<void> }).dispose;
  return typeof dispose === "function" ? dispose.call(part) : undefined;
};

/** Builds a resolved part (and the parts it needs, first) in `scope`. */
export function buildPart(
  resolved: ResolvedPart,
  scope: RunScope,
  spaces: (() => EnvSpaces) | undefined,
  filled: FilledSlot[],
  byPath: Map<string, unknown> = new Map(),
): unknown {
  const built = new Map<string, unknown>();
  for (const [key, need] of Object.entries(resolved.needs)) {
    const t = token<unknown>(`gymkit.run.${need.path}`);
    scope.define(t, () => buildPart(need, scope, spaces, filled, byPath), disposeIfAny);
    built.set(key, scope.get(t));
  }
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
  byPath.set(resolved.path, value);
  filled.push({
    path: resolved.path,
    slot: resolved.slot,
    id: resolved.id,
    part: resolved.part.id,
    plugin: resolved.part.plugin,
  });
  return value;
}

/**
 * Composes a run from a resolved experiment in `scope`. If building any part throws, what was
 * built is disposed before the error propagates.
 */
export async function composeRun(
  envs: EnvRegistry,
  resolved: ResolvedExperiment,
  scope: RunScope,
): Promise<Run> {
  const { config } = resolved;
  const filled: FilledSlot[] = [];
  const envEntry = envs.get(config.env.id);
  const envPlugin = envEntry.plugin;
  const fill = (path: string) =>
    filled.push({ path, slot: "env", id: config.env.id, part: config.env.id, plugin: envPlugin });
  try {
    scope.define(
      ENV,
      () => {
        fill("env");
        return config.env.numEnvs > 1
          ? envs.makeVec(config.env.id, config.env.numEnvs, config.env.options, "env.options")
          : envs.make<Env<Float32Array, Action>>(config.env.id, config.env.options, "env.options");
      },
      (env) => env.close(),
    );
    if (config.eval !== false) {
      scope.define(
        EVAL_ENV,
        () => {
          fill("eval.env");
          return envs.make<Env<Float32Array, Action>>(config.env.id, config.env.options, "env.options");
        },
        (env) => env.close(),
      );
    }
    const env = scope.get(ENV);
    const evalEnv = config.eval === false ? undefined : scope.get(EVAL_ENV);
    const spaces = (): EnvSpaces =>
      "numEnvs" in env
        ? { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }
        : { observationSpace: env.observationSpace, actionSpace: env.actionSpace };
    const byPath = new Map<string, unknown>();
    scope.define(
      AGENT,
      () => buildPart(resolved.agent, scope, spaces, filled, byPath) as Agent<Float32Array, Action>,
      (a) => a.dispose(),
    );
    const agent = scope.get(AGENT);
    const parts: Record<string, unknown> = {};
    for (const [key, need] of Object.entries(resolved.agent.needs)) parts[key] = byPath.get(need.path);
    const loggers = resolved.loggers.map((l, i) => {
      const t = token<SlotMap["logger"]>(`gymkit.run.logger.${i}`);
      let detach = () => {};
      scope.define(
        t,
        () => {
          const logger = buildPart(l, scope, spaces, filled) as SlotMap["logger"];
          detach = logger.attach(scope.events);
          return logger;
        },
        async (logger) => {
          detach(); // stop listening first, then flush and close
          await logger.close();
        },
      );
      return scope.get(t);
    });
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
