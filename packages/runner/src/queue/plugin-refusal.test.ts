import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gymkit, killStarted, startGymkit } from "../../test/cli-process.js";
import { freePort, startRedis, type TestRedis } from "../../test/redis-server.js";
import { refusePlugins } from "./job.js";

const root = mkdtempSync(join(tmpdir(), "gymkit-refuse-"));
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  killStarted();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});
const plugin = fileURLToPath(new URL("../../test/fixtures/walk-plugin.ts", import.meta.url));
const config = join(root, "walk.yaml");
writeFileSync(
  config,
  `name: walk
plugins: ["${plugin}"]
env: Walk-v0
agent: { kind: dqn, hidden: [8], learningStarts: 50 }
budget: { steps: 300 }
eval: { every: 300, episodes: 2 }
backend: cpu
`,
);

describe("a worker loads only plugins it has installed or allows", () => {
  it("refuses a job naming a plugin by path, says which and why, and runs nothing of it", async () => {
    const worker = startGymkit("worker", "--queue", redis.url, "--concurrency", "1");
    const r = gymkit("compare", config, "--out", join(root, "out"), "--queue", redis.url);
    worker.child.kill("SIGINT");
    await worker.exited;
    const out = worker.out + worker.err;
    expect(r.status, r.stdout).toBe(1);
    const jobId = /Job (\S+) refused/.exec(r.stderr)?.[1];
    expect(r.stderr).toContain(
      `gymkit: Run walk/seed-0 failed on a worker: Job ${jobId} refused: plugin "${plugin}" is not loaded, because it is a path, and this worker loads code only from packages installed here or from what its --allow-plugin lists. Allowed: installed packages. Nothing of the job was run.`,
    );
    expect(out).toContain(`refused: plugin "${plugin}"`);
    expect(out).not.toMatch(/starts|done/);
    expect(existsSync(join(root, "out", "walk", "seed-0", "outcome.json"))).toBe(false);
  }, 120_000);

  it("names URLs and packages not installed; lets through installed packages and what --allow-plugin lists", () => {
    const says = (plugins: string[], allowed: string[] = []) =>
      refusePlugins("j1", plugins, allowed, root)?.message;
    expect(says(["https://example.com/evil.js"])).toContain(
      'plugin "https://example.com/evil.js" is not loaded, because it is a URL',
    );
    expect(says(["file:///tmp/x.js"])).toContain("because it is a URL");
    expect(says(["/abs/plugin.js"])).toContain("because it is a path");
    expect(says(["gymkit-no-such-plugin"])).toBe(
      'Job j1 refused: plugin "gymkit-no-such-plugin" is not loaded, because it is not installed on this worker (npm install it here, or list it with --allow-plugin). Allowed: installed packages. Nothing of the job was run.',
    );
    expect(says(["@gymkit/env-cartpole", "@gymkit/agent-dqn"])).toBeUndefined();
    expect(says(["./walk-plugin.ts"], ["./walk-plugin.ts"])).toBeUndefined();
  });
});

describe("Redis unreachable at start", () => {
  it("compare and worker fail at once with an error naming the URL, its password redacted", async () => {
    const port = await freePort();
    const c = gymkit(
      "compare",
      config,
      "--out",
      join(root, "nowhere"),
      "--queue",
      `redis://127.0.0.1:${port}`,
    );
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`gymkit: Cannot reach Redis at redis://127.0.0.1:${port}: `);
    expect(c.stderr).toContain("Nothing was enqueued.");
    const w = gymkit("worker", "--queue", `redis://alice:s3cret@127.0.0.1:${port}`);
    expect(w.status).toBe(1);
    expect(w.stderr).toContain(`gymkit: Cannot reach Redis at redis://***@127.0.0.1:${port}: `);
    expect(w.stderr).toContain("The worker did not start.");
    expect(w.stderr + w.stdout).not.toContain("s3cret");
  }, 120_000);
});
