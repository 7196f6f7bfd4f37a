/**
 * `mkdir -p` without Node's recursive mkdir, which on a directory that refuses new entries with
 * ENOENT although it exists (/proc, /sys) retries for ever at 100% CPU, out of reach of signals
 * (Node 20; `--out /proc/x` spun so, issue 19). Here each missing directory is made in turn from
 * the nearest one that exists, and a failure is the OS's own error for the one that could not be.
 */
import { mkdirSync, statSync } from "node:fs";
import { mkdir, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { errnoCode, ioError } from "./io-error.js";

/** The directories to make for `path`, outermost first; throws when one of them is a file. */
function missing(path: string, isDir: (p: string) => boolean | undefined): string[] {
  const out: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    const dir = isDir(p);
    if (dir === true) break;
    if (dir === false)
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), { code: "ENOTDIR", path: p });
    out.push(p);
    if (dirname(p) === p) break;
  }
  return out.reverse();
}

const kind = (stats: { isDirectory(): boolean }) => stats.isDirectory();
const absent = (e: unknown): undefined => {
  if (errnoCode(e) === "ENOENT") return undefined;
  throw e;
};

/** Makes `path` and its missing parents (an existing directory is fine); raw OS errors. */
export function makeDirSync(path: string): void {
  const todo = missing(path, (p) => {
    try {
      return kind(statSync(p));
    } catch (e) {
      return absent(e);
    }
  });
  for (const dir of todo) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if (errnoCode(e) !== "EEXIST" || !statSync(dir).isDirectory()) throw e;
    }
  }
}

/** Makes `path` and its missing parents (an existing directory is fine); raw OS errors. */
export async function makeDir(path: string): Promise<void> {
  const known = new Map<string, boolean | undefined>();
  for (let p = resolve(path); ; p = dirname(p)) {
    const stats = await stat(p).catch(absent);
    known.set(p, stats ? kind(stats) : undefined);
    if (stats || dirname(p) === p) break;
  }
  for (const dir of missing(path, (p) => known.get(p))) {
    try {
      await mkdir(dir);
    } catch (e) {
      if (errnoCode(e) !== "EEXIST" || !(await stat(dir)).isDirectory()) throw e;
    }
  }
}

/**
 * Makes `dir` if needed and checks that files can be written in it (a probe file, removed at
 * once), so a run directory that cannot be written is refused before anything runs. Throws a
 * `GYMKIT_IO` error saying why (read-only, permission, a file in the way, /proc).
 */
export async function assertWritableDir(dir: string): Promise<void> {
  const probe = join(dir, `.gymkit-write-probe-${process.pid}`);
  try {
    await makeDir(dir);
    await writeFile(probe, "");
    await unlink(probe);
  } catch (e) {
    throw ioError(e, "write", dir);
  }
}
