/**
 * The package-graph rules of docs/architecture.md, as a pure checker over import records, plus a
 * collector that reads the records from a repository checkout. Used by architecture.test.ts, which
 * runs once for the whole repository (turbo's root task `//#test:arch`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** One import (or declared dependency) of one package. */
export interface ImportRecord {
  /** The importing package's directory name under packages/, e.g. `core`. */
  package: string;
  /** Repo-relative path of the importing file, `/`-separated (a package.json for dependencies). */
  file: string;
  /** The imported package or module: `@gymkit/core`, `tsyringe`, `node:fs`, `./x.js`. */
  specifier: string;
  /** Dev-only code that is not shipped: a test file, a bench script, or a devDependency. */
  test: boolean;
  /** For a relative import within the package: the repo-relative path of the file it resolves to. */
  resolved?: string | undefined;
}

export interface Violation {
  rule: string;
  file: string;
  specifier: string;
  message: string;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** `node:fs`, `fs`, `fs/promises`: a module only Node has (a browser bundle cannot include it). */
export const isNodeBuiltin = (specifier: string): boolean =>
  specifier.startsWith("node:") ||
  builtinModules.includes(specifier) ||
  builtinModules.includes(packageOf(specifier));

const isRelative = (specifier: string) => specifier.startsWith(".");
/** `#register-gradients`: a subpath import, which the package's own "imports" map resolves. */
const isSubpathImport = (specifier: string) => specifier.startsWith("#");
/** `@gymkit/core/node`, `@gymkit/agent-dqn/node`: a Node-only entry point of one of ours. */
const isNodeEntry = (specifier: string) => /^@gymkit\/[^/]+\/node(\/|$)/.test(specifier);

/** Which rule governs what a package may import: every package must fall in one group. */
type Group = "core" | "tfjs" | "env-or-buffer" | "agent" | "loggers" | "runner";
export function groupOf(pkg: string): Group | undefined {
  if (pkg === "core") return "core";
  if (pkg === "tfjs") return "tfjs";
  if (pkg.startsWith("env-") || pkg === "replay-memory") return "env-or-buffer";
  if (pkg.startsWith("agent-")) return "agent";
  if (pkg === "loggers") return "loggers";
  if (pkg === "runner") return "runner";
  return undefined;
}
/** Groups whose main entry (`src/index.ts`) a browser page bundles. */
const BROWSER_SAFE: ReadonlySet<Group | undefined> = new Set(["core", "tfjs", "env-or-buffer", "agent"]);

/** What an agent package may ship imports of besides its own files and Node built-ins. */
const AGENT_MAY_IMPORT: ReadonlySet<string> = new Set([
  "@gymkit/core",
  "@gymkit/tfjs",
  "@tensorflow/tfjs-core",
]);

/**
 * The physics engine an env package is built on: the one third-party library it may ship an import
 * of, besides @gymkit/core (`env-box2d` runs Box2D's algorithms through planck).
 */
const ENV_ENGINES: Record<string, readonly string[]> = { "env-box2d": ["planck"] };

/**
 * The one runner file that may import plugin packages: it builds the default registry. Everything
 * else in the runner reaches agents, envs and buffers through that registry.
 */
const RUNNER_REGISTRY_FILE = "packages/runner/src/registry.ts";
/** `@gymkit/agent-*`, `@gymkit/env-*`, `@gymkit/replay-memory`: plugin packages of gymkit's own. */
const isPluginPackage = (name: string) =>
  /^@gymkit\/(agent-|env-)/.test(name) || name === "@gymkit/replay-memory";

/** Modules only one file may import, because the rest of gymkit must not depend on them directly. */
const CONFINED: Record<string, { rule: string; file: string }> = {
  tsyringe: { rule: "tsyringe-only-in-di", file: "packages/core/src/di.ts" },
  // di.ts loads it through reflect.ts, a module whose body is only that import (bundlers' order).
  "reflect-metadata": { rule: "tsyringe-only-in-di", file: "packages/core/src/reflect.ts" },
  eventemitter3: { rule: "eventemitter3-only-in-events", file: "packages/core/src/events.ts" },
  // One zod instance builds every schema (toJSONSchema and instanceof checks need that): plugins
  // and core's other files take `z` from @gymkit/core's schema.ts.
  zod: { rule: "zod-only-in-schema", file: "packages/core/src/schema.ts" },
};

/**
 * The graph rules (shipped code = src/ and package.json dependencies; dev-only code = tests,
 * bench scripts, devDependencies):
 * - `every-package-has-a-rule`: a package under packages/ that no rule below covers fails.
 * - `core-is-a-leaf`: @gymkit/core imports no other @gymkit package and no @tensorflow/* (any file).
 * - `zod-only-in-schema`: zod is imported only by packages/core/src/schema.ts; others use its `z`.
 * - `env-buffer-import-only-core`: env-* and replay-memory ship only imports of @gymkit/core, Node
 *   built-ins, their own files and (env-* only) their physics engine (`ENV_ENGINES`). Dev-only code
 *   may import more, e.g. to measure a batch's upload into a tensor.
 * - `tfjs-imports-only-core-and-tensorflow`: @gymkit/tfjs ships only imports of @gymkit/core,
 *   @tensorflow/*, Node built-ins and its own files.
 * - `agent-imports-only-core-and-tfjs`: agent-* ship only imports of @gymkit/core, @gymkit/tfjs,
 *   @tensorflow/tfjs-core, Node built-ins and their own files (never another agent-*, a backend or
 *   tfjs-node: backends are @gymkit/tfjs's business).
 * - `no-tfjs-umbrella`: no package depends on or imports `@tensorflow/tfjs` (layers, converter,
 *   data, webgl: ~220 MB of a user's install), not even in dev-only code; use
 *   `@tensorflow/tfjs-core` and the backends.
 * - `loggers-import-only-core`: loggers ship only imports of @gymkit/core, Node built-ins, their own
 *   files and third-party libraries they declare as dependencies (never TensorFlow.js or another
 *   gymkit package).
 * - `only-examples-import-runner`: no package imports @gymkit/runner (examples may).
 * - `runner-imports-no-plugin`: the runner's shipped code imports no agent-*, env-* or
 *   replay-memory module except in src/registry.ts, which builds its default registry (its
 *   package.json lists them for that file); runs, saved models and `gymkit eval` go through the
 *   registry (parts' `prepare`, `load`, `Run.checkpoint`).
 * - `main-entry-browser-safe`: nothing reachable by relative imports from src/index.ts of core,
 *   tfjs, env-*, replay-memory or agent-* imports a Node built-in or a gymkit Node entry (`…/node`).
 *   Node-only code lives behind src/node.ts or src/node/ (the package's "./node" export).
 * - `tsyringe-only-in-di` / `eventemitter3-only-in-events`: those libraries stay behind one file
 *   of core (core's package.json may list them).
 */
export function checkArchitecture(records: readonly ImportRecord[]): Violation[] {
  const violations: Violation[] = [];
  const fail = (r: ImportRecord, rule: string, why: string) =>
    violations.push({
      rule,
      file: r.file,
      specifier: r.specifier,
      message: `${r.file} imports "${r.specifier}": ${why}`,
    });
  const declared = new Map<string, Set<string>>();
  for (const r of records) {
    if (r.file === `packages/${r.package}/package.json` && !r.test) {
      declared.set(r.package, (declared.get(r.package) ?? new Set()).add(r.specifier));
    }
  }
  const unruled = new Set<string>();
  for (const r of records) {
    const name = packageOf(r.specifier);
    const ours = name.startsWith("@gymkit/");
    const tensorflow = name.startsWith("@tensorflow/");
    const own =
      isRelative(r.specifier) ||
      isSubpathImport(r.specifier) ||
      name === "@gymkit/core" ||
      name === `@gymkit/${r.package}`;
    const group = groupOf(r.package);
    if (group === undefined && !unruled.has(r.package)) {
      unruled.add(r.package);
      violations.push({
        rule: "every-package-has-a-rule",
        file: r.file,
        specifier: r.specifier,
        message: `packages/${r.package} has no architecture rule: add its group to groupOf() in test/architecture.ts and to docs/architecture.md.`,
      });
    }
    if (group === "core" && ((ours && name !== "@gymkit/core") || tensorflow)) {
      fail(r, "core-is-a-leaf", "@gymkit/core must not depend on other gymkit packages or on TensorFlow.js.");
    }
    const engine = ENV_ENGINES[r.package]?.includes(name) ?? false;
    if (group === "env-or-buffer" && !r.test && !own && !engine && !isNodeBuiltin(r.specifier)) {
      fail(
        r,
        "env-buffer-import-only-core",
        tensorflow
          ? `${r.package} must not use TensorFlow.js; only agent packages do.`
          : "an env or buffer package may import only @gymkit/core (an env package also its physics engine, listed in ENV_ENGINES).",
      );
    }
    if (group === "tfjs" && !r.test && !own && !tensorflow && !isNodeBuiltin(r.specifier)) {
      fail(
        r,
        "tfjs-imports-only-core-and-tensorflow",
        "@gymkit/tfjs may import only @gymkit/core and @tensorflow/*.",
      );
    }
    if (group === "agent" && !r.test && !own && !AGENT_MAY_IMPORT.has(name) && !isNodeBuiltin(r.specifier)) {
      fail(
        r,
        "agent-imports-only-core-and-tfjs",
        name.startsWith("@gymkit/agent-")
          ? "an agent package never imports another agent; what agents share lives in @gymkit/tfjs or @gymkit/core."
          : "an agent package may import only @gymkit/core, @gymkit/tfjs and @tensorflow/tfjs-core.",
      );
    }
    if (name === "@tensorflow/tfjs") {
      fail(
        r,
        "no-tfjs-umbrella",
        "depend on @tensorflow/tfjs-core and the backends (through @gymkit/tfjs), not the umbrella @tensorflow/tfjs.",
      );
    }
    if (group === "loggers" && !r.test && !own && !isNodeBuiltin(r.specifier)) {
      if (ours || tensorflow || !declared.get(r.package)?.has(name)) {
        fail(
          r,
          "loggers-import-only-core",
          ours || tensorflow
            ? "loggers may import @gymkit/core, Node built-ins and declared third-party libraries, never another gymkit package or TensorFlow.js."
            : `${name} is not in packages/${r.package}/package.json "dependencies"; declare it there.`,
        );
      }
    }
    if (
      group === "runner" &&
      !r.test &&
      isPluginPackage(name) &&
      r.file !== RUNNER_REGISTRY_FILE &&
      r.file !== "packages/runner/package.json"
    ) {
      fail(
        r,
        "runner-imports-no-plugin",
        `the runner reaches agents, envs and buffers through its registry; only ${RUNNER_REGISTRY_FILE} (the default registry) imports their packages. Use the part's prepare, load or Run.checkpoint instead.`,
      );
    }
    if (name === "@gymkit/runner" && r.package !== "runner") {
      fail(r, "only-examples-import-runner", "only examples/* may import @gymkit/runner.");
    }
    const confined = CONFINED[name];
    if (confined && r.file !== confined.file && r.file !== "packages/core/package.json") {
      fail(r, confined.rule, `only ${confined.file} may import ${name}; use what @gymkit/core exports.`);
    }
  }
  violations.push(...checkMainEntries(records));
  return violations;
}

/** `main-entry-browser-safe`: walks relative imports from each browser-safe package's src/index.ts. */
function checkMainEntries(records: readonly ImportRecord[]): Violation[] {
  const byFile = new Map<string, ImportRecord[]>();
  for (const r of records) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const violations: Violation[] = [];
  for (const pkg of new Set(records.map((r) => r.package))) {
    if (!BROWSER_SAFE.has(groupOf(pkg))) continue;
    const entry = `packages/${pkg}/src/index.ts`;
    /** Each reached file → the file that first imported it (the entry maps to itself). */
    const via = new Map<string, string>([[entry, entry]]);
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.shift()!;
      for (const r of byFile.get(file) ?? []) {
        if (r.resolved !== undefined && !via.has(r.resolved)) {
          via.set(r.resolved, file);
          queue.push(r.resolved);
        }
        if (!isNodeBuiltin(r.specifier) && !isNodeEntry(r.specifier)) continue;
        const chain = [file];
        while (chain[0] !== entry) chain.unshift(via.get(chain[0]!)!);
        violations.push({
          rule: "main-entry-browser-safe",
          file: r.file,
          specifier: r.specifier,
          message: `${r.file} imports "${r.specifier}": the main entry of @gymkit/${pkg} must be browser-safe, and it reaches this file (${chain.join(" → ")}). Move Node-only code behind src/node.ts (the package's "./node" export).`,
        });
      }
    }
  }
  return violations;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", "fixtures", ".turbo", ".vitest", "coverage"]);
const isDevFile = (file: string) =>
  /\.test(-d)?\.[cm]?[jt]sx?$/.test(file) || file.split("/").some((d) => d === "test" || d === "bench");

function* sourceFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Hidden directories hold tool state or other commits' sources (bench/.ab for A/B runs).
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith("."))
        yield* sourceFiles(join(dir, entry.name));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      yield join(dir, entry.name);
    }
  }
}

