/**
 * Plugin loading: only what a config or the user names. A name is a package (imported as is) or a
 * path relative to the config file (`./my-env.js`, or a `file:` URL). An env id `pkg:Name-v0`
 * (Gymnasium's `module:Env-v0`) names the package of its env. Code that is not a package or a file
 * (`data:`, `http(s):`, Node's built-in modules) is refused, and so is a plugin whose name another
 * one already has. Failures name the plugin. In the main thread a watcher names a plugin that
 * does not finish loading, and Ctrl-C stops gymkit while one loads (see watchLoading).
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { GymkitError, type Plugin, Registry } from "@gymkit/core";
import { BUILTIN_PACKAGES } from "./manifest.js";
import { watchLoading } from "./plugin-watch.js";
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

/** What a plugin file may be: JavaScript, or TypeScript where a loader is in place. */
const MODULE_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"];
const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
const isPath = (name: string) => name.startsWith(".") || isAbsolute(name) || name.startsWith("file:");
/** `scheme:...`, but not a Windows drive (`C:\\x`) nor a scoped package (`@org/pkg`). */
const URL_SCHEME = /^([a-z][a-z\d+.-]+):/i;

/** Why a plugin name or specifier is not loaded, or undefined when it may be imported. */
function refusal(name: string, specifier: string): string | undefined {
  if (name.trim() === "")
    return "a plugin name is empty; name a package (gymkit-gridworld) or a path (./my-env.js)";
  const scheme = URL_SCHEME.exec(specifier)?.[1]?.toLowerCase();
  if (scheme === "node" || isBuiltin(specifier)) {
    return `it is one of Node's built-in modules, not a plugin; name a package or a file that default-exports definePlugin({ name, register })`;
  }
  if (scheme === "data") {
    return "it is a data: URL (code written into the name), and gymkit loads plugins only from installed packages and files; put the code in a file and name its path";
  }
  if (scheme !== undefined && scheme !== "file") {
    return `it is a ${scheme}: URL, and gymkit loads plugins only from installed packages and files, never from the network; install it (npm install) or download it and name its path`;
  }
  return undefined;
}

/** Throws the refusal of a plugin, when it has one. */
function assertLoadable(name: string, specifier: string): void {
  const why = refusal(name, specifier);
  if (why) {
    throw new GymkitError(
      "GYMKIT_PLUGIN_REFUSED",
      `Plugin ${JSON.stringify(name)} is not loaded: ${why}. Nothing was run.`,
    );
  }
}

/**
 * Plugin names → import specifiers; paths are relative to `baseDir` (the config's directory).
 * Names that are not packages or files (data:/http:/node: URLs, built-in modules, "") are refused.
 */
export function pluginSpecs(names: readonly string[], baseDir: string): PluginSpec[] {
  return names.map((name) => {
    assertLoadable(name, name);
    return {
      name,
      specifier: name.startsWith("file:")
        ? name
        : isPath(name)
          ? pathToFileURL(resolve(baseDir, name)).href
          : name,
    };
  });
}

/** `pkg:GridWorld-v0` → `{ module: "pkg", id: "GridWorld-v0" }`; a plain id has no module. */
export function splitEnvModule(id: string): { module: string | undefined; id: string } {
  const i = id.lastIndexOf(":");
  if (i <= 0) return { module: undefined, id };
  return { module: id.slice(0, i), id: id.slice(i + 1) };
}

