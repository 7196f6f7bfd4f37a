import { open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";

let sequence = 0;

/**
 * Writes `data` to `path` so that `path` holds either its old contents or all of `data`, never a
 * mix, even across a crash: a temp file in the same directory (a rename is atomic only within a
 * file system), fsync, rename over `path`, then fsync the directory so the rename itself is
 * durable. On any error the temp file is removed and the error is rethrown as is.
 *
 * Node-only (imported by `node.ts`, never by the main entry). Same signature as the shared
 * helper planned for `@gymkit/core/node`; switching to it is a one-line import change.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${++sequence}.tmp`;
  try {
    const fh = await open(tmp, "wx");
    try {
      if (data.byteLength > 0) await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  // Windows cannot open a directory to fsync it (EISDIR/EPERM); NTFS journals the rename.
  if (process.platform === "win32") return;
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