/** The source file a relative import names (`./x.js` is `./x.ts` under NodeNext), if it exists. */
function resolveSource(path: string): string | undefined {
  const base = path.replace(/\.([cm]?)js(x?)$/, ".$1ts$2");
  for (const candidate of [path, base, `${base}.ts`, join(base, "index.ts")]) {
    if (SOURCE.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * Every import in packages/<pkg>/{src,test,bench} and every dependency in packages/<pkg>/package.json,
 * under the repository `root`. A relative import that reaches into another package's directory is
 * recorded as an import of `@gymkit/<that package>`; one within the package records the file it
 * resolves to.
 */
export function collectImports(root: string): ImportRecord[] {
  const records: ImportRecord[] = [];
  const packagesDir = join(root, "packages");
  const toRepo = (p: string) => relative(root, p).split(sep).join("/");
  for (const pkg of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    const pkgDir = join(packagesDir, pkg.name);
    for (const sub of ["src", "test", "bench"]) {
      for (const path of sourceFiles(join(pkgDir, sub))) {
        const file = toRepo(path);
        const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
        for (const { fileName } of importedFiles) {
          let specifier = fileName;
          let resolved: string | undefined;
          if (isRelative(fileName)) {
            const absolute = resolve(dirname(path), fileName);
            const target = toRepo(absolute).split("/");
            if (target[0] === "packages" && target[1] !== undefined && target[1] !== pkg.name) {
              specifier = `@gymkit/${target[1]}`;
            } else {
              const found = resolveSource(absolute);
              resolved = found === undefined ? undefined : toRepo(found);
            }
          }
          records.push({
            package: pkg.name,
            file,
            specifier,
            test: isDevFile(file),
            ...(resolved === undefined ? {} : { resolved }),
          });
        }
      }
    }
    const manifest = join(pkgDir, "package.json");
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, "utf8")) as Record<
        string,
        Record<string, string> | undefined
      >;
      const file = toRepo(manifest);
      for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]) {
        for (const dep of Object.keys(json[field] ?? {})) {
          records.push({ package: pkg.name, file, specifier: dep, test: field === "devDependencies" });
        }
      }
    }
  }
  return records;
}
