import { lstatSync } from "node:fs";
import { dirname } from "node:path";
import { GymkitError } from "../errors.js";

/** The errno code of a Node file-system error, if it has one. */
export const errnoCode = (e: unknown): string | undefined =>
  typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string"
    ? (e as { code: string }).code
    : undefined;

/** The nearest ancestor of `path` that exists but is not a directory (why ENOTDIR happened). */
function fileAncestor(path: string): string | undefined {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    try {
      if (!lstatSync(p).isDirectory()) return p;
    } catch {}
  }
  return undefined;
}

const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

const isFile = (path: string): boolean => {
  try {
    return !lstatSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * A `GYMKIT_IO` error for a failed file-system call: what we were doing to which path, the
 * cause in words, and what to do about it. The raw error rides along as `cause`.
 */
export function ioError(e: unknown, action: "write" | "read", path: string): GymkitError {
  if (e instanceof GymkitError) return e;
  const code = errnoCode(e);
  const head = `Cannot ${action} ${path}`;
  let why: string;
  switch (code) {
    case "ENOTDIR":
    case "EEXIST": {
      if (isFile(path)) {
        why = `${path} is a file, not a directory.${action === "write" ? " Choose a directory, or a path that does not exist yet." : ""}`;
        break;
      }
      const file = fileAncestor(path);
      why = file
        ? `the parent ${file} is a file, not a directory. Move that file away or choose another path.`
        : `a parent of it is not a directory (${code}). Choose another path.`;
      break;
    }
    case "EISDIR":
      why = `${path} is a directory. Remove it or choose a file path.`;
      break;
    case "ENOENT": {
      // Creating in a directory that exists yet answers ENOENT: /proc, /sys and their kind.
      const failed = (e as NodeJS.ErrnoException).path ?? path;
      why =
        action === "write" && exists(dirname(failed)) && !exists(failed)
          ? `${dirname(failed)} does not let files or directories be created in it (ENOENT although it exists: a virtual file system such as /proc or /sys). Choose another path.`
          : `${path} does not exist.`;
      break;
    }
    case "EACCES":
    case "EPERM":
      why = `permission denied (${code}). Check the permissions of ${dirname((e as NodeJS.ErrnoException).path ?? path)}.`;
      break;
    case "ENOSPC":
    case "EDQUOT":
      why = `no space left on the device (${code}). Free some space and try again.`;
      break;
    case "EROFS":
      why = `the file system is read-only. Choose a writable path.`;
      break;
    default:
      why = `${(e as Error)?.message ?? String(e)}.`;
  }
  return new GymkitError("GYMKIT_IO", `${head}: ${why}`, { cause: e });
}
