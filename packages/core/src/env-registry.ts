/** Gymnasium-style env registration, `make` and `makeVec`. */
import type { Env, EnvSpec } from "./env.js";
import { closestMatches, describeValue, GymkitError } from "./errors.js";
import type { AnyEnv } from "./parts.js";
import { parseOptions, z } from "./schema.js";
import { PassiveVectorEnvChecker } from "./vector/passive-vector-env-checker.js";
import { SyncVectorEnv } from "./vector/sync-vector-env.js";
import type { AutoresetMode, VectorEnv } from "./vector.js";
import { OrderEnforcing } from "./wrappers/order-enforcing.js";
import { PassiveEnvChecker } from "./wrappers/passive-env-checker.js";
import { TimeLimit } from "./wrappers/time-limit.js";

/** Options as they arrive from a config or a caller: plain data. */
export type Options = Readonly<Record<string, unknown>>;

/** Arguments of `registry.register`, mirroring `gymnasium.register`. */
export interface EnvRegistration<E extends AnyEnv = AnyEnv> {
  /** `[namespace/]Name-vN` */
  id: string;
  /** Builds the bare env from the merged options (defaults, then the caller's). */
  entry: (options: Options) => E;
  /**
   * The env's own make options as a zod schema (`z.strictObject`): validated with their path
   * before `entry` runs, and part of the config's JSON Schema. Without one, options go to `entry`
   * unchecked.
   */
  options?: z.ZodType | undefined;
  /** `make` wraps in `TimeLimit` with this many steps. */
  maxEpisodeSteps?: number | undefined;
  rewardThreshold?: number | undefined;
  /** Default make options. */
  defaults?: Options | undefined;
  /** Options of `vectorEntry` as a zod schema, validated with their path like `options`. */
  vectorOptions?: z.ZodType | undefined;
  /** A batched implementation for `makeVec`, used instead of `SyncVectorEnv`. */
  vectorEntry?:
    | ((numEnvs: number, options: Options & { autoresetMode?: AutoresetMode }) => VectorEnv)
    | undefined;
  /** Skip the passive checker in `make` (Gymnasium's `disable_env_checker`). @default false */
  disableEnvChecker?: boolean | undefined;
  description?: string | undefined;
  /**
   * Asynchronous set-up the env needs before `entry` can run (e.g. instantiating a physics engine
   * compiled to WebAssembly). `registry.compose` awaits it; code that calls `make`/`makeVec`
   * directly awaits `registry.prepare(id)` first. Called once per registry; a failure is not
   * cached, so a later `prepare` tries again.
   */
  prepare?: (() => Promise<void>) | undefined;
}

/** A registration as stored, with its parsed id and the plugin that registered it. */
export interface StoredEnv {
  readonly registration: EnvRegistration;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly version: number | undefined;
  readonly plugin: string | undefined;
}

/** `[namespace/]Name-vN`, as Gymnasium's `ENV_ID_RE` with a required version. */
const ENV_ID_RE = /^(?:(?<namespace>[\w:.@-]+)\/)?(?<name>[\w:.@/-]+?)-v(?<version>\d+)$/;

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

/** Options `make` itself takes, whatever the env (Gymnasium's make kwargs). */
export const MAKE_OPTIONS = {
  maxEpisodeSteps: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Truncate episodes after this many steps (overrides the registered limit)."),
  disableEnvChecker: z.boolean().optional().describe("Skip the passive env checker."),
};
const MAKE_KEYS = Object.keys(MAKE_OPTIONS);
const makeOnly = z.strictObject(MAKE_OPTIONS);

/** Builds the schema of everything `make(id, options)` takes for one registration. */
function makeSchema(r: EnvRegistration): z.ZodType | undefined {
  if (!r.options) return undefined;
  if (r.options instanceof z.ZodObject) return r.options.extend(MAKE_OPTIONS);
  return undefined;
}

/** Registered envs, by id; the later registration of an id wins. */
export class EnvRegistry {
  private readonly entries: StoredEnv[] = [];
  private readonly schemas = new WeakMap<EnvRegistration, z.ZodType | undefined>();
  /** `prepare` of each registration: pending, or true once it resolved. */
  private readonly prepared = new WeakMap<EnvRegistration, Promise<void> | true>();

  /** Checks a registration and stores it. Throws if the id exists, unless `override`. */
  add(registration: EnvRegistration, plugin: string | undefined, override = false): StoredEnv {
    const stored = this.check(registration, override);
    const withPlugin = { ...stored, plugin };
    this.entries.push(withPlugin);
    return withPlugin;
  }

