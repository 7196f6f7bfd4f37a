/**
 * The one object users and plugins touch. It joins three things, each in its own file: plugin
 * lifecycle (here), the catalogue of named parts (`catalogue.ts`), Gymnasium-style env
 * registration and `make` (`env-registry.ts`); runs are composed by `compose.ts` in a child of the
 * registry's own root container (`run-scope.ts`).
 */

import type { CheckpointFiles } from "./agent.js";
import { Catalogue, checkResolved } from "./catalogue.js";
import { buildPart, composeRun, type FilledSlot, prepareRun, type Run } from "./compose.js";
import { type ExperimentConfig, type ResolvedExperiment, resolveConfig } from "./config.js";
import { type ConfigSchemaOptions, configJsonSchema } from "./config-schema.js";
import { createRootContainer, type DependencyContainer } from "./di.js";
import type { Env, EnvSpec } from "./env.js";
import { type EnvRegistration, EnvRegistry, type Options, type StoredEnv } from "./env-registry.js";
import { describeValue, GymkitError } from "./errors.js";
import type { TrainingEvents } from "./events.js";
import {
  type AnyEnv,
  aSlot,
  assertSlot,
  type EnvSpaces,
  type Need,
  type PartDefinition,
  type PartSpec,
  type PartType,
  type PresetDefinition,
  type RegisteredPart,
  type RegisteredPreset,
  SLOTS,
  type Slot,
} from "./parts.js";
import type { Plugin, PluginContext } from "./plugin.js";
import { RunScope, type RunScopeOptions } from "./run-scope.js";
import { type JsonSchema, toJsonSchema, type z } from "./schema.js";
import type { AutoresetMode, VectorEnv } from "./vector.js";

/** What `registry.create` may be given besides the options. */
export interface CreateContext extends RunScopeOptions {
  /** The env whose spaces size the part (buffers, agents), or the spaces themselves. */
  env?: EnvSpaces | undefined;
  /** Config path for messages. @default the slot's name */
  path?: string | undefined;
}

/** One registered id of a slot, described for references and editors (`registry.catalog`). */
export interface PartInfo {
  readonly id: string;
  readonly description: string | undefined;
  readonly plugin: string | undefined;
  /** JSON Schema of its options (what a config may write). */
  readonly options: JsonSchema | undefined;
  /** Parts it takes, by config key. */
  readonly needs: Readonly<Record<string, Need>>;
  /** Set for a preset: the part it configures and the fragment merged under the user's options. */
  readonly preset:
    | { readonly base: string; readonly fragment: Readonly<Record<string, unknown>> }
    | undefined;
}

/** Options of `registry.compose`. */
export interface ComposeOptions {
  /** Use these events instead of a fresh emitter (e.g. to listen before the run starts). */
  events?: TrainingEvents | undefined;
}

/**
 * Named parts per slot, env registration and `make` like Gymnasium's, and `compose`, the one
 * function that builds a run from a config. Each registry owns its own root container.
 */
export class Registry {
  private readonly root: DependencyContainer = createRootContainer();
  private readonly catalogue = new Catalogue();
  private readonly envs = new EnvRegistry();
  private readonly usedPlugins = new Map<string, Plugin>();

