/**
 * Plugin loading: only what a config or the user names. A name is a package (imported as is) or a
 * path relative to the config file (`./my-env.js`). An env id `pkg:Name-v0` (Gymnasium's
 * `module:Env-v0`) names the package of its env. Failures name the plugin.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { GymkitError, type Plugin, Registry } from "@gymkit/core";
import { builtinRegistry } from "./registry.js";

/** A plugin named by a config, ready to import anywhere (a worker imports the same specifier). */
export interface PluginSpec {
  /** As the config wrote it. */
  readonly name: string;
  /** What `import()` takes: a package name, or a file URL for a path. */
  readonly specifier: string;
}

/** Which package and version a plugin came from, for manifests. */
export interface PluginOrigin {
  readonly plugin: string;
  readonly package: string;
  readonly version: string | undefined;
}

const isPath = (name: string) => name.startsWith(".") || isAbsolute(name);

/** Plugin names → import specifiers; paths are relative to `baseDir` (the config's directory). */
export function pluginSpecs(names: readonly string[], baseDir: string): PluginSpec[] {
  return names.map((name) => ({
    name,
    specifier: isPath(name) ? pathToFileURL(resolve(baseDir, name)).href : name,
  }));
}

/** `pkg:GridWorld-v0` → `{ module: "pkg", id: "GridWorld-v0" }`; a plain id has no module. */
export function splitEnvModule(id: string): { module: string | undefined; id: string } {
  const i = id.lastIndexOf(":");
  if (i <= 0) return { module: undefined, id };
  return { module: id.slice(0, i), id: id.slice(i + 1) };
}

/** Imports a plugin module and returns its plugin (default export, or `plugin`); failures name it. */
export async function importPlugin(spec: PluginSpec): Promise<Plugin> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(spec.specifier)) as Record<string, unknown>;
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new GymkitError(
      "GYMKIT_PLUGIN_FAILED",
      `Plugin "${spec.name}" could not be imported: ${why}. ${isPath(spec.name) ? "Check the path (relative to the config file)." : `Install it (npm install ${spec.name}) or fix the name.`}`,
      { cause: e },
    );
  }
  const plugin = (mod.default ?? mod.plugin) as Plugin | undefined;
  if (!plugin || typeof plugin.register !== "function") {
    throw new GymkitError(
      "GYMKIT_PLUGIN_FAILED",
      `Plugin "${spec.name}" has no plugin export: a plugin package default-exports { name, register(context) } (definePlugin from @gymkit/core).`,
    );
  }
  return plugin;
}

/**
 * The built-in registry plus the named plugins, in order. A plugin already in use (a built-in
 * named again) is skipped; one that fails to import or register is named in the error.
 */
export async function registryWith(specs: readonly PluginSpec[]): Promise<Registry> {
  const registry = builtinRegistry();
  for (const spec of specs) {
    const plugin = await importPlugin(spec);
    if (registry.plugins().includes(plugin.name)) continue;
    registry.use(plugin);
  }
  return registry;
}

/** Package name and version of a module specifier, when it can be found. */
export function originOf(plugin: string, specifier: string): PluginOrigin {
  try {
    const require = createRequire(import.meta.url);
    const base = specifier.startsWith("file:")
      ? new URL(specifier).pathname
      : require.resolve(`${specifier}/package.json`);
    let dir = dirname(base);
    for (let i = 0; i < 6; i++) {
      try {
        const pkg = JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        if (pkg.name) return { plugin, package: pkg.name, version: pkg.version };
      } catch {}
      dir = dirname(dir);
    }
  } catch {}
  return { plugin, package: specifier, version: undefined };
}

/** Used by tests and the worker: a fresh registry with no built-ins. */
export const emptyRegistry = () => new Registry();
