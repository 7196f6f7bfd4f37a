import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GymkitError } from "../errors.js";
import { cleanStaleTemps, readDirFiles, writeDirAtomic, writeFileAtomic } from "./index.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "gymkit-atomic-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (s: string) => new TextEncoder().encode(s);
/** The rejection of `p`, which must be a GymkitError. */
async function failure(p: Promise<unknown>): Promise<GymkitError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GymkitError);
  return e as GymkitError;
}
/** A directory under the test root, fresh for each test. */
let n = 0;
const fresh = async () => {
  const dir = join(root, `case-${n++}`);
  await mkdir(dir);
  return dir;
};

describe("writeFileAtomic", () => {
  it("creates the parents, replaces the file whole, and leaves no temp file", async () => {
    const dir = await fresh();
    const path = join(dir, "a", "b", "data.bin");
    await writeFileAtomic(path, bytes(1, 2, 3));
    await writeFileAtomic(path, "replaced\n");
    expect(await readFile(path, "utf8")).toBe("replaced\n");
    expect(await readdir(join(dir, "a", "b"))).toEqual(["data.bin"]);
  });

  it("30 concurrent writes to one file all succeed; one of them is there whole", async () => {
    const dir = await fresh();
    const path = join(dir, "data.bin");
    const version = (i: number) => new Uint8Array(4096 + i).fill(i);
    await Promise.all(Array.from({ length: 30 }, (_, i) => writeFileAtomic(path, version(i))));
    const got = new Uint8Array(await readFile(path));
    expect(got).toEqual(version(got[0]!));
    expect(await readdir(dir)).toEqual(["data.bin"]);
  });

  it("names the file in the way when a parent is a file, and removes its temp file", async () => {
    const dir = await fresh();
    await writeFile(join(dir, "blocker"), "x");
    for (const path of [join(dir, "blocker", "data.bin"), join(dir, "blocker", "deeper", "data.bin")]) {
      const e = await failure(writeFileAtomic(path, bytes(1)));
      expect(e.code).toBe("GYMKIT_IO");
      expect(e.message).toBe(
        `Cannot write ${path}: the parent ${join(dir, "blocker")} is a file, not a directory. Move that file away or choose another path.`,
      );
    }
    expect(await readdir(dir)).toEqual(["blocker"]);
  });

  it("refuses to write over a directory, leaving it and no temp file", async () => {
    const dir = await fresh();
    const path = join(dir, "data.bin");
    await mkdir(path);
    const e = await failure(writeFileAtomic(path, bytes(1)));
    expect(e.message).toBe(`Cannot write ${path}: ${path} is a directory. Remove it or choose a file path.`);
    expect(await readdir(dir)).toEqual(["data.bin"]);
    expect((await stat(path)).isDirectory()).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)("says permission denied for a read-only directory", async () => {
    const dir = await fresh();
    await chmod(dir, 0o500);
    try {
      const e = await failure(writeFileAtomic(join(dir, "x.bin"), bytes(1)));
      expect(e.message).toBe(
        `Cannot write ${join(dir, "x.bin")}: permission denied (EACCES). Check the permissions of ${dir}.`,
      );
      expect(e.cause).toMatchObject({ code: "EACCES" });
    } finally {
      await chmod(dir, 0o700);
    }
  });
});

describe("writeDirAtomic / readDirFiles", () => {
  const ours = async (d: string) => (await readdir(d)).includes("manifest.json");

  it("writes a directory, replaces it whole, and reads it back", async () => {
    const dir = join(await fresh(), "ckpt");
    await writeDirAtomic(dir, { "manifest.json": text("{}"), "w.bin": bytes(1, 2) }, { isOurs: ours });
    expect(await readDirFiles(dir)).toEqual({ "manifest.json": text("{}"), "w.bin": bytes(1, 2) });
    await writeDirAtomic(dir, { "manifest.json": text("{2}"), "x.bin": bytes(3) }, { isOurs: ours });
    expect(await readDirFiles(dir)).toEqual({ "manifest.json": text("{2}"), "x.bin": bytes(3) });
    expect(await readdir(join(dir, ".."))).toEqual(["ckpt"]);
  });

  it("serialises concurrent writes to one directory: all 30 succeed and one whole version remains", async () => {
    const parent = await fresh();
    const dir = join(parent, "ckpt");
    const version = (i: number) => ({
      "manifest.json": text(JSON.stringify({ version: i })),
      "a.bin": new Uint8Array(1000).fill(i),
      "b.bin": new Uint8Array(10 + i).fill(255 - i),
    });
    const writes = Array.from({ length: 30 }, (_, i) =>
      writeDirAtomic(dir, version(i), { isOurs: ours }).then(() => i),
    );
    expect(await Promise.all(writes)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // Writes run in call order, so the last call's version is the one on disk.
    expect(await readDirFiles(dir)).toEqual(version(29));
    expect(await readdir(parent)).toEqual(["ckpt"]);
  });

  it("a failed write does not stop the next one queued for the same directory", async () => {
    const dir = join(await fresh(), "ckpt");
    const bad = writeDirAtomic(dir, { "../escape": bytes(1) });
    const good = writeDirAtomic(dir, { "manifest.json": text("ok") });
    expect((await failure(bad)).code).toBe("GYMKIT_INVALID_ARGUMENT");
    await good;
    expect(await readDirFiles(dir)).toEqual({ "manifest.json": text("ok") });
  });

  it("replaces an empty directory even when isOurs would reject it", async () => {
    const dir = join(await fresh(), "ckpt");
    await mkdir(dir);
    await writeDirAtomic(dir, { "manifest.json": text("{}") }, { isOurs: async () => false });
    expect(Object.keys(await readDirFiles(dir))).toEqual(["manifest.json"]);
  });

  it("refuses to replace a foreign file, leaving it byte for byte", async () => {
    const parent = await fresh();
    const dir = join(parent, "ckpt");
    await writeFile(dir, "precious");
    const e = await failure(writeDirAtomic(dir, { "manifest.json": text("{}") }, { what: "a checkpoint" }));
    expect(e.code).toBe("GYMKIT_IO");
    expect(e.message).toBe(
      `Refusing to replace ${dir}: it is a file, not a checkpoint. It was left untouched; move it away or choose another path.`,
    );
    expect(await readFile(dir, "utf8")).toBe("precious");
    expect(await readdir(parent)).toEqual(["ckpt"]);
  });

  it("refuses to replace a directory isOurs rejects, leaving it byte for byte", async () => {
    const parent = await fresh();
    const dir = join(parent, "photos");
    await mkdir(join(dir, "2024"), { recursive: true });
    await writeFile(join(dir, "cat.jpg"), bytes(0xff, 0xd8, 0xff));
    await writeFile(join(dir, "2024", "dog.jpg"), bytes(1, 2, 3));
    const e = await failure(writeDirAtomic(dir, { "manifest.json": text("{}") }, { isOurs: ours }));
    expect(e.message).toBe(
      `Refusing to replace ${dir}: it is a directory with other contents, not a directory written by gymkit. It was left untouched; move it away or choose another path.`,
    );
    expect(await readDirFiles(dir)).toEqual({ "cat.jpg": bytes(0xff, 0xd8, 0xff) });
    expect(await readFile(join(dir, "2024", "dog.jpg"))).toEqual(Buffer.from([1, 2, 3]));
    expect(await readdir(parent)).toEqual(["photos"]);
  });

  it("names the file in the way when the parent is a file", async () => {
    const parent = await fresh();
    await writeFile(join(parent, "runs"), "x");
    const dir = join(parent, "runs", "ckpt");
    const e = await failure(writeDirAtomic(dir, { "manifest.json": text("{}") }));
    expect(e.message).toBe(
      `Cannot write ${dir}: the parent ${join(parent, "runs")} is a file, not a directory. Move that file away or choose another path.`,
    );
    expect(await readdir(parent)).toEqual(["runs"]);
  });

  it("readDirFiles names a missing directory and a file", async () => {
    const parent = await fresh();
    const missing = join(parent, "nowhere");
    expect((await failure(readDirFiles(missing))).message).toBe(
      `Cannot read ${missing}: ${missing} does not exist.`,
    );
    await writeFile(join(parent, "file"), "x");
    expect((await failure(readDirFiles(join(parent, "file")))).message).toBe(
      `Cannot read ${join(parent, "file")}: ${join(parent, "file")} is a file, not a directory.`,
    );
  });
});

describe("cleanStaleTemps", () => {
  it("removes a dead writer's temp files, restores a lone trash, and keeps fresh or live debris", async () => {
    const parent = await fresh();
    const old = new Date(Date.now() - 3_600_000);
    const dead = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
    const stale = [`.data.bin.tmp-${dead}-0-ab12`, `.ckpt.tmp-${dead}-1-cd34`, `.kept.trash-${dead}-2-ef56`];
    await writeFile(join(parent, stale[0]!), "half");
    await mkdir(join(parent, stale[1]!));
    await mkdir(join(parent, "kept"));
    await mkdir(join(parent, stale[2]!));
    await writeFile(join(parent, stale[2]!, "w.bin"), "old version, replaced");
    const lone = `.lost.trash-${dead}-3-0a0b`;
    await mkdir(join(parent, lone));
    await writeFile(join(parent, lone, "w.bin"), "last complete version");
    const live = `.x.tmp-${process.pid}-4-1234`;
    await writeFile(join(parent, live), "in flight");
    for (const name of [...stale, lone, live]) await utimes(join(parent, name), old, old);
    await writeFile(join(parent, `.y.tmp-${dead}-5-5678`), "newer than this process");

    const result = await cleanStaleTemps(parent);
    expect(result.removed.sort()).toEqual(stale.map((s) => join(parent, s)).sort());
    expect(result.restored).toEqual([join(parent, "lost")]);
    expect((await readdir(parent)).sort()).toEqual([live, `.y.tmp-${dead}-5-5678`, "kept", "lost"].sort());
    expect(await readFile(join(parent, "lost", "w.bin"), "utf8")).toBe("last complete version");
    expect(await cleanStaleTemps(join(parent, "nowhere"))).toEqual({ removed: [], restored: [] });
  });
});