  /**
   * Calls `plugin.register` with a context that can only add parts, presets and envs. What it
   * adds takes effect when `register` returns; if it throws, nothing it added stays and the
   * error names the plugin. Accepts a module namespace with a default export too.
   */
  use(plugin: Plugin | { default: Plugin }): this {
    const p =
      typeof plugin === "object" && plugin !== null && "register" in plugin
        ? plugin
        : (plugin as { default?: Plugin } | null | undefined)?.default;
    if (!p || typeof p.register !== "function" || typeof p.name !== "string" || p.name.length === 0) {
      throw new GymkitError(
        "GYMKIT_PLUGIN_FAILED",
        `registry.use: expected a plugin { name, register(context) } or a module default-exporting one, got ${describeValue(plugin)}.`,
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
    const parts: RegisteredPart[] = [];
    const presets: RegisteredPreset[] = [];
    const envs: StoredEnv[] = [];
    const context: PluginContext = {
      add: (part, options = {}) => {
        this.catalogue.checkPart(part as PartDefinition, options.override ?? false);
        if (!options.override && parts.some((q) => q.slot === part.slot && q.id === part.id)) {
          throw new GymkitError("GYMKIT_DUPLICATE_ID", `The plugin adds "${part.id}" twice.`);
        }
        parts.push({ ...(part as PartDefinition), plugin: p.name });
      },
      preset: (preset) => {
        this.catalogue.checkPreset(preset, parts);
        presets.push({ ...preset, plugin: p.name });
      },
      register: (registration, options = {}) => {
        const stored = this.envs.check(registration, options.override ?? false);
        if (!options.override && envs.some((e) => e.registration.id === registration.id)) {
          throw new GymkitError("GYMKIT_DUPLICATE_ID", `The plugin registers "${registration.id}" twice.`);
        }
        envs.push({ ...stored, plugin: p.name });
      },
    };
    try {
      const returned: unknown = p.register(context);
      if (typeof (returned as Promise<unknown> | undefined)?.then === "function") {
        (returned as Promise<unknown>).catch(() => undefined); // reported below, not as an unhandled rejection
        throw new Error(
          "register must be synchronous (it returned a promise); load what the plugin needs before registry.use",
        );
      }
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new GymkitError(
        "GYMKIT_PLUGIN_FAILED",
        `Plugin "${p.name}" failed to register: ${why} Nothing it registered was kept.`,
        { cause: e },
      );
    }
    for (const part of parts) this.catalogue.addPart(part);
    for (const preset of presets) this.catalogue.addPreset(preset);
    this.envs.commit(envs);
    this.usedPlugins.set(p.name, p);
    return this;
  }

  /** Names of the plugins in use. */
  plugins(): string[] {
    return [...this.usedPlugins.keys()];
  }

  /** Adds a part from code (plugins use their context's `add`). */
  add<S extends Slot, O extends z.ZodType>(
    part: PartDefinition<S, O>,
    options: { override?: boolean } = {},
  ): void {
    this.catalogue.checkPart(part as PartDefinition, options.override ?? false);
    this.catalogue.addPart({ ...(part as PartDefinition), plugin: undefined });
  }

  /** Adds a preset from code. */
  preset(preset: PresetDefinition): void {
    this.catalogue.checkPreset(preset);
    this.catalogue.addPreset({ ...preset, plugin: undefined });
  }

  /** Registers an env, as `gymnasium.register`. Throws if the id exists, unless `override`. */
  register(registration: EnvRegistration, options: { override?: boolean } = {}): void {
    this.envs.add(registration, undefined, options.override ?? false);
  }

  /** Registered ids of a slot, sorted (for `env`: the env ids). */
  ids(slot: Slot): string[] {
    assertSlot(slot);
    return slot === "env" ? this.envs.ids() : this.catalogue.ids(slot);
  }

  /** True when `id` is registered for `slot`. */
  has(slot: Slot, id: string): boolean {
    return this.ids(slot).includes(id);
  }

  /** The plugin that registered `id` of `slot`, if any. */
  providerOf(slot: Slot, id: string): string | undefined {
    assertSlot(slot);
    if (slot === "env") return this.envs.find(id)?.plugin;
    return (this.catalogue.findPreset(slot, id) ?? this.catalogue.find(slot, id))?.plugin;
  }

  /** The description a part, preset or env was registered with. */
  describe(slot: Slot, id: string): string | undefined {
    assertSlot(slot);
    if (slot === "env") return this.envs.find(id)?.registration.description;
    return (this.catalogue.findPreset(slot, id) ?? this.catalogue.find(slot, id))?.description;
  }

  /**
   * What is registered for a slot, for references and editors: each id with its description,
   * plugin, options (JSON Schema), the parts it needs and, for a preset, its base and fragment.
   */
  catalog(slot: Slot): PartInfo[] {
    assertSlot(slot);
    if (slot === "env") {
      return this.envs.ids().map((id) => {
        const stored = this.envs.get(id);
        const schema = this.envs.optionsSchema(id);
        return {
          id,
          description: stored.registration.description,
          plugin: stored.plugin,
          options: schema ? toJsonSchema(schema) : undefined,
          needs: {},
          preset: undefined,
        };
      });
    }
    return this.catalogue.ids(slot).map((id) => {
      const preset = this.catalogue.findPreset(slot, id);
      const part = this.catalogue.find(slot, preset ? preset.base : id)!;
      return {
        id,
        description: preset?.description ?? part.description,
        plugin: (preset ?? part).plugin,
        options: toJsonSchema(part.options),
        needs: Object.fromEntries(Object.entries(part.needs ?? {}).map(([k, n]) => [k, { ...n }])),
        preset: preset ? { base: preset.base, fragment: preset.fragment } : undefined,
      };
    });
  }

  /** The spec of a registered env, before any options are applied. */
  spec(id: string): EnvSpec {
    return this.envs.spec(id);
  }

  /**
   * Runs the env's asynchronous set-up (its registration's `prepare`, e.g. loading a physics
   * engine compiled to WebAssembly) once; `make` and `makeVec` of such an env throw until it has
   * resolved. `compose` calls it for you. Resolves at once for envs without one.
   * @example
   * await registry.prepare("LunarLander-v3");
   * const env = registry.make("LunarLander-v3");
   */
  prepare(id: string): Promise<void>;
  /**
   * With a config: the whole run's set-up, as `compose` does it first (the env's `prepare`, then
   * every part's, e.g. the agent's TensorFlow.js backend), without building anything; so a CLI can
   * fail on a missing backend before it creates a run directory.
   */
  prepare(config: ExperimentConfig | Readonly<Record<string, unknown>>): Promise<void>;
  prepare(idOrConfig: string | ExperimentConfig | Readonly<Record<string, unknown>>): Promise<void> {
    if (typeof idOrConfig === "string") return this.envs.prepare(idOrConfig);
    return prepareRun(this.envs, this.resolve(idOrConfig));
  }

  /**
   * Builds a registered env wrapped like `gymnasium.make`:
   * `TimeLimit<OrderEnforcing<PassiveEnvChecker<Env>>>`. Make-level options: `maxEpisodeSteps`
   * (overrides the registered one) and `disableEnvChecker`; every other option goes to `entry`.
   */
  make<E extends AnyEnv = Env>(id: string, options: Options | null = {}): E {
    return this.envs.make<E>(id, options);
  }

  /**
   * `n` copies of a registered env stepped together. Uses the env's own batched implementation
   * when it registered one, else a `SyncVectorEnv` over `make`.
   */
  makeVec(id: string, numEnvs: number, options: Options & { autoresetMode?: AutoresetMode } = {}): VectorEnv {
    return this.envs.makeVec(id, numEnvs, options);
  }

  /**
   * Builds one part outside a composed run (tests, scripts): the options are validated like a
   * config's, presets apply, and the parts it needs are built from their defaults. The caller
   * owns what it gets. For a whole run, use `compose`.
   */
  create<S extends Exclude<Slot, "env">, I extends string>(
    slot: S,
    id: I,
    options: Options = {},
    context: CreateContext = {},
  ): PartType<S, I> {
    assertSlot(slot);
    if ((slot as Slot) === "env") return this.make(id, options) as unknown as PartType<S, I>;
    const kind = (options as { kind?: unknown } | null)?.kind;
    if (kind !== undefined && kind !== id) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `registry.create("${slot}", "${id}", options): options.kind is ${describeValue(kind)}, not "${id}"; name the id once (the second argument).`,
      );
    }
    const resolved = this.catalogue.resolve(slot, { ...options, kind: id }, context.path ?? slot);
    checkResolved(resolved, { budget: context.budget });
    const scope = this.scope(context);
    const spaces = context.env
      ? () => ({ observationSpace: context.env!.observationSpace, actionSpace: context.env!.actionSpace })
      : undefined;
    return buildPart(resolved, scope, spaces, []) as PartType<S, I>;
  }