/** Imports a plugin module and returns its plugin (default export, or `plugin`); failures name it. */
export async function importPlugin(spec: PluginSpec): Promise<Plugin> {
  // Specs also come from run manifests (gymkit eval), not only from pluginSpecs.
  assertLoadable(spec.name, spec.specifier);
  const file = spec.specifier.startsWith("file:") ? fileURLToPath(spec.specifier) : undefined;
  const ext = file === undefined ? "" : extname(file).toLowerCase();
  if (file !== undefined && ext !== "" && !MODULE_EXTENSIONS.includes(ext)) {
    throw new GymkitError(
      "GYMKIT_PLUGIN_FAILED",
      `Plugin "${spec.name}" could not be imported: it is a ${ext} file. A plugin is a JavaScript module (.js or .mjs, or TypeScript when gymkit runs from its sources) that default-exports definePlugin({ name, register }); an experiment file goes to gymkit train.`,
    );
  }
  if (file !== undefined && isDirectory(file)) {
    throw new GymkitError(
      "GYMKIT_PLUGIN_FAILED",
      `Plugin "${spec.name}" could not be imported: it is a directory. Name the module file in it (e.g. its index.js), or install it as a package and name the package.`,
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(spec.specifier)) as Record<string, unknown>;
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    const code = (e as NodeJS.ErrnoException).code;
    const todo =
      code === "ERR_UNKNOWN_FILE_EXTENSION"
        ? "Node cannot import this file type here (TypeScript, without gymkit's loader): compile the plugin to JavaScript (.js or .mjs) and name that file."
        : isPath(spec.name)
          ? "Check the path (relative to the config file)."
          : `Install it (npm install ${spec.name}) or fix the name.`;
    throw new GymkitError(
      "GYMKIT_PLUGIN_FAILED",
      `Plugin "${spec.name}" could not be imported: ${why?.replace(/ resolving ES modules imported from .*$/, "")}. ${todo}`,
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

/** Options of {@link registryWith}. */
export interface LoadOptions {
  /** Told before each plugin is imported (a worker thread tells the pool, which names it if it hangs). */
  onLoading?: ((spec: PluginSpec) => void) | undefined;
}

/**
 * The built-in registry plus the named plugins, in order. The same plugin named twice (a built-in
 * named again) is used once; another plugin with a name already in use is refused, as is one
 * that fails to import or register, each named in the error.
 */
export async function registryWith(
  specs: readonly PluginSpec[],
  options: LoadOptions = {},
): Promise<Registry> {
  const registry = builtinRegistry();
  const holders = new Map(
    registry.plugins().map((name) => [name, `gymkit's built-in plugin ${BUILTIN_PACKAGES[name] ?? name}`]),
  );
  // Watched: what has not loaded in this thread before (a run of --workers 0 loads again what
  // the command loaded, and keeps the command's Ctrl-C handling meanwhile).
  const watch = watchLoading(
    specs.filter((s) => !isBuiltinPackage(s.specifier) && !loadedHere.has(s.specifier)).map((s) => s.name),
  );
  try {
    for (const spec of specs) {
      options.onLoading?.(spec);
      watch.loading(spec.name);
      const plugin = await importPlugin(spec);
      const holder = holders.get(plugin.name);
      try {
        registry.use(plugin); // the very plugin already in use: nothing happens
      } catch (e) {
        // The one GYMKIT_DUPLICATE_ID that use() throws itself (a part's or env's comes wrapped).
        if (holder === undefined || !(e instanceof GymkitError) || e.code !== "GYMKIT_DUPLICATE_ID") throw e;
        throw new GymkitError(
          "GYMKIT_DUPLICATE_ID",
          `Plugin "${spec.name}" is named "${plugin.name}", like ${holder}; plugin names are unique (they say who registered each part), so it is not loaded. Rename it (the name in its definePlugin({ name }))${holder.startsWith("plugin") ? ", or name only one of the two" : ""}.`,
          { cause: e },
        );
      }
      holders.set(plugin.name, holder ?? `plugin "${spec.name}"`);
      loadedHere.add(spec.specifier);
    }
  } finally {
    watch.done();
  }
  return registry;
}

/** Specifiers whose import and register() have returned in this thread once. */
const loadedHere = new Set<string>();

/** gymkit's own plugin packages, already in every registry (no need to watch them load). */
const isBuiltinPackage = (specifier: string) => Object.values(BUILTIN_PACKAGES).includes(specifier);

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
