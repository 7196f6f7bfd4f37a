import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertWritableDir, makeDir, makeDirSync } from "./make-dir.js";

const root = mkdtempSync(join(tmpdir(), "gymkit-make-dir-"));
afterAll(() => {
  spawnSync("chattr", ["-i", join(root, "locked")]);
  rmSync(root, { recursive: true, force: true });
});

describe("makeDir", () => {
  it("makes every missing directory, and accepts one that exists", async () => {
    await makeDir(join(root, "a", "b", "c"));
    makeDirSync(join(root, "a", "x", "y"));
    await makeDir(join(root, "a"));
    expect(readdirSync(join(root, "a")).sort()).toEqual(["b", "x"]);
    expect(existsSync(join(root, "a", "b", "c")) && existsSync(join(root, "a", "x", "y"))).toBe(true);
  });

  it.runIf(existsSync("/proc/self"))(
    "under /proc it fails with ENOENT (Node's recursive mkdir spins there for ever)",
    async () => {
      await expect(makeDir("/proc/gymkit-no-such/dir")).rejects.toMatchObject({ code: "ENOENT" });
      expect(() => makeDirSync("/proc/gymkit-no-such")).toThrow(expect.objectContaining({ code: "ENOENT" }));
    },
  );
});

describe("assertWritableDir says why a directory cannot be written, and leaves no probe behind", () => {
  const file = join(root, "a-file");
  writeFileSync(file, "x");

  it.each([
    [
      file,
      `Cannot write ${file}: ${file} is a file, not a directory. Choose a directory, or a path that does not exist yet.`,
    ],
    [
      join(file, "sub"),
      `Cannot write ${join(file, "sub")}: the parent ${file} is a file, not a directory. Move that file away or choose another path.`,
    ],
  ])("%s", async (dir, message) => {
    await expect(assertWritableDir(dir)).rejects.toThrow(message);
  });

  it.runIf(existsSync("/proc/self"))("a directory under /proc", async () => {
    await expect(assertWritableDir("/proc/gymkit-out")).rejects.toThrow(
      "Cannot write /proc/gymkit-out: /proc does not let files or directories be created in it (ENOENT although it exists: a virtual file system such as /proc or /sys). Choose another path.",
    );
  });

  it("a directory that refuses writes (immutable, or without write permission)", async (ctx) => {
    const locked = join(root, "locked");
    mkdirSync(locked);
    // root ignores permissions, so lock it with chattr +i there; elsewhere chmod does it.
    const how =
      process.getuid?.() === 0
        ? spawnSync("chattr", ["+i", locked]).status
        : spawnSync("chmod", ["555", locked]).status;
    if (how !== 0) ctx.skip();
    await expect(assertWritableDir(join(locked, "out"))).rejects.toThrow(
      new RegExp(
        `^Cannot write ${join(locked, "out")}: permission denied \\((EPERM|EACCES)\\)\\. Check the permissions of ${locked}\\.$`,
      ),
    );
    await expect(assertWritableDir(locked)).rejects.toThrow(/permission denied \((EPERM|EACCES)\)/);
  });

  it("a writable one: fine, and empty afterwards", async () => {
    const dir = join(root, "fine", "out");
    await assertWritableDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });
});