  /**
   * Rebuilds a part from the files its `checkpoint()` wrote (a saved model, a bundle), through the
   * `load` its plugin registered: `id` is the part or preset the run named (its config's `kind`),
   * `spec` the part's spec as the run recorded it, when known. The caller owns what it gets.
   * @example const agent = await registry.load("agent", manifest.config.agent.kind, files, { source: "runs/x/model" });
   */
  async load<S extends Exclude<Slot, "env">, I extends string>(
    slot: S,
    id: I,
    files: CheckpointFiles,
    options: { source?: string | undefined; spec?: PartSpec | undefined } = {},
  ): Promise<PartType<S, I>> {
    assertSlot(slot);
    const where = options.source ?? "the files";
    const label = SLOTS[slot].label;
    const preset = this.catalogue.findPreset(slot, id);
    const part = this.catalogue.find(slot, preset ? preset.base : id);
    if (part === undefined) {
      throw new GymkitError(
        "GYMKIT_UNKNOWN_COMPONENT",
        `Cannot load ${where}: it holds ${aSlot(slot)} "${id}", which no plugin in use registers (${slot} ids: ${this.ids(slot).join(", ") || "none"}). Load the plugin that registers it.`,
      );
    }
    if (part.load === undefined) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Cannot load ${where}: the ${label} "${id}"${part.plugin ? ` (plugin "${part.plugin}")` : ""} registers no load(files, context), so it cannot be rebuilt from its saved files. Its plugin must add load to the part.`,
      );
    }
    return (await part.load(files, {
      registry: this,
      id,
      source: options.source,
      spec: options.spec,
    })) as PartType<S, I>;
  }

  /**
   * Checks a config against the registered envs and parts, merges presets and defaults under it,
   * and returns it resolved (plain data), with every error naming its full path.
   */
  resolve(config: ExperimentConfig | unknown): ResolvedExperiment {
    return resolveConfig(this.envs, this.catalogue, config);
  }

  /**
   * Builds a run from a config: the only place parts are composed. Dispose the run when done
   * (`await run.dispose()`); if building fails, what was built is disposed first.
   * @example
   * const run = await registry.compose({ env: "CartPole-v1", agent: "dqn", budget: { steps: 50_000 }, seed: 1 });
   * const result = await run.train();
   * await run.dispose();
   */
  async compose(config: ExperimentConfig | unknown, options: ComposeOptions = {}): Promise<Run> {
    const resolved = this.resolve(config);
    await prepareRun(this.envs, resolved); // the env's and every part's prepare, before anything is built
    const scope = this.scope({
      seed: resolved.config.seed,
      budget: resolved.config.budget,
      events: options.events,
    });
    return composeRun(this.envs, resolved, scope);
  }

  /**
   * JSON Schema (2020-12) of a whole experiment config for the parts and envs registered now:
   * it accepts what `resolve` accepts, with one `if kind is X` branch per id so that editors
   * point at the real key. `options` add env module prefixes and fragments merged over the config.
   */
  jsonSchema(options: ConfigSchemaOptions = {}): JsonSchema {
    return configJsonSchema(this.envs, this.catalogue, options);
  }

  /** A per-run child scope with its own seeds and events. */
  scope(options: RunScopeOptions = {}): RunScope {
    return new RunScope(this.root.createChildContainer(), options);
  }
}

export type { FilledSlot, Run };
