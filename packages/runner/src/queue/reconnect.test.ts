/**
 * Redis restarted mid-sweep (issue #15): redis-server keeps its data in an append-only file, is
 * stopped (SIGTERM) while runs are active on two workers and started again on the same port; the
 * coordinator and workers reconnect and the sweep completes, equal to the local sweep on cpu. And a
 * worker stopped while Redis is down still exits, saying so.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliProcess,
  gymkit,
  killStarted,
  readOutcome,
  startGymkit,
  until,
} from "../../test/cli-process.js";
import { startRedis, type TestRedis } from "../../test/redis-server.js";
import { connect, RedisCheckpoints } from "./redis.js";

const root = mkdtempSync(join(tmpdir(), "gymkit-reconnect-"));
let redis: TestRedis;
beforeAll(async () => {
  const data = join(root, "redis-data");
  mkdirSync(data);
  redis = await startRedis([], { appendonlyDir: data });
});
afterAll(async () => {
  killStarted(); // a failed test leaves no process behind
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

const config = join(root, "sweep.yaml");
writeFileSync(
  config,
  `name: sweep
env: CartPole-v1
agent: { kind: dqn, hidden: [32, 32], learningStarts: 200 }
budget: { steps: 3000 }
eval: { every: 1000, episodes: 3 }
checkpoint: { every: 500 }
seeds: [0, 1]
backend: cpu
`,
);

const worker = () => startGymkit("worker", "--queue", redis.url, "--concurrency", "1", "--lock-ms", "2000");
const outcome = (out: string, seed: number) => readOutcome(out, "sweep", seed);

const LOST = "lost the connection to Redis";

/** Waits until a worker has started a job and that job has a checkpoint in Redis. */
async function untilCheckpointed(workers: CliProcess[]): Promise<void> {
  const probe = connect(redis.url);
  const store = new RedisCheckpoints(probe);
  try {
    await until(async () => {
      for (const w of workers) {
        for (const m of w.out.matchAll(/\(job (\S+)\) starts/g)) {
          if ((await store.step(m[1]!)) !== undefined) return true;
        }
      }
      return false;
    });
  } finally {
    probe.disconnect();
  }
}

describe("Redis restarted mid-sweep (real redis-server, append-only file)", () => {
  it("workers and coordinator reconnect; the sweep completes and equals the local sweep on cpu", async () => {
    const local = join(root, "local");
    const l = gymkit("compare", config, "--out", local, "--workers", "2");
    expect(l.status, l.stderr).toBe(0);

    const out = join(root, "queued");
    const coordinator = startGymkit("compare", config, "--out", out, "--queue", redis.url);
    const a = worker();
    const b = worker();
    await untilCheckpointed([a, b]);
    await redis.stop();
    // Mid-sweep: no run had come back to the coordinator when Redis went down.
    for (const seed of [0, 1])
      expect(existsSync(join(out, "sweep", `seed-${seed}`, "outcome.json"))).toBe(false);
    // Each process saw the outage before Redis comes back.
    await until(() => [coordinator, a, b].every((p) => p.err.includes(LOST)));
    await redis.start();

    const code = await coordinator.exited;
    expect(code, `${coordinator.out}\n${coordinator.err}\n${a.out}${a.err}\n${b.out}${b.err}`).toBe(0);
    for (const p of [coordinator, a, b]) expect(p.err).toContain(`reconnected to Redis at ${redis.url}`);
    for (const w of [a, b]) w.child.kill("SIGINT");
    expect(await a.exited, a.err).toBe(130);
    expect(await b.exited, b.err).toBe(130);

    for (const seed of [0, 1]) {
      const q = outcome(out, seed);
      const ref = outcome(local, seed);
      expect(q.steps).toBe(ref.steps);
      expect(q.episodeReturns).toEqual(ref.episodeReturns);
      expect(q.evaluations.map((e) => [e.step, e.returns])).toEqual(
        ref.evaluations.map((e) => [e.step, e.returns]),
      );
    }
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).variants.sweep.seeds).toEqual([0, 1]);
    expect(existsSync(join(out, "report.html"))).toBe(true);
  }, 300_000);

  it("a worker stopped while Redis is down exits, says so, and its run is retried by another worker once Redis is back", async () => {
    const out = join(root, "stopped-while-down");
    const coordinator = startGymkit("compare", config, "--out", out, "--queue", redis.url);
    const a = worker();
    await untilCheckpointed([a]);
    await redis.stop();
    await until(() => a.err.includes(LOST) && coordinator.err.includes(LOST));
    a.child.kill("SIGTERM");
    expect(await a.exited, a.err).toBe(130);
    expect(a.err).toContain(`could not reach Redis at ${redis.url}`);
    expect(a.err).toMatch(/leaving without putting sweep\/seed-\d back/);
    expect(a.err).toContain("another worker retries each from its last checkpoint in Redis");

    await redis.start();
    const b = worker();
    const code = await coordinator.exited;
    expect(code, `${coordinator.out}\n${coordinator.err}\n${a.out}${a.err}\n${b.out}${b.err}`).toBe(0);
    expect(b.out).toMatch(/resumes from its checkpoint at step \d+/);
    b.child.kill("SIGINT");
    expect(await b.exited, b.err).toBe(130);
    for (const seed of [0, 1]) expect(outcome(out, seed).steps).toBe(3000);
  }, 300_000);
});
