import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gymkit, killStarted, readOutcome, startGymkit, until } from "../../test/cli-process.js";
import { startRedis, type TestRedis } from "../../test/redis-server.js";
import { jobIdOf } from "./job.js";
import { connect, RedisCheckpoints } from "./redis.js";

const root = mkdtempSync(join(tmpdir(), "gymkit-queue-"));
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  killStarted();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

const config = join(root, "sweep.yaml");
writeFileSync(
  config,
  `name: sweep
env: CartPole-v1
agent: { kind: dqn, hidden: [32, 32], learningStarts: 200 }
budget: { steps: 4000 }
eval: { every: 1000, episodes: 3 }
checkpoint: { every: 500 }
seeds: [0, 1]
backend: cpu
`,
);

const worker = (...rest: string[]) =>
  startGymkit("worker", "--queue", redis.url, "--concurrency", "1", "--lock-ms", "2000", ...rest);
const outcome = (out: string, seed: number) => readOutcome(out, "sweep", seed);

describe("gymkit compare --queue with two gymkit workers (real redis-server)", () => {
  it("a worker killed with SIGKILL mid-run: its run resumes on the other worker from the Redis checkpoint; every run equals the local sweep on cpu", async () => {
    const local = join(root, "local");
    const l = gymkit("compare", config, "--out", local, "--workers", "2");
    expect(l.status, l.stderr).toBe(0);

    const out = join(root, "queued");
    const coordinator = startGymkit("compare", config, "--out", out, "--queue", redis.url);
    const a = worker();
    const b = worker();
    const store = new RedisCheckpoints(connect(redis.url));
    // The killed worker: whichever runs a job whose Redis checkpoint reached 1500 steps first.
    let killedJob = "";
    let killedAt = 0;
    await until(async () => {
      for (const w of [a, b]) {
        const m = /\(job (\S+)\) starts/.exec(w.out);
        if (!m) continue;
        const step = await store.step(m[1]!);
        if (step !== undefined && step >= 1500) {
          killedJob = m[1]!;
          killedAt = step;
          w.child.kill("SIGKILL");
          return true;
        }
      }
      return false;
    });
    const code = await coordinator.exited;
    expect(code, coordinator.err).toBe(0);
    const survivor = [a, b].find((w) => w.child.signalCode !== "SIGKILL")!;
    // The stalled job went to the surviving worker and resumed from a checkpoint, not from zero.
    const resumed = new RegExp(`\\(job ${killedJob}\\) resumes from its checkpoint at step (\\d+)`).exec(
      survivor.out,
    );
    expect(resumed, survivor.out).not.toBeNull();
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(killedAt);
    survivor.child.kill("SIGINT");
    expect(await survivor.exited).toBe(130);

    for (const seed of [0, 1]) {
      const q = outcome(out, seed);
      const ref = outcome(local, seed);
      expect(q.steps).toBe(ref.steps);
      expect(q.episodeReturns).toEqual(ref.episodeReturns);
      expect(q.evaluations.map((e) => [e.step, e.returns])).toEqual(
        ref.evaluations.map((e) => [e.step, e.returns]),
      );
      expect(q.dir).toBe(join(out, "sweep", `seed-${seed}`));
      for (const f of ["config.json", "metrics.jsonl", "progress.csv", "model/model.json"])
        expect(existsSync(join(out, "sweep", `seed-${seed}`, f)), f).toBe(true);
      // Written once: the resumed run's log has each evaluation exactly once.
      const evals = readFileSync(join(out, "sweep", `seed-${seed}`, "metrics.jsonl"), "utf8")
        .split("\n")
        .filter((line) => line.includes("eval/mean_reward"));
      expect(evals.length).toBe(ref.evaluations.length);
    }
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).variants.sweep.seeds).toEqual([0, 1]);
    expect(existsSync(join(out, "report.html"))).toBe(true);
    expect(jobIdOf("x", "sweep", 0)).toBe("x-sweep-s0");
  }, 900_000); // a hang guard: on a busy machine the two sweeps took 253 s
});
