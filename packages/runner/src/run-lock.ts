/**
 * One writer per run (issue #19): every command that writes a run directory holds a lock on it
 * (proper-lockfile: an atomic `mkdir` of `<dir>/.gymkit.lock`, its mtime refreshed while held).
 * Beside it, `.gymkit-lock.json` says who holds it, so a second command is refused with the
 * holder's pid, host and start; a lock whose process is gone (same host, pid not running) or that
 * went stale (not refreshed for 30 s: a dead holder on another host) is taken over, and said so.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { GymkitError } from "@gymkit/core";
import { errnoCode, ioError, writeFileAtomic } from "@gymkit/core/node";
import lockfile from "proper-lockfile";

const LOCK = ".gymkit.lock";
const OWNER = ".gymkit-lock.json";
/** A lock not refreshed for this long belongs to a dead process (proper-lockfile's `stale`). */
const STALE_MS = 30_000;

/** Who holds a lock, as `.gymkit-lock.json` says. */
interface Owner {
  pid: number;
  host: string;
  since: string;
  command: string;
}

/** Locks held by this process; released together. */
export interface RunLocks {
  release(): Promise<void>;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return errnoCode(e) === "EPERM";
  }
  // A killed process its parent has not reaped yet (a zombie) is gone too (Linux's /proc).
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
};

function ownerOf(dir: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(join(dir, OWNER), "utf8")) as Partial<Owner>;
    return typeof o.pid === "number" && typeof o.host === "string" ? (o as Owner) : undefined;
  } catch {
    return undefined;
  }
}

const describe = (o: Owner | undefined) =>
  o
    ? `process ${o.pid} on ${o.host}, since ${o.since} (${o.command})`
    : "another process (it did not say which)";

/**
 * Locks every directory in `dirs` (creating it) for this command, or refuses with the holder of
 * the first one held by a live process, releasing what it took. `notice` hears about takeovers.
 */
export async function lockRuns(
  dirs: readonly string[],
  notice: (message: string) => void = (m) => console.error(m),
): Promise<RunLocks> {
  const releases: Array<() => Promise<void>> = [];
  const release = async () => {
    for (const r of releases.splice(0).reverse()) await r().catch(() => {});
  };
  const me: Owner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: ["gymkit", ...process.argv.slice(2)].join(" ").slice(0, 200),
  };
  try {
    for (const dir of dirs) releases.push(await lockOne(dir, me, notice));
  } catch (e) {
    await release();
    throw e;
  }
  return { release };
}

async function lockOne(
  dir: string,
  me: Owner,
  notice: (message: string) => void,
): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true }).catch((e: unknown) => {
    throw ioError(e, "write", dir);
  });
  const lockPath = join(dir, LOCK);
  const options = {
    lockfilePath: lockPath,
    realpath: false,
    stale: STALE_MS,
    retries: 0,
    // A lock not refreshed in time (a frozen machine) is said, not thrown from a timer.
    onCompromised: (e: Error) =>
      notice(
        `gymkit: the lock on ${dir} could not be kept (${e.message}); another process may write it too.`,
      ),
  };
  const before = ownerOf(dir);
  const wasThere = existsSync(lockPath);
  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(dir, options);
  } catch (e) {
    if (errnoCode(e) !== "ELOCKED") throw ioError(e, "write", lockPath);
    if (!(before && before.host === me.host && !alive(before.pid))) {
      throw new GymkitError(
        "GYMKIT_RUN_LOCKED",
        `Cannot write ${dir}: it is being written by ${describe(before)}. Wait for it to end, or stop it (Ctrl-C checkpoints its runs), then run this again; a lock whose process is gone is taken over. Nothing was changed.`,
      );
    }
    // Its process is gone (killed): the lock is ours, without waiting for it to go stale.
    rmSync(lockPath, { recursive: true, force: true });
    unlock = await lockfile.lock(dir, options);
  }
  if (wasThere) {
    notice(`gymkit: took over the lock on ${dir} from ${describe(before)}, which no longer runs.`);
  }
  await writeFileAtomic(join(dir, OWNER), `${JSON.stringify(me)}\n`);
  return async () => {
    await rm(join(dir, OWNER), { force: true });
    await unlock();
  };
}
