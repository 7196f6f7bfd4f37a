import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { GymkitError } from "../errors.js";
import { errnoCode, ioError } from "./io-error.js";
import { makeDir } from "./make-dir.js";

const noop = () => {};
let sequence = 0;

/**
 * A unique sibling of `path` for temp data or a replaced directory. The name carries the pid, so
 * {@link cleanStaleTemps} can tell a dead writer's debris from a live one's.
 */
const sibling = (path: string, kind: "tmp" | "trash") =>
  join(
    dirname(path),
    `.${basename(path)}.${kind}-${process.pid}-${sequence++}-${randomBytes(4).toString("hex")}`,
  );
const DEBRIS = /^\.(.+)\.(tmp|trash)-(\d+)-\d+-[0-9a-f]+$/;

/** Creates `path` (which must not exist), writes `bytes` and flushes them to the disk. */
async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const file = await open(path, "wx");
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * fsync of a directory, so a rename in it survives a power cut. Some platforms (Windows) cannot
 * open a directory for syncing; there the rename is as durable as the OS makes it.
 */
async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (e) {
    if (!["EISDIR", "EINVAL", "EPERM", "EBADF", "EACCES"].includes(errnoCode(e) ?? "")) throw e;
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces the file at `path` with `data`, all or nothing: writes a uniquely named temp file in
 * the same directory, fsyncs it, renames it over `path` and fsyncs the directory. A crash leaves
 * either the old file or the new one, never a mix. Creates missing parent directories. On failure
 * the temp file is removed and a `GymkitError` (`GYMKIT_IO`) says which path and what to do.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const tmp = sibling(path, "tmp");
  try {
    await makeDir(dirname(path)); // not mkdir({ recursive }): it spins on /proc (see make-dir.ts)
    await writeSynced(tmp, bytes);
    await rename(tmp, path);
    await syncDir(dirname(path));
  } catch (e) {
    await rm(tmp, { force: true }).catch(noop);
    throw ioError(e, "write", path);
  }
}

/** Options of {@link writeDirAtomic}. */
export interface WriteDirAtomicOptions {
  /**
   * Whether an existing, non-empty directory at the target is ours to replace (e.g. it holds our
   * manifest file). Without it, any directory is replaced; a file never is.
   */
  isOurs?: (existingDir: string) => Promise<boolean>;
  /** What the directory is, for error messages. @default "a directory written by gymkit" */
  what?: string;
  /**
   * Awaited at the two moments a crash is most interesting (kill tests hold the write there):
   * `written` (the temp directory is complete, nothing swapped yet) and `swapping` (the old
   * directory is moved aside, the new one not yet in its place).
   */
  onStage?: ((stage: "written" | "swapping") => Promise<void>) | undefined;
}

/** Per target directory, the tail of the writes queued in this process. */
const queues = new Map<string, Promise<void>>();

/**
 * Replaces the directory `dir` with one holding exactly `files` (name → bytes), all or nothing:
 * the files are written and fsynced into a temp directory beside `dir`, which is fsynced too; then
 * the old `dir` is renamed to a trash name, the temp directory renamed to `dir`, the parent
 * fsynced and the trash removed. A crash leaves the old version or the new one (if it leaves only
 * the trash, {@link cleanStaleTemps} puts it back).
 *
 * Refuses, leaving it untouched, to replace a file, a symbolic link, or a non-empty directory that
 * `options.isOurs` rejects. Writes to one directory from this process run one after another, so
 * concurrent saves all succeed and the last one wins whole.
 */
