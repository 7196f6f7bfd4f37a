/**
 * Issue 19: plugins load the same way wherever runs run. In this repository @gymkit/core resolves
 * to TypeScript sources, so every plugin (a .mjs one too) needs the TypeScript loader: in the main
 * thread (--workers 0), in worker threads (--workers 2, the default mode) and in `gymkit worker`.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gymkit, killStarted, startGymkit } from "../test/cli-process.js";
import { startRedis, type TestRedis } from "../test/redis-server.js";

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const mjs = join(fixtures, "walk-plugin.mjs");
const ts = join(fixtures, "walk-plugin.ts");
const root = mkdtempSync(join(tmpdir(), "gymkit-threads-"));
const config = join(root, "threads.yaml");
// The env comes from the .mjs plugin; the .ts one and the package are imported and registered too.
writeFileSync(
  config,
  `name: threads
plugins: ["${mjs}", "${ts}", "gymkit-gridworld"]
env: WalkJs-v0
agent: { kind: dqn, hidden: [8], learningStarts: 50, batchSize: 16 }
budget: { steps: 200 }
eval: { every: 200, episodes: 2 }
backend: cpu
`,
);
let redis: TestRedis | undefined;
afterAll(async () => {
  killStarted();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

const outcome = (out: string, seed: number) => join(out, "threads", `seed-${seed}`, "outcome.json");

describe("a .mjs plugin importing @gymkit/core, a .ts plugin and a package plugin", () => {
  it.each([
    ["in the main thread", "0"],
    ["in worker threads", "2"],
  ])(
    "load and train %s",
    (_, workers) => {
      const out = join(root, `w${workers}`);
      const r = gymkit("train", config, "--out", out, "--workers", workers, "--seeds", "0,1");
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/gymkit:|Error/);
      expect(existsSync(outcome(out, 0)) && existsSync(outcome(out, 1))).toBe(true);
    },
    300_000,
  );

  describe("in a queue worker", () => {
    beforeAll(async () => {
      redis = await startRedis();
    });
    it("load and train", async () => {
      const worker = startGymkit(
        "worker",
        "--queue",
        redis!.url,
        "--concurrency",
        "1",
        "--allow-plugin",
        mjs,
        ts,
      );
      const out = join(root, "queue");
      const r = gymkit("compare", config, "--out", out, "--queue", redis!.url);
      worker.child.kill("SIGINT");
      await worker.exited;
      expect(r.status, r.stderr + worker.err).toBe(0);
      expect(worker.out).toContain("threads/seed-0 done (200 steps)");
      expect(existsSync(outcome(out, 0))).toBe(true);
    }, 300_000);
  });
});
