/**
 * bullmq and ioredis are optional peer dependencies: only `compare --queue` and `gymkit worker`
 * load them, and without them those two say what to install while everything else works. Checked
 * three ways: the message (an importer that pretends a package is missing), the runner's static
 * imports (nothing the CLI reaches outside the queue paths imports them), and the CLI itself in a
 * process where Node cannot find them (test/hide-queue-peers.mjs).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GymkitError } from "@gymkit/core";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { gymkitArgs } from "../../test/cli-process.js";
import { type Importer, loadCoordinator, loadQueueWorker, queuePeers, requireQueuePeers } from "./load.js";

const runnerDir = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(runnerDir, "package.json"), "utf8")) as Record<
  string,
  Record<string, unknown>
>;

/** Node's error for a package that is not installed, as `import()` throws it. */
const notInstalled = (name: string) =>
  Object.assign(new Error(`Cannot find package '${name}' imported from ${runnerDir}src/queue/load.ts`), {
    code: "ERR_MODULE_NOT_FOUND",
  });
/** An importer without the given packages; everything else imports for real. */
const without =
  (...hidden: string[]): Importer =>
  async (specifier) => {
    if (hidden.includes(specifier)) throw notInstalled(specifier);
    return import(specifier);
  };
const messageOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(GymkitError);
  expect((e as GymkitError).code).toBe("GYMKIT_QUEUE_UNREACHABLE");
  return (e as GymkitError).message;
};

describe("package.json: bullmq and ioredis are optional peers", () => {
  it("declared as optional peerDependencies, not dependencies, and as devDependencies at the same ranges", () => {
    expect(pkg.dependencies).not.toHaveProperty("bullmq");
    expect(pkg.dependencies).not.toHaveProperty("ioredis");
    expect(pkg.peerDependencies).toEqual({ bullmq: "^6.7.6", ioredis: "^6.1.0" });
    expect(pkg.peerDependenciesMeta).toEqual({ bullmq: { optional: true }, ioredis: { optional: true } });
    expect(pkg.devDependencies).toMatchObject(pkg.peerDependencies!);
    expect(queuePeers()).toEqual(pkg.peerDependencies);
  });
});

describe("the message when they are missing", () => {
  it("both missing: compare --queue names both with the install line, nothing enqueued", async () => {
    expect(await messageOf(loadCoordinator(without("bullmq", "ioredis")))).toBe(
      "gymkit compare --queue needs bullmq and ioredis, which are not installed: the queue's libraries are optional peer dependencies of @gymkit/runner, used only by compare --queue and gymkit worker. Install them with: npm install bullmq@^6.7.6 ioredis@^6.1.0. Nothing was enqueued.",
    );
  });

  it("one missing: gymkit worker names only that one", async () => {
    expect(await messageOf(loadQueueWorker(without("ioredis")))).toBe(
      "gymkit worker needs ioredis, which is not installed: the queue's libraries are optional peer dependencies of @gymkit/runner, used only by compare --queue and gymkit worker. Install it with: npm install ioredis@^6.1.0. The worker did not start.",
    );
  });

  it("installed: the queue modules load", async () => {
    const coordinator = await loadCoordinator();
    expect(typeof coordinator.compareOnQueue).toBe("function");
    expect(typeof (await loadQueueWorker()).runWorker).toBe("function");
  });

  it("a package that is there but fails to load keeps its own error (not called 'not installed')", async () => {
    const broken = new Error(
      "Cannot find package 'msgpackr' imported from /x/node_modules/bullmq/dist/esm/index.js",
    );
    Object.assign(broken, { code: "ERR_MODULE_NOT_FOUND" });
    const importer: Importer = async (s) => {
      if (s === "bullmq") throw broken;
      return import(s);
    };
    await expect(requireQueuePeers("gymkit worker", "", importer)).rejects.toBe(broken);
  });
});

/** Static imports of a file that survive compilation: `import type` / `export type` are erased. */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return found;
}

