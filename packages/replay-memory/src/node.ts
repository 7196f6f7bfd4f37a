/**
 * @gymkit/replay-memory/node: checkpoint files for replay buffers, for Node only (the main entry
 * stays browser-safe). A file holds exactly the buffer's `serialize()` image.
 *
 * @example
 * import { loadBuffer, saveBuffer } from "@gymkit/replay-memory/node";
 * await saveBuffer(buffer, "runs/cartpole/buffer.rb");
 * await loadBuffer(fresh, "runs/cartpole/buffer.rb"); // same kind and config, or it throws
 */
import { readFile } from "node:fs/promises";
import { GymkitError, type ReplayBuffer } from "@gymkit/core";
import { writeFileAtomic } from "@gymkit/core/node";

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function unsupported(buffer: Pick<ReplayBuffer, "kind">, what: string, path: string): GymkitError {
  return new GymkitError(
    "GYMKIT_INVALID_ARGUMENT",
    `Replay buffer "${buffer.kind}" cannot be ${what} "${path}": it has no ${what === "saved to" ? "serialize" : "deserialize"}() method.`,
  );
}

/**
 * Writes `buffer.serialize()` to `path` atomically (temp file in the same directory, fsync,
 * rename, fsync of the directory). On failure no temp file is left and `path` is unchanged;
 * throws `GYMKIT_IO` naming the path and what to do.
 */
export async function saveBuffer(
  buffer: Pick<ReplayBuffer, "kind" | "serialize">,
  path: string,
): Promise<void> {
  if (typeof buffer?.serialize !== "function")
    throw unsupported(buffer ?? { kind: String(buffer) }, "saved to", path);
  // core's one atomic write: temp file, fsync, rename, fsync of the directory; its errors
  // (GYMKIT_IO) name the path and say what to do.
  await writeFileAtomic(path, buffer.serialize());
}

/**
 * Reads `path` and restores it into `buffer` with `deserialize(bytes, path)`: a damaged file, or
 * one of another kind or config, throws `GYMKIT_CORRUPT_FILE` naming the path and changes nothing.
 */
export async function loadBuffer(
  buffer: Pick<ReplayBuffer, "kind" | "deserialize">,
  path: string,
): Promise<void> {
  if (typeof buffer.deserialize !== "function") throw unsupported(buffer, "loaded from", path);
  let file: Uint8Array;
  try {
    file = await readFile(path);
  } catch (e) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Cannot read replay buffer checkpoint "${path}": ${reason(e)}`,
      { cause: e },
    );
  }
  buffer.deserialize(file, path);
}
