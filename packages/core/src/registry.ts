import type { Agent, Schedule } from "./agent.js";
import type { ReplayBuffer } from "./buffer.js";
import {
  createRootContainer,
  type DependencyContainer,
  get,
  getAll,
  has,
  provide,
  type Token,
  token,
} from "./di.js";
import type { Env, EnvSpec } from "./env.js";
import { closestMatches, describeValue, didYouMean, GymkitError } from "./errors.js";
import { createTrainingEvents, type Logger, type TrainingEvents } from "./events.js";
import type { Plugin } from "./plugin.js";
import { assertSeed, createRng, type Rng } from "./rng.js";
import type { TargetSync } from "./target-sync.js";
import { SyncVectorEnv } from "./vector/sync-vector-env.js";
import type { AutoresetMode, VectorEnv } from "./vector.js";
import { OrderEnforcing } from "./wrappers/order-enforcing.js";
import { PassiveEnvChecker } from "./wrappers/passive-env-checker.js";
import { TimeLimit } from "./wrappers/time-limit.js";

/** An env of any observation/action type: one registry holds them all. */
// biome-ignore lint/suspicious/noExplicitAny: the registry cannot know each env's types
export type AnyEnv = Env<any, any>;

/** What each kind of named factory builds. */
export interface KindMap {
  env: AnyEnv;
  buffer: ReplayBuffer;
  targetSync: TargetSync;
  agent: Agent;
  logger: Logger;
  schedule: Schedule;
}
export type Kind = keyof KindMap;
export const KINDS: readonly Kind[] = ["env", "buffer", "targetSync", "agent", "logger", "schedule"];

/** Options as they arrive from a config or a caller: plain data, validated by the factory. */
export type Options = Readonly<Record<string, unknown>>;

/** Builds one instance of a kind, inside a run scope. */
export type Factory<T> = (options: Options, scope: RunScope) => T;

/** A selectable implementation; `id` is what configs name. */
export interface Named<F> {
  readonly id: string;
  readonly create: F;
  /** The plugin that registered it, when registered through `use`. */
  readonly plugin: string | undefined;
  readonly description: string | undefined;
}

/** Arguments of `registry.register`, mirroring `gymnasium.register`. */
export interface EnvRegistration<E extends AnyEnv = AnyEnv> {
  /** `[namespace/]Name-vN` */
  id: string;
  /** Builds the bare env from the merged options (defaults, then the caller's). */
  entry: (options: Options) => E;
  /** `make` wraps in `TimeLimit` with this many steps. */
  maxEpisodeSteps?: number | undefined;
  rewardThreshold?: number | undefined;
  /** Default make options. */
  defaults?: Options | undefined;
  /** A batched implementation for `makeVec`, used instead of `SyncVectorEnv`. */
  vectorEntry?:
    | ((numEnvs: number, options: Options & { autoresetMode?: AutoresetMode }) => VectorEnv)
    | undefined;
  /** Skip the passive checker in `make` (Gymnasium's `disable_env_checker`). @default false */
  disableEnvChecker?: boolean | undefined;
  description?: string | undefined;
}

interface StoredEnv {
  readonly registration: EnvRegistration;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly version: number | undefined;
  readonly plugin: string | undefined;
}

/** `[namespace/]Name-vN`, as Gymnasium's `ENV_ID_RE` with a required version. */
const ENV_ID_RE = /^(?:(?<namespace>[\w:.-]+)\/)?(?<name>[\w:.-]+?)-v(?<version>\d+)$/;

export function parseEnvId(id: string): { namespace: string | undefined; name: string; version: number } {
  const m = typeof id === "string" ? ENV_ID_RE.exec(id) : null;
  if (!m?.groups) {
    throw new GymkitError(
      "GYMKIT_INVALID_ID",
      `Invalid environment id ${describeValue(id)}: ids look like "[namespace/]Name-vN", e.g. "CartPole-v1" or "my-org/Maze-v0".`,
    );
  }
  return { namespace: m.groups.namespace, name: m.groups.name!, version: Number(m.groups.version) };
}

/** Tokens of the multi-registrations, one per kind, in the root container. */
const KIND_TOKENS: { [K in Kind]: Token<Named<Factory<KindMap[K]>>> } = {
  env: token("gymkit.envs"),
  buffer: token("gymkit.buffers"),
  targetSync: token("gymkit.target-syncs"),
  agent: token("gymkit.agents"),
  logger: token("gymkit.loggers"),
  schedule: token("gymkit.schedules"),
};
const ENV_SPECS = token<StoredEnv>("gymkit.env-specs");

