/**
 * The run manifest, `config.json` beside the logs: the resolved config, which implementation
 * filled every slot (and from which package and version), the seed, the backend, Node, OS/CPU and
 * the git commit of the working tree when there is one. Written atomically.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { arch, cpus, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Run } from "@gymkit/core";
import { writeFileAtomic } from "@gymkit/core/node";
import type { RunTask } from "./run-one.js";

/** Package names of gymkit's own plugins (plugin name → package). */
export const BUILTIN_PACKAGES: Readonly<Record<string, string>> = {
  "env-cartpole": "@gymkit/env-cartpole",
  "env-classic-control": "@gymkit/env-classic-control",
  "env-box2d": "@gymkit/env-box2d",
  "replay-memory": "@gymkit/replay-memory",
  "agent-dqn": "@gymkit/agent-dqn",
  loggers: "@gymkit/loggers",
};

let commit: string | null | undefined;
/** The git commit of the working directory (with `+dirty` when it has changes), or null. */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  try {
    const head = execFileSync("git", ["rev-parse", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    commit = dirty ? `${head}+dirty` : head;
  } catch {
    commit = null;
  }
  return commit;
}

/** Version of an installed package, from its package.json next to where it resolves. */
export function packageVersion(pkg: string): string | undefined {
  try {
    let dir = dirname(fileURLToPath(import.meta.resolve(pkg)));
    for (let i = 0; i < 5; i++) {
      try {
        const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        if (json.name === pkg) return json.version;
      } catch {}
      dir = dirname(dir);
    }
  } catch {}
  return undefined;
}

/** The versions that shape a run's numbers. */
export function versions(): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { node: process.versions.node };
  for (const pkg of [
    ...Object.values(BUILTIN_PACKAGES),
    "@gymkit/core",
    "@gymkit/runner",
    "@gymkit/tfjs",
    "@tensorflow/tfjs-core",
  ]) {
    out[pkg] = packageVersion(pkg);
  }
  return out;
}

/** Writes `config.json` into the run directory. */
export async function writeManifest(
  dir: string,
  info: { task: RunTask; run: Run; backend: string; resumedFrom: number | undefined },
): Promise<void> {
  const { task, run } = info;
  const packageOf = (plugin: string | undefined) => {
    if (plugin === undefined) return undefined;
    const spec = task.plugins.find((p) => p.name === plugin);
    return BUILTIN_PACKAGES[plugin] ?? spec?.name ?? plugin;
  };
  const manifest = {
    variant: task.spec.variant,
    seed: task.spec.seed,
    config: run.config,
    slots: run.filled.map((f) => {
      const pkg = packageOf(f.plugin);
      return { ...f, package: pkg, version: pkg ? packageVersion(pkg) : undefined };
    }),
    plugins: task.plugins,
    backend: info.backend,
    checkpointEvery: task.spec.checkpointEvery,
    resumedFrom: info.resumedFrom ?? null,
    versions: versions(),
    system: {
      os: `${platform()} ${release()}`,
      arch: arch(),
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
    },
    git: gitCommit(),
    writtenAt: new Date().toISOString(),
  };
  await writeFileAtomic(join(dir, "config.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}
