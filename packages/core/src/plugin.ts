import type { EnvRegistration } from "./env-registry.js";
import type { PartDefinition, PresetDefinition, Slot } from "./parts.js";
import type { z } from "./schema.js";

/**
 * What a plugin may do while it registers: add parts, presets and envs, nothing else. What it
 * adds takes effect only when `register` returns; if it throws, nothing it added stays.
 */
export interface PluginContext {
  /** Adds a named part (a buffer kind, a target-sync strategy, an agent, a logger, ...). */
  add<S extends Slot, O extends z.ZodType>(
    part: PartDefinition<S, O>,
    options?: { override?: boolean },
  ): void;
  /** Adds a preset: a named config fragment merged under what the user writes. */
  preset(preset: PresetDefinition): void;
  /** Registers an env, as `gymnasium.register`. */
  register(registration: EnvRegistration, options?: { override?: boolean }): void;
}

/**
 * A package's contribution to a registry: envs, buffers, agents, ... A package default-exports
 * one. Nothing registers at import time: `registry.use(plugin)` calls `register`.
 */
export interface Plugin {
  /** Unique, kebab-case (the package name without scope). Shown in errors. */
  readonly name: string;
  /** Add parts and envs. Do not build anything here: no run exists yet. */
  register(context: PluginContext): void;
}

/** Identity helper that type-checks a plugin literal. */
export const definePlugin = (plugin: Plugin): Plugin => plugin;
