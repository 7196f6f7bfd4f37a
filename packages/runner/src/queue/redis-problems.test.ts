/**
 * Issue 19: what goes wrong with Redis is said as it is (NOAUTH, WRONGPASS, a database the server
 * does not have, a read-only replica, a full server, an IPv6 address to an IPv4-only server, what
 * is not Redis), and nothing hangs: a worker stopped while Redis is gone exits.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gymkit, killStarted, startGymkit, until } from "../../test/cli-process.js";
import { freePort, startRedis, type TestRedis } from "../../test/redis-server.js";
import { assertReachable, parseQueueUrl } from "./redis.js";

const root = mkdtempSync(join(tmpdir(), "gymkit-redis-problems-"));
const servers: TestRedis[] = [];
let locked: TestRedis;
beforeAll(async () => {
  locked = await startRedis(["--requirepass", "s3cret"]);
  servers.push(locked);
});
afterAll(async () => {
  killStarted();
  for (const s of servers) await s.stop();
  rmSync(root, { recursive: true, force: true });
});

/** What assertReachable says of a URL (the worker's and the coordinator's first check). */
async function says(url: string): Promise<string> {
  try {
    await assertReachable(url, "The worker did not start.");
    return "reachable";
  } catch (e) {
    return (e as Error).message;
  }
}

const at = (auth: string, path = "") => `redis://${auth}127.0.0.1:${locked.port}${path}`;

describe("Redis refusing us says why", () => {
  it("no password, a wrong password, a wrong user", async () => {
    expect(await says(at(""))).toBe(
      `Redis at ${at("")} requires a password (NOAUTH), and the URL gives none: pass it as redis://:<password>@127.0.0.1:${locked.port} (redis://<user>:<password>@... for an ACL user). The worker did not start.`,
    );
    expect(await says(at(":wrong@"))).toBe(
      `Redis at ${at("***@")} refused the password in the URL (WRONGPASS: invalid username-password pair or user is disabled): check them. The worker did not start.`,
    );
    expect(await says(at("alice:s3cret@"))).toContain("refused the user and password in the URL (WRONGPASS");
    expect(await says(at(":s3cret@"))).toBe("reachable");
  });

  it("a database the server does not have, and one that is not a number", async () => {
    expect(await says(at(":s3cret@", "/99"))).toBe(
      `Redis at ${at("***@", "/99")} has no database 99 (this server has 16: 0 to 15): ERR DB index is out of range. Pass a database it has, e.g. ${at("***@", "/0")}. The worker did not start.`,
    );
    expect(await says(at(":s3cret@", "/15"))).toBe("reachable");
    expect(() => parseQueueUrl(at(":s3cret@", "/abc"), "The worker did not start.")).toThrow(
      `--queue ${at("***@", "/abc")}: the database "abc" is not a number; expected redis://[user:password@]host:port[/db] or rediss://... (TLS), e.g. redis://host:6379/0. The worker did not start.`,
    );
    expect(() => parseQueueUrl(at(":s3cret@", "/1/2"))).toThrow('the database "1/2" is not a number');
  });

  it("a read-only replica and a server out of memory", async () => {
    const replica = await startRedis([
      "--replicaof",
      "127.0.0.1",
      String(locked.port),
      "--masterauth",
      "s3cret",
    ]);
    servers.push(replica);
    expect(await says(replica.url)).toBe(
      `Redis at ${replica.url} is a read-only replica (READONLY You can't write against a read only replica): pass its primary's URL. The worker did not start.`,
    );
    const full = await startRedis(["--maxmemory", "100kb", "--maxmemory-policy", "noeviction"]);
    servers.push(full);
    expect(await says(full.url)).toBe(
      `Redis at ${full.url} is out of memory (OOM command not allowed when used memory > 'maxmemory'): raise its maxmemory or free keys it holds. The worker did not start.`,
    );
  });

  it("an IPv6 address to a server bound to IPv4 only; a port where something else answers", async () => {
    const v6 = `redis://[::1]:${locked.port}`;
    expect(await says(v6)).toMatch(
      new RegExp(
        `^Cannot reach Redis at redis://\\[::1\\]:${locked.port}: .* \\[::1\\] is an IPv6 address, and a Redis bound to IPv4 only \\(bind 127\\.0\\.0\\.1\\) is not reachable through it: try its IPv4 address\\. The worker did not start\\.$`,
      ),
    );
    const http = createServer((s) => s.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    const port = await freePort();
    await new Promise<void>((r) => http.listen(port, "127.0.0.1", r));
    try {
      expect(await says(`redis://127.0.0.1:${port}`)).toMatch(
        /^What answers at redis:\/\/127\.0\.0\.1:\d+ is not Redis \(.*: a reply Redis never sends, e\.g\. from an HTTP server\): check the port\. The worker did not start\.$/,
      );
    } finally {
      http.close();
    }
  });

  it("the CLI says it, for worker and compare, and creates nothing", () => {
    const w = gymkit("worker", "--queue", at(":wrong@"));
    expect(w.status).toBe(1);
    expect(w.stderr.trim()).toBe(
      `gymkit: Redis at ${at("***@")} refused the password in the URL (WRONGPASS: invalid username-password pair or user is disabled): check them. The worker did not start.`,
    );
    const config = join(root, "q.yaml");
    writeFileSync(
      config,
      "env: CartPole-v1\nagent: { kind: dqn, learningStarts: 100 }\nbudget: { steps: 300 }\neval: { every: 300, episodes: 2 }\n",
    );
    const c = gymkit("compare", config, "--out", join(root, "out"), "--queue", at(":s3cret@", "/abc"));
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`gymkit: --queue ${at("***@", "/abc")}: the database "abc" is not a number`);
    expect(c.stderr).not.toContain("s3cret");
  }, 120_000);
});

