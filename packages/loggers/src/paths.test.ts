import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { assertPlainName, resolveRunDir, runPath } from "./paths.js";

describe("run paths", () => {
  it("resolves a relative dir against the working directory and keeps an absolute one", () => {
    expect(resolveRunDir("runs/a")).toBe(resolve(process.cwd(), "runs/a"));
    expect(resolveRunDir("/tmp/x")).toBe("/tmp/x");
  });

  it("refuses a dir with a .. segment, naming the config path and the value", () => {
    for (const dir of ["..", "runs/../x", "a\\..\\b"]) {
      expect(() => resolveRunDir(dir, "loggers[2].dir")).toThrow(
        `Invalid config at loggers[2].dir: expected a directory path without ".." segments, got ${JSON.stringify(dir)}. Name the run directory directly, e.g. "runs/latest".`,
      );
    }
    expect(resolveRunDir("runs/..x")).toBe(resolve(process.cwd(), "runs/..x"));
  });

  it("runPath refuses a root that is not a path (it was a raw ERR_INVALID_ARG_TYPE)", () => {
    expect(() => runPath(undefined as unknown as string, "x")).toThrowError(
      "runPath(root, ...names): root must be a non-empty directory path, got undefined.",
    );
  });

  it("runPath joins plain names and rejects a run name with .. or /", () => {
    expect(runPath("runs", "cartpole", "dqn", "seed-0")).toBe(join("runs", "cartpole", "dqn", "seed-0"));
    expect(() => runPath("runs", "cartpole", "../../etc")).toThrow(
      'Invalid run name "../../etc": it must be one plain name, without "/", "\\" or "..", so that files stay inside the run directory.',
    );
    for (const bad of ["", ".", "..", "a/b", "a\\b"])
      expect(() => assertPlainName(bad, "run name")).toThrow();
  });
});
