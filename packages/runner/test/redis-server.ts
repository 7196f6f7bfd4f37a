/**
 * A real `redis-server` for tests, on a free loopback port, with no persistence; `.ci/run`
 * installs it when missing. Missing here is an error, not a skip: the queue tests need it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM) and waits for it. */
  stop(): Promise<void>;
  /** Stops it and starts a fresh one on the same port (its data is gone: no persistence). */
  restart(): Promise<void>;
}

function start(port: number, extra: readonly string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...extra],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let seen = "";
    child.once("error", reject);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      seen += d;
      if (seen.includes("Ready to accept connections")) resolve(child);
    });
    child.once("exit", (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${seen}`)),
    );
  });
}

/** Starts redis-server on a free port; `extra` adds server arguments (e.g. --requirepass). */
export async function startRedis(extra: readonly string[] = []): Promise<TestRedis> {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error("redis-server is not installed: apt-get install -y redis-server (.ci/run does this)");
  }
  const port = await freePort();
  let child = await start(port, extra);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      child = await start(port, extra);
    },
  };
}
