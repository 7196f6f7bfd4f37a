import type { Registry } from "./registry.js";

/**
 * A package's contribution to a registry: envs, buffers, agents, ... A package default-exports
 * one. Nothing registers at import time: `registry.use(plugin)` calls `register`.
 */
export interface Plugin {
  /** Unique, kebab-case (the package name without scope). Shown in errors. */
  readonly name: string;
  /** Add factories to the registry. Do not resolve or build anything here. */
  register(registry: Registry): void;
}

/** Identity helper that type-checks a plugin literal. */
export const definePlugin = (plugin: Plugin): Plugin => plugin;
