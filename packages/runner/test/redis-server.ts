/**
 * A real `redis-server` for tests, on a free loopback port, with no persistence unless asked
 * (an append-only file in a directory); `.ci/run` installs it when missing. Missing here is an error, not a skip: the queue tests need it.
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
  /**
   * Stops it and starts it again on the same port: its data is gone, unless it was started with
   * `appendonlyDir`, whose append-only file the new server loads.
   */
  restart(): Promise<void>;
  /** Starts it again after `stop()`, on the same port. */
  start(): Promise<void>;
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

/**
 * Starts redis-server on a free port; `extra` adds server arguments (e.g. --requirepass), and
 * `appendonlyDir` keeps its data across restarts (appendonly, fsync always, in that directory).
 */
export async function startRedis(
  extra: readonly string[] = [],
  opts: { appendonlyDir?: string } = {},
): Promise<TestRedis> {
  if (opts.appendonlyDir) {
    extra = [...extra, "--appendonly", "yes", "--appendfsync", "always", "--dir", opts.appendonlyDir];
  }
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
    async start() {
      if (child.exitCode === null && child.signalCode === null)
        throw new Error("redis-server is still running");
      child = await start(port, extra);
    },
  };
}