/** Per-run values, resolved from a run scope. */
export const RNG = token<Rng>("gymkit.rng");
export const EVENTS = token<TrainingEvents>("gymkit.events");
export const REGISTRY = token<Registry>("gymkit.registry");
/** The run's chosen parts, provided by whoever composes the run (the runner, a test). */
export const REPLAY_BUFFER = token<ReplayBuffer>("gymkit.replay-buffer");
export const TARGET_SYNC = token<TargetSync>("gymkit.target-sync");
export const TOTAL_STEPS = token<number>("gymkit.total-steps");

const KIND_LABEL: Record<Kind, string> = {
  env: "environment",
  buffer: "replay buffer",
  targetSync: "target-sync strategy",
  agent: "agent",
  logger: "logger",
  schedule: "schedule",
};

/** Options of `registry.scope()`. */
export interface ScopeOptions {
  /** Root seed of the run; `scope.rng = createRng(seed)`. @default 0 */
  seed?: number;
  events?: TrainingEvents;
  /** Step budget of the run, for schedules given as a fraction of it. */
  totalSteps?: number;
}

/**
 * A run's own child container: its seed, RNG, event emitter and chosen parts. Several scopes live
 * side by side. `dispose()` runs the registered cleanups in reverse order.
 */
export class RunScope {
  readonly rng: Rng;
  readonly events: TrainingEvents;
  readonly seed: number;
  private readonly cleanups: Array<() => void> = [];
  private disposed = false;

  constructor(
    readonly registry: Registry,
    readonly container: DependencyContainer,
    options: ScopeOptions = {},
  ) {
    const seed = options.seed ?? 0;
    assertSeed(seed);
    this.seed = seed;
    this.rng = createRng(seed);
    this.events = options.events ?? createTrainingEvents();
    provide(container, RNG, this.rng);
    provide(container, EVENTS, this.events);
    provide(container, REGISTRY, registry);
    if (options.totalSteps !== undefined) provide(container, TOTAL_STEPS, options.totalSteps);
  }

  get<T>(t: Token<T>): T {
    return get(this.container, t);
  }
  has<T>(t: Token<T>): boolean {
    return has(this.container, t);
  }
  /** The value for `t` when provided, else `fallback()`. */
  getOr<T>(t: Token<T>, fallback: () => T): T {
    return has(this.container, t) ? get(this.container, t) : fallback();
  }
  provide<T>(t: Token<T>, value: T): this {
    provide(this.container, t, value);
    return this;
  }
  /** Builds a named part in this scope (`registry.create(kind, id, options, this)`). */
  create<K extends Kind>(kind: K, id: string, options: Options = {}): KindMap[K] {
    return this.registry.create(kind, id, options, this);
  }
  /** Runs `fn` at `dispose()`, last registered first. */
  onDispose(fn: () => void): void {
    this.cleanups.push(fn);
  }
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const fn of this.cleanups.reverse()) {
      try {
        fn();
      } catch (e) {
        errors.push(e);
      }
    }
    await this.container.dispose();
    if (errors.length > 0) throw new AggregateError(errors, "RunScope.dispose: some cleanups failed");
  }
}

/**
 * The one object users and plugins touch: named factories per kind, env registration and
 * `make` like Gymnasium's, and per-run scopes. Each registry owns its own root container.
 */
export class Registry {
  readonly root: DependencyContainer = createRootContainer();
  private readonly usedPlugins = new Map<string, Plugin>();
  private currentPlugin: string | undefined;

  constructor() {
    provide(this.root, REGISTRY, this);
  }

  /** Calls `plugin.register(this)`; accepts a module namespace with a default export too. */
  use(plugin: Plugin | { default: Plugin }): this {
    const p = "register" in plugin ? plugin : plugin.default;
    if (!p || typeof p.register !== "function" || typeof p.name !== "string") {
      throw new GymkitError(
        "GYMKIT_PLUGIN_FAILED",
        `registry.use: expected a plugin { name, register(registry) } or a module default-exporting one, got ${describeValue(plugin)}.`,
      );
    }
    const previous = this.usedPlugins.get(p.name);
    if (previous === p) return this;
    if (previous) {
      throw new GymkitError(
        "GYMKIT_DUPLICATE_ID",
        `Plugin "${p.name}" is already in use; plugin names must be unique.`,
      );
    }
    this.currentPlugin = p.name;
    try {
      p.register(this);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new GymkitError("GYMKIT_PLUGIN_FAILED", `Plugin "${p.name}" failed to register: ${why}`, {
        cause: e,
      });
    } finally {
      this.currentPlugin = undefined;
    }
    this.usedPlugins.set(p.name, p);
    return this;
  }

  /** Names of the plugins in use. */
  plugins(): string[] {
    return [...this.usedPlugins.keys()];
  }