/** Every runner source file reached from `entry` by static relative imports, with the chain to it. */
function reach(entry: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of staticImports(join(runnerDir, file))) {
      if (!specifier.startsWith(".")) continue;
      const target = relative(runnerDir, resolve(dirname(join(runnerDir, file)), specifier)).replace(
        /\.js$/,
        ".ts",
      );
      if (!chains.has(target)) {
        chains.set(target, [...chains.get(file)!, target]);
        queue.push(target);
      }
    }
  }
  return chains;
}

/** `file imports "bullmq" (a → b → file)` for each reached file that imports bullmq or ioredis statically. */
const queueImports = (entry: string) =>
  [...reach(entry)].flatMap(([file, chain]) =>
    staticImports(join(runnerDir, file))
      .filter((s) => /^(bullmq|ioredis)(\/|$)/.test(s))
      .map((s) => `${file} imports "${s}" (${chain.join(" → ")})`),
  );

describe("static imports: only the queue paths reach bullmq and ioredis", () => {
  // The CLI (bin.ts: every command), the package's API, and the run threads' entry.
  it.each(["src/bin.ts", "src/index.ts", "src/worker.ts"])(
    "nothing reached from %s imports them statically",
    (entry) => {
      expect(reach(entry).size).toBeGreaterThan(entry === "src/worker.ts" ? 1 : 10);
      expect(queueImports(entry)).toEqual([]);
    },
  );

  it("the walk finds them where they are: the coordinator and the worker reach redis.ts", () => {
    expect(queueImports("src/queue/coordinator.ts")).toEqual([
      'src/queue/redis.ts imports "bullmq" (src/queue/coordinator.ts → src/queue/redis.ts)',
      'src/queue/redis.ts imports "ioredis" (src/queue/coordinator.ts → src/queue/redis.ts)',
    ]);
    expect(queueImports("src/queue/queue-worker.ts")).toHaveLength(2);
  });
});

describe("the CLI where Node cannot find bullmq and ioredis (test/hide-queue-peers.mjs)", () => {
  const root = mkdtempSync(join(tmpdir(), "gymkit-no-queue-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const config = join(root, "tiny.yaml");
  writeFileSync(
    config,
    `name: tiny
env: CartPole-v1
agent: { kind: dqn, hidden: [8], learningStarts: 50, batchSize: 16 }
budget: { steps: 200 }
eval: { every: 200, episodes: 1 }
seeds: [0]
backend: cpu
`,
  );
  const hook = fileURLToPath(new URL("../../test/hide-queue-peers.mjs", import.meta.url));
  const gymkit = (...rest: string[]) =>
    spawnSync(process.execPath, ["--import", hook, ...gymkitArgs(...rest)], { encoding: "utf8" });

  it("gymkit train works", { timeout: 120_000 }, () => {
    const r = gymkit("train", config, "--out", join(root, "train"));
    expect(r.stderr).not.toMatch(/bullmq|ioredis/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tiny\/seed-0: 200 steps/);
  });

  it("gymkit compare --queue and gymkit worker say what to install, exit 1, and create no --out", {
    timeout: 120_000,
  }, () => {
    const install =
      "which are not installed: the queue's libraries are optional peer dependencies of @gymkit/runner, used only by compare --queue and gymkit worker. Install them with: npm install bullmq@^6.7.6 ioredis@^6.1.0.";
    const out = join(root, "queued");
    const c = gymkit("compare", config, "--out", out, "--queue", "redis://127.0.0.1:1");
    expect(c.stderr).toBe(
      `gymkit: gymkit compare --queue needs bullmq and ioredis, ${install} Nothing was enqueued.\n`,
    );
    expect(c.status).toBe(1);
    expect(existsSync(out)).toBe(false);
    const w = gymkit("worker", "--queue", "redis://127.0.0.1:1");
    expect(w.stderr).toBe(
      `gymkit: gymkit worker needs bullmq and ioredis, ${install} The worker did not start.\n`,
    );
    expect(w.status).toBe(1);
  });
});