export function writeDirAtomic(
  dir: string,
  files: Readonly<Record<string, Uint8Array>>,
  options: WriteDirAtomicOptions = {},
): Promise<void> {
  if (typeof files !== "object" || files === null) {
    return Promise.reject(
      new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Cannot write ${dir}: files must be an object of name → Uint8Array, got ${files === null ? "null" : typeof files}.`,
      ),
    );
  }
  const key = resolve(dir);
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(() => swapDir(dir, files, options));
  const settled = run.then(noop, noop);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

function checkNames(dir: string, files: Readonly<Record<string, Uint8Array>>): void {
  for (const [name, bytes] of Object.entries(files)) {
    if (name === "" || name.startsWith(".") || /[/\\]/.test(name)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Cannot write ${dir}: file name ${JSON.stringify(name)} is not a plain name; use names without "/", "\\" or a leading ".".`,
      );
    }
    if (!(bytes instanceof Uint8Array)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Cannot write ${dir}: the contents of ${JSON.stringify(name)} are not a Uint8Array.`,
      );
    }
  }
}

/** True when `dir` exists and may be replaced; false when it does not exist; throws when it may not. */
async function replaceable(dir: string, options: WriteDirAtomicOptions): Promise<boolean> {
  const what = options.what ?? "a directory written by gymkit";
  const refuse = (kind: string) =>
    new GymkitError(
      "GYMKIT_IO",
      `Refusing to replace ${dir}: it is ${kind}, not ${what}. It was left untouched; move it away or choose another path.`,
    );
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(dir);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return false;
    throw ioError(e, "write", dir);
  }
  if (stats.isSymbolicLink()) throw refuse("a symbolic link");
  if (!stats.isDirectory()) throw refuse("a file");
  if ((await readdir(dir)).length === 0) return true;
  if (options.isOurs && !(await options.isOurs(dir))) throw refuse("a directory with other contents");
  return true;
}

async function swapDir(
  dir: string,
  files: Readonly<Record<string, Uint8Array>>,
  options: WriteDirAtomicOptions,
): Promise<void> {
  checkNames(dir, files);
  const parent = dirname(dir);
  try {
    await makeDir(parent);
  } catch (e) {
    throw ioError(e, "write", dir);
  }
  const exists = await replaceable(dir, options);
  const tmp = sibling(dir, "tmp");
  let trash: string | undefined;
  try {
    await mkdir(tmp);
    for (const [name, bytes] of Object.entries(files)) await writeSynced(join(tmp, name), bytes);
    await syncDir(tmp);
    await options.onStage?.("written");
    if (exists) {
      trash = sibling(dir, "trash");
      await rename(dir, trash);
      await options.onStage?.("swapping");
    }
    try {
      await rename(tmp, dir);
    } catch (e) {
      if (trash) await rename(trash, dir);
      trash = undefined;
      throw e;
    }
    await syncDir(parent);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(noop);
    const code = errnoCode(e);
    if (code === "ENOTEMPTY" || code === "EEXIST") {
      throw new GymkitError(
        "GYMKIT_IO",
        `Cannot write ${dir}: another process created it while this one was writing. Nothing was replaced; try again.`,
        { cause: e },
      );
    }
    throw ioError(e, "write", dir);
  }
  // Leftover trash (e.g. a file held open on Windows) is debris that cleanStaleTemps removes later.
  if (trash) await rm(trash, { recursive: true, force: true }).catch(noop);
}

/**
 * The regular files directly inside `dir`, name → bytes (subdirectories are skipped). Throws a
 * `GymkitError` (`GYMKIT_IO`) naming `dir` when it is missing, a file or unreadable.
 */
export async function readDirFiles(dir: string): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const bytes = await readFile(join(dir, entry.name));
      out[entry.name] = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  } catch (e) {
    throw ioError(e, "read", dir);
  }
  return out;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === "EPERM";
  }
}

/** What {@link cleanStaleTemps} did. */
export interface CleanResult {
  /** Temp files and directories, and trash of replaced directories, that were deleted. */
  removed: string[];
  /** Trash renamed back because a crash mid-swap left no directory in its place. */
  restored: string[];
}

/**
 * Removes the debris that {@link writeFileAtomic} and {@link writeDirAtomic} leave in `parent`
 * when a process dies mid-write: temp entries older than this process (by default) whose writer is
 * no longer running. A replaced directory's trash whose target is missing (a crash between the
 * two renames) is renamed back instead, since it is the last complete version.
 */
export async function cleanStaleTemps(
  parent: string,
  { olderThanMs = performance.timeOrigin }: { olderThanMs?: number } = {},
): Promise<CleanResult> {
  const result: CleanResult = { removed: [], restored: [] };
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return result;
    throw ioError(e, "read", parent);
  }
  for (const name of names) {
    const match = DEBRIS.exec(name);
    if (!match) continue;
    const path = join(parent, name);
    try {
      if ((await lstat(path)).mtimeMs >= olderThanMs || isAlive(Number(match[3]))) continue;
      const target = join(parent, match[1]!);
      if (
        match[2] === "trash" &&
        !(await lstat(target).then(
          () => true,
          () => false,
        ))
      ) {
        await rename(path, target);
        result.restored.push(target);
      } else {
        await rm(path, { recursive: true, force: true });
        result.removed.push(path);
      }
    } catch (e) {
      throw ioError(e, "write", path);
    }
  }
  return result;
}
