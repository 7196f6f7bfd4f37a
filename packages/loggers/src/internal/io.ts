import { lstatSync } from "node:fs";
import { dirname } from "node:path";
import { GymkitError } from "@gymkit/core";

const errnoCode = (e: unknown): string | undefined =>
  typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string"
    ? (e as { code: string }).code
    : undefined;

/** The nearest ancestor of `path` that exists but is not a directory (why ENOTDIR/EEXIST happened). */
function fileAncestor(path: string): string | undefined {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    try {
      if (!lstatSync(p).isDirectory()) return p;
    } catch {}
  }
  return undefined;
}

/**
 * A `GYMKIT_IO` error for a failed synchronous file call on `path`: the cause in words and what
 * to do (the same wording as `@gymkit/core/node`'s atomic writes). The raw error is the `cause`.
 */
export function writeError(e: unknown, path: string): GymkitError {
  if (e instanceof GymkitError) return e;
  const code = errnoCode(e);
  let why: string;
  switch (code) {
    case "ENOTDIR":
    case "EEXIST": {
      const file = fileAncestor(path);
      why = file
        ? `the parent ${file} is a file, not a directory. Move that file away or choose another path.`
        : `a parent of it is not a directory (${code}). Choose another path.`;
      break;
    }
    case "EISDIR":
      why = `${path} is a directory. Remove it or choose a file path.`;
      break;
    case "EACCES":
    case "EPERM":
      why = `permission denied (${code}). Check the permissions of ${dirname(path)}.`;
      break;
    case "ENOSPC":
    case "EDQUOT":
      why = `no space left on the device (${code}). Free some space and try again.`;
      break;
    case "EROFS":
      why = "the file system is read-only. Choose a writable path.";
      break;
    default:
      why = `${e instanceof Error ? e.message : String(e)}.`;
  }
  return new GymkitError("GYMKIT_IO", `Cannot write ${path}: ${why}`, { cause: e });
}
