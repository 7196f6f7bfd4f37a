import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  checkArchitecture,
  collectImports,
  type ImportRecord,
  isNodeBuiltin,
  packageOf,
} from "./architecture.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));

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
/** A relative import from `from` to `to` within `pkg`'s src/. */
const edge = (pkg: string, from: string, to: string): ImportRecord => ({
  package: pkg,
  file: `packages/${pkg}/src/${from}`,
  specifier: `./${to.replace(/\.ts$/, ".js")}`,
  test: false,
  resolved: `packages/${pkg}/src/${to}`,
});
const rules = (records: ImportRecord[]) => checkArchitecture(records).map((v) => v.rule);

describe("architecture rules (the checker itself)", () => {
  it("core-is-a-leaf", () => {
    expect(rules([rec("core", "@gymkit/env-cartpole")])).toEqual(["core-is-a-leaf"]);
    expect(rules([rec("core", "@gymkit/agent-dqn/src/x.js", "packages/core/test/a.test.ts", true)])).toEqual([
      "core-is-a-leaf",
    ]);
    expect(rules([rec("core", "@tensorflow/tfjs-core")])).toEqual(["core-is-a-leaf"]);
    expect(rules([rec("core", "@gymkit/tfjs")])).toEqual(["core-is-a-leaf"]);
    const [v] = checkArchitecture([rec("core", "@gymkit/runner", "packages/core/src/train.ts")]);
    expect(v?.message).toBe(
      'packages/core/src/train.ts imports "@gymkit/runner": @gymkit/core must not depend on other gymkit packages or on TensorFlow.js.',
    );
  });

  it("env-buffer-import-only-core", () => {
    expect(rules([rec("env-cartpole", "@gymkit/replay-memory")])).toEqual(["env-buffer-import-only-core"]);
    expect(rules([rec("replay-memory", "@gymkit/agent-dqn")])).toEqual(["env-buffer-import-only-core"]);
    expect(rules([rec("replay-memory", "@tensorflow/tfjs-core")])).toEqual(["env-buffer-import-only-core"]);
    expect(rules([rec("env-cartpole", "pngjs")])).toEqual(["env-buffer-import-only-core"]);
    // An env package may import its physics engine, and only that one.
    expect(rules([rec("env-box2d", "planck", "packages/env-box2d/src/world.ts")])).toEqual([]);
    expect(rules([rec("env-box2d", "planck", "packages/env-box2d/package.json")])).toEqual([]);
    expect(rules([rec("env-cartpole", "planck")])).toEqual(["env-buffer-import-only-core"]);
    expect(rules([rec("env-box2d", "box2d-wasm")])).toEqual(["env-buffer-import-only-core"]);
    expect(rules([rec("replay-memory", "planck")])).toEqual(["env-buffer-import-only-core"]);
    expect(rules([rec("env-grid", "lodash", "packages/env-grid/package.json")])).toEqual([
      "env-buffer-import-only-core",
    ]);
    expect(
      rules([
        rec("env-cartpole", "@gymkit/core"),
        rec("env-cartpole", "@gymkit/env-cartpole"),
        rec("env-cartpole", "./physics.js"),
        rec("replay-memory", "node:fs/promises", "packages/replay-memory/src/node.ts"),
        rec("env-cartpole", "pngjs", "packages/env-cartpole/src/render.test.ts", true),
        rec("env-cartpole", "@gymkit/replay-memory", "packages/env-cartpole/src/x.test.ts", true),
        rec("replay-memory", "@tensorflow/tfjs-core", "packages/replay-memory/bench/index.ts", true),
      ]),
    ).toEqual([]);
  });

  it("agent-imports-only-core-and-tfjs", () => {
    expect(rules([rec("agent-dqn", "@gymkit/replay-memory")])).toEqual(["agent-imports-only-core-and-tfjs"]);
    expect(rules([rec("agent-ppo", "lodash")])).toEqual(["agent-imports-only-core-and-tfjs"]);
    expect(rules([rec("agent-dqn", "@gymkit/loggers", "packages/agent-dqn/package.json")])).toEqual([
      "agent-imports-only-core-and-tfjs",
    ]);
    // Backends and tfjs-node are @gymkit/tfjs's to choose; agents see tfjs-core only.
    expect(rules([rec("agent-sac", "@tensorflow/tfjs-backend-wasm")])).toEqual([
      "agent-imports-only-core-and-tfjs",
    ]);
    expect(rules([rec("agent-dqn", "@tensorflow/tfjs-node", "packages/agent-dqn/package.json")])).toEqual([
      "agent-imports-only-core-and-tfjs",
    ]);
    const [other] = checkArchitecture([
      rec("agent-ppo", "@gymkit/agent-dqn", "packages/agent-ppo/src/ppo.ts"),
    ]);
    expect(other?.message).toBe(
      'packages/agent-ppo/src/ppo.ts imports "@gymkit/agent-dqn": an agent package never imports another agent; what agents share lives in @gymkit/tfjs or @gymkit/core.',
    );
    const [wasm] = checkArchitecture([rec("agent-ppo", "@tensorflow/tfjs-backend-wasm")]);
    expect(wasm?.message).toBe(
      'packages/agent-ppo/src/x.ts imports "@tensorflow/tfjs-backend-wasm": an agent package may import only @gymkit/core, @gymkit/tfjs and @tensorflow/tfjs-core.',
    );
    expect(
      rules([
        rec("agent-dqn", "@gymkit/core"),
        rec("agent-dqn", "@gymkit/core/node", "packages/agent-dqn/src/node.ts"),
        rec("agent-dqn", "node:path", "packages/agent-dqn/src/node.ts"),
        rec("agent-dqn", "@tensorflow/tfjs-core"),
        rec("agent-dqn", "@gymkit/tfjs"),
        rec("agent-dqn", "@gymkit/tfjs/node", "packages/agent-dqn/src/node.ts"),
        rec("agent-dqn", "@gymkit/tfjs", "packages/agent-dqn/package.json"),
        rec("agent-dqn", "@gymkit/tfjs/testing", "packages/agent-dqn/src/leak.test.ts", true),
        rec("agent-dqn", "@tensorflow/tfjs-layers", "packages/agent-dqn/bench/naive.ts", true),
        rec("agent-dqn", "@gymkit/replay-memory", "packages/agent-dqn/test/helpers.ts", true),
        rec("agent-dqn", "@gymkit/env-cartpole", "packages/agent-dqn/package.json", true),
      ]),
    ).toEqual([]);
  });

  it("tfjs-imports-only-core-and-tensorflow", () => {
    expect(rules([rec("tfjs", "@gymkit/replay-memory")])).toEqual(["tfjs-imports-only-core-and-tensorflow"]);
    expect(rules([rec("tfjs", "@gymkit/agent-dqn")])).toEqual(["tfjs-imports-only-core-and-tensorflow"]);
    expect(rules([rec("tfjs", "lodash", "packages/tfjs/package.json")])).toEqual([
      "tfjs-imports-only-core-and-tensorflow",
    ]);
    const [v] = checkArchitecture([rec("tfjs", "@gymkit/loggers", "packages/tfjs/src/mlp.ts")]);
    expect(v?.message).toBe(
      'packages/tfjs/src/mlp.ts imports "@gymkit/loggers": @gymkit/tfjs may import only @gymkit/core and @tensorflow/*.',
    );
    expect(
      rules([
        rec("tfjs", "@gymkit/core"),
        rec("tfjs", "@gymkit/core/node", "packages/tfjs/src/node.ts"),
        rec("tfjs", "node:fs/promises", "packages/tfjs/src/node.ts"),
        rec("tfjs", "@tensorflow/tfjs-core"),
        rec("tfjs", "@tensorflow/tfjs-backend-wasm"),
        rec("tfjs", "@tensorflow/tfjs-layers", "packages/tfjs/src/gradients/node.ts"),
        rec("tfjs", "@tensorflow/tfjs-node", "packages/tfjs/package.json"),
        rec("tfjs", "#register-gradients", "packages/tfjs/src/index.ts"),
        rec("tfjs", "./mlp.js"),
        rec("tfjs", "vitest", "packages/tfjs/src/mlp.test.ts", true),
      ]),
    ).toEqual([]);
  });

  it("no-tfjs-umbrella: not in shipped code, dev-only code or any manifest", () => {
    expect(rules([rec("tfjs", "@tensorflow/tfjs")])).toEqual(["no-tfjs-umbrella"]);
    expect(rules([rec("agent-dqn", "@tensorflow/tfjs", "packages/agent-dqn/bench/naive.ts", true)])).toEqual([
      "no-tfjs-umbrella",
    ]);
    expect(
      rules([rec("replay-memory", "@tensorflow/tfjs", "packages/replay-memory/package.json", true)]),
    ).toEqual(["no-tfjs-umbrella"]);
    const [v] = checkArchitecture([rec("runner", "@tensorflow/tfjs", "packages/runner/package.json")]);
    expect(v?.message).toBe(
      'packages/runner/package.json imports "@tensorflow/tfjs": depend on @tensorflow/tfjs-core and the backends (through @gymkit/tfjs), not the umbrella @tensorflow/tfjs.',
    );
    expect(rules([rec("runner", "@tensorflow/tfjs-core"), rec("runner", "@tensorflow/tfjs-node")])).toEqual(
      [],
    );
  });

  it("loggers-import-only-core: core, Node built-ins and declared third-party libraries", () => {
    const manifest = "packages/loggers/package.json";
    expect(rules([rec("loggers", "@gymkit/agent-dqn")])).toEqual(["loggers-import-only-core"]);
    expect(rules([rec("loggers", "@tensorflow/tfjs-core", manifest)])).toEqual(["loggers-import-only-core"]);
    expect(rules([rec("loggers", "@gymkit/tfjs")])).toEqual(["loggers-import-only-core"]);
    const [undeclared] = checkArchitecture([rec("loggers", "chalk/ansi")]);
    expect(undeclared?.message).toBe(
      'packages/loggers/src/x.ts imports "chalk/ansi": chalk is not in packages/loggers/package.json "dependencies"; declare it there.',
    );
    expect(
      rules([
        rec("loggers", "@gymkit/core"),
        rec("loggers", "node:fs"),
        rec("loggers", "chalk", manifest),
        rec("loggers", "chalk/ansi"),
        rec("loggers", "vitest", "packages/loggers/src/x.test.ts", true),
      ]),
    ).toEqual([]);
    // A devDependency is not a declared dependency of shipped code.
    expect(rules([rec("loggers", "chalk", manifest, true), rec("loggers", "chalk")])).toEqual([
      "loggers-import-only-core",
    ]);
  });

  it("runner-imports-no-plugin: agent-*, env-* and replay-memory only in the default registry's file", () => {
    const registry = "packages/runner/src/registry.ts";
    const manifest = "packages/runner/package.json";
    expect(
      rules([
        rec("runner", "@gymkit/agent-dqn", registry),
        rec("runner", "@gymkit/env-box2d", registry),
        rec("runner", "@gymkit/replay-memory", registry),
        rec("runner", "@gymkit/agent-dqn", manifest),
        rec("runner", "@gymkit/agent-dqn", "packages/runner/src/kill.test.ts", true),
        rec("runner", "@gymkit/tfjs"),
        rec("runner", "@gymkit/loggers"),
      ]),
    ).toEqual([]);
    const found = checkArchitecture([
      rec("runner", "@gymkit/agent-dqn/node", "packages/runner/src/run-one.ts"),
      rec("runner", "@gymkit/env-cartpole", "packages/runner/src/inspect.ts"),
      rec("runner", "@gymkit/replay-memory", "packages/runner/src/checkpoint.ts"),
    ]);
    expect(found.map((v) => v.rule)).toEqual([
      "runner-imports-no-plugin",
      "runner-imports-no-plugin",
      "runner-imports-no-plugin",
    ]);
    expect(found[0]!.message).toBe(
      'packages/runner/src/run-one.ts imports "@gymkit/agent-dqn/node": the runner reaches agents, envs and buffers through its registry; only packages/runner/src/registry.ts (the default registry) imports their packages. Use the part\'s prepare, load or Run.checkpoint instead.',
    );
  });

  it("only-examples-import-runner, and every package has a rule", () => {
    expect(rules([rec("loggers", "@gymkit/runner")])).toEqual([
      "loggers-import-only-core",
      "only-examples-import-runner",
    ]);
    expect(rules([rec("env-cartpole", "@gymkit/runner")])).toEqual([
      "env-buffer-import-only-core",
      "only-examples-import-runner",
    ]);
    expect(
      rules([
        rec("runner", "@gymkit/runner"),
        rec("runner", "@gymkit/agent-dqn", "packages/runner/src/registry.ts"),
        rec("runner", "yaml"),
      ]),
    ).toEqual([]);
    const found = checkArchitecture([rec("plotting", "@gymkit/core"), rec("plotting", "d3")]);
    expect(found.map((v) => v.message)).toEqual([
      "packages/plotting has no architecture rule: add its group to groupOf() in test/architecture.ts and to docs/architecture.md.",
    ]);
  });

  it("tsyringe-only-in-di, eventemitter3-only-in-events", () => {
    expect(rules([rec("core", "tsyringe", "packages/core/src/registry.ts")])).toEqual([
      "tsyringe-only-in-di",
    ]);
    expect(rules([rec("core", "reflect-metadata", "packages/core/src/plugin.ts")])).toEqual([
      "tsyringe-only-in-di",
    ]);
    expect(rules([rec("runner", "eventemitter3")])).toEqual(["eventemitter3-only-in-events"]);
    expect(rules([rec("core", "zod", "packages/core/src/config.ts")])).toEqual(["zod-only-in-schema"]);
    expect(rules([rec("core", "zod", "packages/core/src/schema.ts")])).toEqual([]);
    expect(rules([rec("runner", "eventemitter3", "packages/runner/package.json")])).toEqual([
      "eventemitter3-only-in-events",
    ]);
    expect(
      rules([
        rec("core", "tsyringe", "packages/core/src/di.ts"),
        rec("core", "eventemitter3", "packages/core/src/events.ts"),
        rec("core", "tsyringe", "packages/core/package.json"),
        rec("core", "zod", "packages/core/src/schema.ts"),
        rec("core", "pure-rand/generator/xoroshiro128plus"),
      ]),
    ).toEqual([]);
  });

  it("main-entry-browser-safe: follows relative imports from src/index.ts, not from the Node entry", () => {
    const graph = [
      edge("env-cartpole", "index.ts", "plugin.ts"),
      edge("env-cartpole", "plugin.ts", "render/svg.ts"),
      edge("env-cartpole", "node.ts", "files.ts"),
      rec("env-cartpole", "node:fs", "packages/env-cartpole/src/files.ts"),
      rec("env-cartpole", "node:path", "packages/env-cartpole/src/node.ts"),
    ];
    expect(rules(graph)).toEqual([]);
    const bad = checkArchitecture([
      ...graph,
      rec("env-cartpole", "zlib", "packages/env-cartpole/src/render/svg.ts"),
    ]);
    expect(bad.map((v) => v.message)).toEqual([
      'packages/env-cartpole/src/render/svg.ts imports "zlib": the main entry of @gymkit/env-cartpole must be browser-safe, and it reaches this file (packages/env-cartpole/src/index.ts → packages/env-cartpole/src/plugin.ts → packages/env-cartpole/src/render/svg.ts). Move Node-only code behind src/node.ts (the package\'s "./node" export).',
    ]);
    // The entry itself, a Node entry of ours, and the other browser-safe groups.
    expect(rules([rec("core", "node:crypto", "packages/core/src/index.ts")])).toEqual([
      "main-entry-browser-safe",
    ]);
    expect(
      rules([
        edge("agent-dqn", "index.ts", "io.ts"),
        rec("agent-dqn", "@gymkit/core/node", "packages/agent-dqn/src/io.ts"),
      ]),
    ).toEqual(["main-entry-browser-safe"]);
    expect(
      rules([edge("tfjs", "index.ts", "mlp.ts"), rec("tfjs", "node:fs", "packages/tfjs/src/mlp.ts")]),
    ).toEqual(["main-entry-browser-safe"]);
    expect(
      rules([
        edge("replay-memory", "index.ts", "node/index.ts"),
        rec("replay-memory", "fs/promises", "packages/replay-memory/src/node/index.ts"),
      ]),
    ).toEqual(["main-entry-browser-safe"]);
    // Loggers and the runner are Node-only packages.
    expect(
      rules([
        rec("loggers", "node:fs", "packages/loggers/src/index.ts"),
        rec("runner", "node:fs", "packages/runner/src/index.ts"),
      ]),
    ).toEqual([]);
    // A cycle ends.
    expect(rules([edge("core", "index.ts", "a.ts"), edge("core", "a.ts", "index.ts")])).toEqual([]);
  });

  it("helpers", () => {
    expect(packageOf("@gymkit/core/src/x.js")).toBe("@gymkit/core");
    expect(packageOf("pure-rand/generator/x")).toBe("pure-rand");
    expect(["node:fs", "fs", "fs/promises", "node:test", "crypto"].map(isNodeBuiltin)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["@gymkit/core", "./fs.js", "pngjs", "events-x"].map(isNodeBuiltin)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("architecture of this repository", () => {
  const records = collectImports(REPO);
  const found = checkArchitecture(records).map((v) => ({ key: `${v.rule} ${v.file} ${v.specifier}`, ...v }));

  it("finds the imports of every package (the scan is not vacuous)", () => {
    expect(records).toContainEqual(rec("core", "tsyringe", "packages/core/src/di.ts"));
    expect(records).toContainEqual(rec("core", "eventemitter3", "packages/core/src/events.ts"));
    expect(records).toContainEqual({
      ...rec("core", "./agent.js", "packages/core/src/index.ts"),
      resolved: "packages/core/src/agent.ts",
    });
    const packages = new Set(records.map((r) => r.package));
    for (const p of [
      "core",
      "tfjs",
      "env-cartpole",
      "env-classic-control",
      "env-box2d",
      "replay-memory",
      "agent-dqn",
      "loggers",
      "runner",
    ]) {
      expect(packages.has(p), `no imports found for packages/${p}`).toBe(true);
    }
  });

  it("follows the rules of docs/architecture.md", () => {
    expect(found.map((v) => v.message)).toEqual([]);
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
          'import type { Env } from "@gymkit/core";\nimport "@gymkit/loggers";\nexport * from "./deep/index.js";',
        "packages/env-cartpole/src/deep/index.ts": 'import { readFileSync } from "node:fs";',
        "packages/env-cartpole/src/node.ts": 'import { writeFile } from "node:fs/promises";',
        "packages/env-cartpole/package.json": JSON.stringify({ dependencies: { "@tensorflow/tfjs": "4" } }),
        "packages/tfjs/src/index.ts":
          'import "#register-gradients";\nexport * from "../../replay-memory/src/index.js";',
        // Another commit's sources for an A/B run: not this repository's code.
        "packages/agent-ppo/bench/.ab/src/old.ts": 'import * as tf from "@tensorflow/tfjs";',
        "packages/agent-ppo/src/index.ts":
          'import { DqnAgent } from "@gymkit/agent-dqn";\nimport "@gymkit/tfjs";',
        "packages/runner/src/registry.ts": 'import agentDqn from "@gymkit/agent-dqn";',
        "packages/runner/src/run-one.ts": 'import { saveAgent } from "@gymkit/agent-dqn/node";',
      })) {
        mkdirSync(join(root, file, ".."), { recursive: true });
        writeFileSync(join(root, file), text);
      }
      expect(
        checkArchitecture(collectImports(root)).map((v) => `${v.rule} ${v.file} ${v.specifier}`),
      ).toEqual([
        "agent-imports-only-core-and-tfjs packages/agent-ppo/src/index.ts @gymkit/agent-dqn",
        "core-is-a-leaf packages/core/src/bad.ts @gymkit/runner",
        "only-examples-import-runner packages/core/src/bad.ts @gymkit/runner",
        "core-is-a-leaf packages/core/src/bad.ts @tensorflow/tfjs",
        "no-tfjs-umbrella packages/core/src/bad.ts @tensorflow/tfjs",
        "core-is-a-leaf packages/core/src/sneaky.ts @gymkit/env-cartpole",
        "env-buffer-import-only-core packages/env-cartpole/src/index.ts @gymkit/loggers",
        "env-buffer-import-only-core packages/env-cartpole/package.json @tensorflow/tfjs",
        "no-tfjs-umbrella packages/env-cartpole/package.json @tensorflow/tfjs",
        "runner-imports-no-plugin packages/runner/src/run-one.ts @gymkit/agent-dqn/node",
        "tfjs-imports-only-core-and-tensorflow packages/tfjs/src/index.ts @gymkit/replay-memory",
        "main-entry-browser-safe packages/env-cartpole/src/deep/index.ts node:fs",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