describe("stopped while Redis is gone, nothing hangs", () => {
  it("gymkit compare --queue: Ctrl-C ends the wait (every Redis call waited for ever)", async () => {
    const redis = await startRedis();
    servers.push(redis);
    const config = join(root, "wait.yaml");
    writeFileSync(
      config,
      "env: CartPole-v1\nagent: { kind: dqn, learningStarts: 100 }\nbudget: { steps: 300 }\neval: { every: 300, episodes: 2 }\n",
    );
    const coordinator = startGymkit("compare", config, "--out", join(root, "wait"), "--queue", redis.url);
    await until(() => coordinator.out.includes("Start workers with"));
    await redis.stop();
    await until(() => coordinator.err.includes("lost the connection to Redis"));
    coordinator.child.kill("SIGINT");
    expect(await coordinator.exited).toBe(130);
    expect(coordinator.err).toContain("Stopped waiting.");
  }, 120_000);

  it("gymkit worker: exits, saying it leaves, also when it runs nothing (it hung for ever)", async () => {
    const redis = await startRedis();
    servers.push(redis);
    const worker = startGymkit("worker", "--queue", redis.url, "--concurrency", "1");
    await until(() => worker.out.includes("Ctrl-C stops."));
    await redis.stop();
    await until(() => worker.err.includes("lost the connection to Redis"));
    worker.child.kill("SIGINT");
    expect(await worker.exited).toBe(130);
    expect(worker.err).toContain("Stopping: current runs checkpoint and go back to the queue...");
    // With no run to put back, ioredis 6.1.0 lets BullMQ's close() end without Redis, at once; with
    // 6.0.0 it waited, and the worker left after 5 s unreachable, saying so. Either way it exits.
    const left = /could not reach Redis at (\S+) for 5 s while stopping; leaving without putting (.*)\./.exec(
      worker.err,
    );
    if (left) expect([left[1], left[2]]).toEqual([redis.url, "anything back"]);
  }, 120_000);
});
