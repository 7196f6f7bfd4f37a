/**
 * The package-graph rules of docs/architecture.md, as a pure checker over import records, plus a
 * collector that reads the records from a repository checkout. Used by architecture.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
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

const isEnvOrBuffer = (pkg: string) => pkg.startsWith("env-") || pkg === "replay-memory";

/** Modules only one file may import, because the rest of gymkit must not depend on them directly. */
const CONFINED: Record<string, { rule: string; file: string }> = {
  tsyringe: { rule: "tsyringe-only-in-di", file: "packages/core/src/di.ts" },
  "reflect-metadata": { rule: "tsyringe-only-in-di", file: "packages/core/src/di.ts" },
  eventemitter3: { rule: "eventemitter3-only-in-events", file: "packages/core/src/events.ts" },
};

/**
 * The graph rules:
 * - `core-is-a-leaf`: @gymkit/core imports no other @gymkit package and no @tensorflow/*.
 * - `env-buffer-import-only-core`: the shipped code (src/, dependencies) of env-* and
 *   replay-memory imports no @gymkit package but core and no @tensorflow/*. Dev-only code (tests,
 *   bench scripts, devDependencies) may, e.g. to measure a batch's upload into a tensor.
 * - `only-examples-import-runner`: no package imports @gymkit/runner (examples may).
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
  for (const r of records) {
    const name = packageOf(r.specifier);
    const ours = name.startsWith("@gymkit/");
    const tensorflow = name.startsWith("@tensorflow/");
    if (r.package === "core" && ((ours && name !== "@gymkit/core") || tensorflow)) {
      fail(r, "core-is-a-leaf", "@gymkit/core must not depend on other gymkit packages or on TensorFlow.js.");
    }
    if (isEnvOrBuffer(r.package)) {
      if (tensorflow && !r.test) {
        fail(
          r,
          "env-buffer-import-only-core",
          `${r.package} must not use TensorFlow.js; only agent packages do.`,
        );
      } else if (ours && name !== "@gymkit/core" && name !== `@gymkit/${r.package}` && !r.test) {
        fail(r, "env-buffer-import-only-core", `an env or buffer package may import only @gymkit/core.`);
      }
    }
    if (name === "@gymkit/runner" && r.package !== "runner") {
      fail(r, "only-examples-import-runner", "only examples/* may import @gymkit/runner.");
    }
    const confined = CONFINED[name];
    if (confined && r.file !== confined.file && r.file !== "packages/core/package.json") {
      fail(r, confined.rule, `only ${confined.file} may import ${name}; use what @gymkit/core exports.`);
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
      if (!SKIP_DIRS.has(entry.name)) yield* sourceFiles(join(dir, entry.name));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      yield join(dir, entry.name);
    }
  }
}

/**
 * Every import in packages/<pkg>/{src,test,bench} and every dependency in packages/<pkg>/package.json,
 * under the repository `root`. A relative import that reaches into another package's directory is
 * recorded as an import of `@gymkit/<that package>`.
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
          if (fileName.startsWith(".")) {
            const target = toRepo(resolve(dirname(path), fileName)).split("/");
            if (target[0] === "packages" && target[1] !== undefined && target[1] !== pkg.name) {
              specifier = `@gymkit/${target[1]}`;
            }
          }
          records.push({ package: pkg.name, file, specifier, test: isDevFile(file) });
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
