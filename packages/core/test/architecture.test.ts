import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkArchitecture, collectImports, type ImportRecord, packageOf } from "./architecture.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

const rec = (
  pkg: string,
  specifier: string,
  file = `packages/${pkg}/src/x.ts`,
  test = false,
): ImportRecord => ({
  package: pkg,
  file,
  specifier,
  test,
});
const rules = (records: ImportRecord[]) => checkArchitecture(records).map((v) => v.rule);

describe("architecture rules (the checker itself)", () => {
  it("catches every kind of forbidden import", () => {
    expect(rules([rec("core", "@gymkit/env-cartpole")])).toEqual(["core-is-a-leaf"]);
    expect(rules([rec("core", "@gymkit/agent-dqn/src/x.js", "packages/core/test/a.test.ts", true)])).toEqual([
      "core-is-a-leaf",
    ]);
    expect(rules([rec("core", "@tensorflow/tfjs")])).toEqual(["core-is-a-leaf"]);
    expect(rules([rec("env-cartpole", "@gymkit/replay-memory")])).toEqual(["env-buffer-import-only-core"]);
    expect(rules([rec("replay-memory", "@gymkit/agent-dqn")])).toEqual(["env-buffer-import-only-core"]);
    expect(rules([rec("replay-memory", "@tensorflow/tfjs-core", "packages/replay-memory/src/x.ts")])).toEqual(
      ["env-buffer-import-only-core"],
    );
    expect(rules([rec("loggers", "@gymkit/runner")])).toEqual(["only-examples-import-runner"]);
    expect(rules([rec("env-cartpole", "@gymkit/runner")])).toEqual([
      "env-buffer-import-only-core",
      "only-examples-import-runner",
    ]);
    expect(rules([rec("agent-dqn", "tsyringe")])).toEqual(["tsyringe-only-in-di"]);
    expect(rules([rec("core", "tsyringe", "packages/core/src/registry.ts")])).toEqual([
      "tsyringe-only-in-di",
    ]);
    expect(rules([rec("loggers", "eventemitter3")])).toEqual(["eventemitter3-only-in-events"]);
    expect(rules([rec("loggers", "eventemitter3", "packages/loggers/package.json")])).toEqual([
      "eventemitter3-only-in-events",
    ]);
    const [v] = checkArchitecture([rec("core", "@gymkit/runner", "packages/core/src/train.ts")]);
    expect(v?.message).toBe(
      'packages/core/src/train.ts imports "@gymkit/runner": @gymkit/core must not depend on other gymkit packages or on TensorFlow.js.',
    );
  });

  it("allows what the graph allows", () => {
    expect(
      checkArchitecture([
        rec("core", "node:fs"),
        rec("core", "pure-rand/generator/xoroshiro128plus"),
        rec("core", "tsyringe", "packages/core/src/di.ts"),
        rec("core", "eventemitter3", "packages/core/src/events.ts"),
        rec("core", "tsyringe", "packages/core/package.json"),
        rec("env-cartpole", "@gymkit/core"),
        rec("env-cartpole", "@gymkit/replay-memory", "packages/env-cartpole/src/x.test.ts", true),
        rec("replay-memory", "@tensorflow/tfjs", "packages/replay-memory/bench/index.ts", true),
        rec("replay-memory", "@gymkit/core"),
        rec("agent-dqn", "@gymkit/core"),
        rec("agent-dqn", "@tensorflow/tfjs-core"),
        rec("runner", "@gymkit/runner"),
        rec("runner", "@gymkit/agent-dqn"),
      ]),
    ).toEqual([]);
    expect(packageOf("@gymkit/core/src/x.js")).toBe("@gymkit/core");
    expect(packageOf("pure-rand/generator/x")).toBe("pure-rand");
  });
});

describe("architecture of this repository", () => {
  it("finds the imports of every package (the scan is not vacuous)", () => {
    const records = collectImports(REPO);
    expect(records).toContainEqual(rec("core", "tsyringe", "packages/core/src/di.ts"));
    expect(records).toContainEqual(rec("core", "eventemitter3", "packages/core/src/events.ts"));
    const packages = new Set(records.map((r) => r.package));
    for (const p of ["core", "env-cartpole", "replay-memory", "agent-dqn", "loggers", "runner"]) {
      expect(packages.has(p), `no imports found for packages/${p}`).toBe(true);
    }
  });

  it("follows the rules of docs/architecture.md", () => {
    expect(checkArchitecture(collectImports(REPO)).map((v) => v.message)).toEqual([]);
  });

  it("fails on a checkout with forbidden imports, also through a relative path", () => {
    const root = mkdtempSync(join(tmpdir(), "gymkit-arch-"));
    try {
      for (const [file, text] of Object.entries({
        "packages/core/src/bad.ts":
          'import { x } from "@gymkit/runner";\nexport const y = await import("@tensorflow/tfjs");',
        "packages/core/src/sneaky.ts": 'export { cartPole } from "../../env-cartpole/src/index.js";',
        "packages/core/src/fine.ts":
          '// import "@gymkit/runner" in a comment is not an import\nimport "./x.js";',
        "packages/env-cartpole/src/index.ts":
          'import type { Env } from "@gymkit/core";\nimport "@gymkit/loggers";',
        "packages/env-cartpole/package.json": JSON.stringify({ dependencies: { "@tensorflow/tfjs": "4" } }),
      })) {
        mkdirSync(join(root, file, ".."), { recursive: true });
        writeFileSync(join(root, file), text);
      }
      expect(
        checkArchitecture(collectImports(root)).map((v) => `${v.rule} ${v.file} ${v.specifier}`),
      ).toEqual([
        "core-is-a-leaf packages/core/src/bad.ts @gymkit/runner",
        "only-examples-import-runner packages/core/src/bad.ts @gymkit/runner",
        "core-is-a-leaf packages/core/src/bad.ts @tensorflow/tfjs",
        "core-is-a-leaf packages/core/src/sneaky.ts @gymkit/env-cartpole",
        "env-buffer-import-only-core packages/env-cartpole/src/index.ts @gymkit/loggers",
        "env-buffer-import-only-core packages/env-cartpole/package.json @tensorflow/tfjs",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
