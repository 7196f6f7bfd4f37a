/**
 * The queue's code, loaded on demand. bullmq and ioredis are optional peer dependencies of
 * @gymkit/runner (with their own dependencies ~16 MB that a user who never runs `--queue` does not
 * install), so only `gymkit compare --queue` and `gymkit worker` import them, through here: nothing
 * else in the runner imports ./coordinator.js, ./queue-worker.js or ./redis.js statically (a test
 * walks the imports). Missing, they are named with the command that installs them.
 */
import { readFileSync } from "node:fs";
import { GymkitError } from "@gymkit/core";

/** Imports a module by specifier; tests pass one that pretends a package is missing. */
export type Importer = (specifier: string) => Promise<unknown>;

// A bare specifier resolves from this file, i.e. from where @gymkit/runner is installed.
const importModule: Importer = (specifier) => import(specifier);

/** The queue's peer dependencies and their ranges, as the runner's package.json declares them. */
export const queuePeers = (): Record<string, string> =>
  (
    JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      peerDependencies: Record<string, string>;
    }
  ).peerDependencies;

/** Node's error for a package that is not installed (not a broken one: that error stays as it is). */
const isNotInstalled = (e: unknown, name: string): boolean =>
  e instanceof Error &&
  (e as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" &&
  e.message.includes(`'${name}'`);

/**
 * Checks that bullmq and ioredis can be imported; when one or both are not installed, throws
 * GYMKIT_QUEUE_UNREACHABLE naming them and the `npm install` line with the declared ranges.
 * `command` is what needed them ("gymkit compare --queue"); `outcome` what did not happen.
 */
export async function requireQueuePeers(
  command: string,
  outcome: string,
  importer: Importer = importModule,
): Promise<void> {
  const peers = queuePeers();
  const missing: string[] = [];
  for (const name of Object.keys(peers)) {
    try {
      await importer(name);
    } catch (e) {
      if (!isNotInstalled(e, name)) throw e;
      missing.push(name);
    }
  }
  if (missing.length === 0) return;
  const install = missing.map((name) => `${name}@${peers[name]}`).join(" ");
  throw new GymkitError(
    "GYMKIT_QUEUE_UNREACHABLE",
    `${command} needs ${missing.join(" and ")}, which ${missing.length === 1 ? "is" : "are"} not installed: the queue's libraries are optional peer dependencies of @gymkit/runner, used only by compare --queue and gymkit worker. Install ${missing.length === 1 ? "it" : "them"} with: npm install ${install}. ${outcome}`,
  );
}

/** `gymkit compare --queue`: the coordinator, once bullmq and ioredis are known to be there. */
export async function loadCoordinator(importer?: Importer) {
  await requireQueuePeers("gymkit compare --queue", "Nothing was enqueued.", importer);
  return import("./coordinator.js");
}

/** `gymkit worker`: the worker loop, once bullmq and ioredis are known to be there. */
export async function loadQueueWorker(importer?: Importer) {
  await requireQueuePeers("gymkit worker", "The worker did not start.", importer);
  return import("./queue-worker.js");
}
