/**
 * A run directory as plain data and back: relative path → bytes, for shipping a run over a queue
 * (a checkpoint snapshot to Redis, a finished run to the coordinator). Files are written
 * atomically, one by one; `outcome.json` last, so a directory with it is a complete run.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { ioError, writeFileAtomic } from "@gymkit/core/node";

const OUTCOME = "outcome.json";

/** Every regular file under `dir` (recursively, skipping `skip` top-level names and temp debris). */
export async function packDir(
  dir: string,
  skip: readonly string[] = [],
): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch((e: unknown) => {
      throw ioError(e, "read", d);
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(d, entry.name);
      const rel = relative(dir, path).split(sep).join("/");
      // Temp files and trash of atomic writes are not part of the run.
      if (entry.name.startsWith(".") || (d === dir && skip.includes(entry.name))) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const bytes = await readFile(path);
        out[rel] = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
    }
  };
  await walk(dir);
  return out;
}

/** Writes `files` under `dir`, each atomically; `outcome.json` last. */
export async function unpackDir(dir: string, files: Readonly<Record<string, Uint8Array>>): Promise<void> {
  const names = Object.keys(files).sort((a, b) => Number(a === OUTCOME) - Number(b === OUTCOME));
  for (const name of names) {
    if (name.startsWith("/") || name.split("/").includes("..")) {
      throw ioError(new Error(`refusing a file path outside the run: ${name}`), "write", dir);
    }
    await writeFileAtomic(join(dir, ...name.split("/")), files[name]!);
  }
}