  /** Registers a named factory of a kind. Throws if the id exists, unless `override`. */
  provide<K extends Kind>(
    kind: K,
    id: string,
    create: Factory<KindMap[K]>,
    options: { override?: boolean; description?: string } = {},
  ): void {
    this.assertKind(kind);
    if (typeof id !== "string" || id.length === 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ID",
        `A ${KIND_LABEL[kind]} id must be a non-empty string, got ${describeValue(id)}.`,
      );
    }
    const existing = this.entries(kind).find((e) => e.id === id);
    if (existing && !options.override) {
      throw new GymkitError(
        "GYMKIT_DUPLICATE_ID",
        `The ${KIND_LABEL[kind]} "${id}" is already registered${existing.plugin ? ` by plugin "${existing.plugin}"` : ""}; pass { override: true } to replace it.`,
      );
    }
    const entry: Named<Factory<KindMap[K]>> = {
      id,
      create,
      plugin: this.currentPlugin,
      description: options.description,
    };
    provide(this.root, KIND_TOKENS[kind], entry);
  }

  /** Registers an env, as `gymnasium.register`. Throws if the id exists, unless `override`. */
  register(registration: EnvRegistration, options: { override?: boolean } = {}): void {
    const { namespace, name, version } = parseEnvId(registration.id);
    if (typeof registration.entry !== "function") {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `registry.register("${registration.id}"): entry must be a function (options) => Env, got ${describeValue(registration.entry)}.`,
      );
    }
    const max = registration.maxEpisodeSteps;
    if (max !== undefined && (!Number.isInteger(max) || max <= 0)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `registry.register("${registration.id}"): maxEpisodeSteps must be a positive integer, got ${describeValue(max)}.`,
      );
    }
    const existing = this.envEntries().find((e) => e.registration.id === registration.id);
    if (existing && !options.override) {
      throw new GymkitError(
        "GYMKIT_DUPLICATE_ID",
        `Environment "${registration.id}" is already registered${existing.plugin ? ` by plugin "${existing.plugin}"` : ""}; pass { override: true } to replace it.`,
      );
    }
    provide(this.root, ENV_SPECS, { registration, namespace, name, version, plugin: this.currentPlugin });
    this.provide("env", registration.id, (opts) => this.make(registration.id, opts), {
      override: true,
      description: registration.description,
    });
  }

  /** Registered env ids, sorted. */
  ids(): string[] {
    return [...new Set(this.envEntries().map((e) => e.registration.id))].sort();
  }

  /** Registered ids of a kind, sorted. */
  kinds(kind: Kind): string[] {
    this.assertKind(kind);
    return [...new Set(this.entries(kind).map((e) => e.id))].sort();
  }

  /** True when `id` is registered for `kind`. */
  has(kind: Kind, id: string): boolean {
    return this.entries(kind).some((e) => e.id === id);
  }

  /** The plugin that registered `id` of `kind`, if any. */
  providerOf(kind: Kind, id: string): string | undefined {
    return this.latest(this.entries(kind), id)?.plugin;
  }

  /** The spec of a registered env, before any options are applied. */
  spec(id: string): EnvSpec {
    const stored = this.findEnv(id);
    const r = stored.registration;
    return {
      id: r.id,
      namespace: stored.namespace,
      name: stored.name,
      version: stored.version,
      maxEpisodeSteps: r.maxEpisodeSteps,
      rewardThreshold: r.rewardThreshold,
      defaults: { ...r.defaults },
      kwargs: { ...r.defaults },
    };
  }

  /**
   * Builds a registered env wrapped like `gymnasium.make`:
   * `TimeLimit<OrderEnforcing<PassiveEnvChecker<Env>>>`. Make-level options: `maxEpisodeSteps`
   * (overrides the registered one) and `disableEnvChecker`; every other option goes to `entry`.
   */
  make<E extends AnyEnv = Env>(id: string, options: Options = {}): E {
    const stored = this.findEnv(id);
    const r = stored.registration;
    const { maxEpisodeSteps, disableEnvChecker, ...rest } = options as Options & {
      maxEpisodeSteps?: unknown;
      disableEnvChecker?: unknown;
    };
    const kwargs: Options = { ...r.defaults, ...rest };
    let env: Env<unknown, unknown>;
    try {
      env = r.entry(kwargs);
    } catch (e) {
      if (e instanceof GymkitError || e instanceof RangeError || e instanceof TypeError) throw e;
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `make("${id}") failed: ${e instanceof Error ? e.message : String(e)}`,
        {
          cause: e,
        },
      );
    }
    const max = maxEpisodeSteps === undefined ? r.maxEpisodeSteps : maxEpisodeSteps;
    if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max <= 0)) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `make("${id}"): maxEpisodeSteps must be a positive integer, got ${describeValue(max)}.`,
      );
    }
    const spec: EnvSpec = {
      id: r.id,
      namespace: stored.namespace,
      name: stored.name,
      version: stored.version,
      maxEpisodeSteps: max as number | undefined,
      rewardThreshold: r.rewardThreshold,
      defaults: { ...r.defaults },
      kwargs,
    };
    env.spec = spec;
    if (!(disableEnvChecker ?? r.disableEnvChecker)) env = new PassiveEnvChecker(env);
    env = new OrderEnforcing(env);
    if (max !== undefined) env = new TimeLimit(env, max as number);
    env.spec = spec;
    return env as E;
  }

  /**
   * `n` copies of a registered env stepped together. Uses the env's own batched implementation
   * when it registered one, else a `SyncVectorEnv` over `make`.
   */
  makeVec(id: string, numEnvs: number, options: Options & { autoresetMode?: AutoresetMode } = {}): VectorEnv {
    if (!Number.isInteger(numEnvs) || numEnvs <= 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `makeVec("${id}", n): n must be a positive integer, got ${describeValue(numEnvs)}.`,
      );
    }
    const r = this.findEnv(id).registration;
    const { autoresetMode, ...rest } = options;
    if (r.vectorEntry) {
      return r.vectorEntry(numEnvs, {
        maxEpisodeSteps: r.maxEpisodeSteps,
        ...r.defaults,
        ...rest,
        ...(autoresetMode ? { autoresetMode } : {}),
      });
    }
    const factories = Array.from(
      { length: numEnvs },
      () => () => this.make<Env<Float32Array, number>>(id, rest),
    );
    return new SyncVectorEnv(factories, autoresetMode ? { autoresetMode } : {});
  }

  /**
   * Builds a named part of any kind. Without a scope, a fresh one (seed 0) is made; the caller
   * then owns what it gets.
   */
  create<K extends Kind>(kind: K, id: string, options: Options = {}, scope?: RunScope): KindMap[K] {
    this.assertKind(kind);
    const entries = this.entries(kind);
    const found = this.latest(entries, id);
    if (!found) {
      if (kind === "env") this.findEnv(id); // throws the env-specific message
      const known = [...new Set(entries.map((e) => e.id))].sort();
      throw new GymkitError(
        "GYMKIT_UNKNOWN_COMPONENT",
        `Unknown ${KIND_LABEL[kind]} "${id}". Registered ${kind} ids: ${known.length ? known.join(", ") : "(none; did you forget registry.use(plugin)?)"}.${didYouMean(id, known)}`,
      );
    }
    const s = scope ?? this.scope();
    try {
      return found.create(options, s);
    } catch (e) {
      if (e instanceof GymkitError || e instanceof RangeError) throw e;
      const from = found.plugin ? ` (plugin "${found.plugin}")` : "";
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Creating ${KIND_LABEL[kind]} "${id}"${from} failed: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
  }

  /** A per-run child scope with its own RNG and events. */
  scope(options: ScopeOptions = {}): RunScope {
    return new RunScope(this, this.root.createChildContainer(), options);
  }

  private assertKind(kind: string): asserts kind is Kind {
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Unknown kind ${describeValue(kind)}. Kinds: ${KINDS.join(", ")}.${didYouMean(kind, KINDS)}`,
      );
    }
  }

  private entries<K extends Kind>(kind: K): Named<Factory<KindMap[K]>>[] {
    return getAll(this.root, KIND_TOKENS[kind]);
  }

  private latest<T extends { id: string }>(entries: T[], id: string): T | undefined {
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.id === id) return entries[i];
    return undefined;
  }

  private envEntries(): StoredEnv[] {
    return getAll(this.root, ENV_SPECS);
  }

  private findEnv(id: string): StoredEnv {
    const entries = this.envEntries();
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.registration.id === id) return entries[i]!;
    const ids = this.ids();
    const parsed = typeof id === "string" ? ENV_ID_RE.exec(id)?.groups : undefined;
    let hint = "";
    if (parsed) {
      const sameName = entries.filter((e) => e.name === parsed.name && e.namespace === parsed.namespace);
      if (sameName.length > 0) {
        hint = ` Environment "${parsed.name}" exists in versions: ${sameName
          .map((e) => `v${e.version}`)
          .sort()
          .join(", ")}.`;
      } else if (parsed.namespace && !entries.some((e) => e.namespace === parsed.namespace)) {
        hint = ` Namespace "${parsed.namespace}" has no environments; is the plugin that provides it in use?`;
      }
    }
    const close = closestMatches(String(id), ids);
    throw new GymkitError(
      "GYMKIT_UNKNOWN_ENV",
      `Unknown environment ${describeValue(id)}.${hint}${close.length ? ` Did you mean ${close.map((c) => `"${c}"`).join(" or ")}?` : ""} Registered: ${ids.length ? ids.join(", ") : "(none; did you forget registry.use(plugin)?)"}.`,
    );
  }
}