  /** Checks a registration without storing it (a plugin's staged registrations). */
  check(registration: EnvRegistration, override = false): StoredEnv {
    if (typeof registration !== "object" || registration === null) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `register: expected { id, entry, ... }, got ${describeValue(registration)}.`,
      );
    }
    const { namespace, name, version } = parseEnvId(registration.id);
    if (typeof registration.entry !== "function") {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `registry.register("${registration.id}"): entry must be a function (options) => Env, got ${describeValue(registration.entry)}.`,
      );
    }
    if (registration.prepare !== undefined && typeof registration.prepare !== "function") {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `registry.register("${registration.id}"): prepare must be a function () => Promise<void>, got ${describeValue(registration.prepare)}.`,
      );
    }
    const max = registration.maxEpisodeSteps;
    if (max !== undefined && (!Number.isInteger(max) || max <= 0)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `registry.register("${registration.id}"): maxEpisodeSteps must be a positive integer, got ${describeValue(max)}.`,
      );
    }
    const existing = this.find(registration.id);
    if (existing && !override) {
      throw new GymkitError(
        "GYMKIT_DUPLICATE_ID",
        `Environment "${registration.id}" is already registered${existing.plugin ? ` by plugin "${existing.plugin}"` : ""}; pass { override: true } to replace it.`,
      );
    }
    return { registration, namespace, name, version, plugin: undefined };
  }

  /** Stores checked registrations (a plugin's, once its `register` returned). */
  commit(stored: readonly StoredEnv[]): void {
    this.entries.push(...stored);
  }

  /** Registered env ids, sorted. */
  ids(): string[] {
    return [...new Set(this.entries.map((e) => e.registration.id))].sort();
  }

  find(id: string): StoredEnv | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i]!.registration.id === id) return this.entries[i];
    }
    return undefined;
  }

  /** The registration of `id`, or an error naming close matches, versions and namespaces. */
  get(id: string): StoredEnv {
    const found = this.find(id);
    if (found) return found;
    const ids = this.ids();
    const parsed = typeof id === "string" ? ENV_ID_RE.exec(id)?.groups : undefined;
    let hint = "";
    if (parsed) {
      const sameName = this.entries.filter((e) => e.name === parsed.name && e.namespace === parsed.namespace);
      if (sameName.length > 0) {
        hint = ` Environment "${parsed.name}" exists in versions: ${[...new Set(sameName.map((e) => `v${e.version}`))].sort().join(", ")}.`;
      } else if (parsed.namespace && !this.entries.some((e) => e.namespace === parsed.namespace)) {
        hint = ` Namespace "${parsed.namespace}" has no environments; is the plugin that provides it in use?`;
      }
    }
    const close = closestMatches(String(id), ids);
    throw new GymkitError(
      "GYMKIT_UNKNOWN_ENV",
      `Unknown environment ${describeValue(id)}.${hint}${close.length ? ` Did you mean ${close.map((c) => `"${c}"`).join(" or ")}?` : ""} Registered: ${ids.length ? ids.join(", ") : "(none; did you forget registry.use(plugin)?)"}.`,
    );
  }

  /**
   * Runs the registration's `prepare` once (later calls share its promise); resolves at once for
   * an env without one. A failure is wrapped in a `GymkitError` naming the env and is not cached.
   */
  prepare(id: string): Promise<void> {
    const r = this.get(id).registration;
    const state = this.prepared.get(r);
    if (state === true || r.prepare === undefined) return Promise.resolve();
    if (state) return state;
    const pending = (async () => {
      try {
        await r.prepare!();
      } catch (e) {
        this.prepared.delete(r);
        throw new GymkitError(
          "GYMKIT_PLUGIN_FAILED",
          `Preparing environment "${id}" failed: ${e instanceof Error ? e.message : String(e)}`,
          { cause: e },
        );
      }
      this.prepared.set(r, true);
    })();
    this.prepared.set(r, pending);
    return pending;
  }

  /** Throws unless the registration has no `prepare` or it has resolved. */
  private assertPrepared(id: string, r: EnvRegistration, call: string): void {
    if (r.prepare === undefined || this.prepared.get(r) === true) return;
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${call}("${id}"): this environment must be prepared first (it loads its engine asynchronously). Call \`await registry.prepare("${id}")\` once before ${call}; registry.compose does it for you.`,
    );
  }

  /** The JSON-Schema-ready zod schema of `make(id, options)`'s options, when the env declares one. */
  optionsSchema(id: string): z.ZodType | undefined {
    const r = this.get(id).registration;
    if (!this.schemas.has(r)) this.schemas.set(r, makeSchema(r));
    return this.schemas.get(r);
  }

  /** The spec of a registered env, before any options are applied. */
  spec(id: string, kwargs?: Options, maxEpisodeSteps?: number): EnvSpec {
    const stored = this.get(id);
    const r = stored.registration;
    return {
      id: r.id,
      namespace: stored.namespace,
      name: stored.name,
      version: stored.version,
      maxEpisodeSteps: maxEpisodeSteps ?? r.maxEpisodeSteps,
      rewardThreshold: r.rewardThreshold,
      defaults: { ...r.defaults },
      kwargs: { ...(kwargs ?? r.defaults) },
    };
  }

  /**
   * Validates `make` options: the env's schema (with `make`'s own options) when it declares one,
   * else only `make`'s own; for a vector env with a batched implementation, that implementation's
   * `vectorOptions`. `path` prefixes errors (`env.options` in a config). Returns the
   * options as given (defaults stay the env's business, and `spec.kwargs` shows what was given).
   */
  parseMakeOptions(id: string, options: unknown, path: string, forVector = false): Options {
    const vector = forVector ? this.get(id).registration : undefined;
    const where = path || (vector ? `makeVec("${id}")` : `make("${id}")`);
    if (options === null || options === undefined) return {};
    if (typeof options !== "object" || Array.isArray(options)) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${where}: expected an object of make options, got ${describeValue(options)}.`,
      );
    }
    // A batched implementation has options of its own (no render mode, an autoreset mode, ...).
    const schema = vector?.vectorEntry ? vector.vectorOptions : this.optionsSchema(id);
    if (vector?.vectorEntry && !schema) return options as Options;
    if (schema) parseOptions(schema, options, { path: where, owner: `environment "${id}"` });
    else {
      const own = Object.fromEntries(Object.entries(options).filter(([k]) => MAKE_KEYS.includes(k)));
      parseOptions(makeOnly, own, { path: where });
    }
    return options as Options;
  }

  /**
   * Builds a registered env wrapped like `gymnasium.make`:
   * `TimeLimit<OrderEnforcing<PassiveEnvChecker<Env>>>`.
   */
  make<E extends AnyEnv = Env>(id: string, options: unknown = {}, path = ""): E {
    const r = this.get(id).registration;
    this.assertPrepared(id, r, "make");
    const { maxEpisodeSteps, disableEnvChecker, ...rest } = this.parseMakeOptions(
      id,
      options,
      path,
    ) as Options & {
      maxEpisodeSteps?: number;
      disableEnvChecker?: boolean;
    };
    const kwargs: Options = { ...r.defaults, ...rest };
    let env: Env<unknown, unknown>;
    try {
      env = r.entry(kwargs);
    } catch (e) {
      if (e instanceof GymkitError) throw e;
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `make("${id}") failed: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    if (!isEnv(env)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `make("${id}"): the registered entry returned ${describeValue(env)}, not an env (an object with reset, step, observationSpace and actionSpace). Fix the plugin's entry.`,
      );
    }
    const max = maxEpisodeSteps ?? r.maxEpisodeSteps;
    const spec = this.spec(id, kwargs, max);
    env.spec = spec;
    if (!(disableEnvChecker ?? r.disableEnvChecker)) env = new PassiveEnvChecker(env);
    env = new OrderEnforcing(env);
    if (max !== undefined) env = new TimeLimit(env, max);
    env.spec = spec;
    return env as E;
  }

  /**
   * `n` copies of a registered env stepped together. Uses the env's own batched implementation
   * when it registered one, else a `SyncVectorEnv` over `make`.
   */
  makeVec(
    id: string,
    numEnvs: number,
    options: Options & { autoresetMode?: AutoresetMode } = {},
    path = "",
  ): VectorEnv {
    if (!Number.isSafeInteger(numEnvs) || numEnvs <= 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `makeVec("${id}", n): n must be a positive integer, got ${describeValue(numEnvs)}.`,
      );
    }
    const r = this.get(id).registration;
    this.assertPrepared(id, r, "makeVec");
    const { autoresetMode, ...rest } = options ?? {};
    if (r.vectorEntry) {
      this.parseMakeOptions(id, { ...rest, ...(autoresetMode ? { autoresetMode } : {}) }, path, true);
      const vec = r.vectorEntry(numEnvs, {
        maxEpisodeSteps: r.maxEpisodeSteps,
        ...r.defaults,
        ...rest,
        ...(autoresetMode ? { autoresetMode } : {}),
      });
      // A batched implementation is checked as make() checks a single env (SyncVectorEnv's sub-envs are).
      const unchecked = (rest as { disableEnvChecker?: boolean }).disableEnvChecker ?? r.disableEnvChecker;
      return unchecked ? vec : new PassiveVectorEnvChecker(vec, id);
    }
    const parsed = this.parseMakeOptions(id, rest, path);
    const factories = Array.from(
      { length: numEnvs },
      () => () => this.make<Env<Float32Array, number>>(id, parsed, path),
    );
    return new SyncVectorEnv(factories, autoresetMode ? { autoresetMode } : {});
  }
}

function isEnv(value: unknown): value is Env<unknown, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Partial<Env<unknown, unknown>>;
  return (
    typeof e.reset === "function" &&
    typeof e.step === "function" &&
    typeof e.observationSpace === "object" &&
    typeof e.actionSpace === "object"
  );
}
