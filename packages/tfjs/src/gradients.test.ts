import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../test/fixtures/gradients.ts", import.meta.url));

/** Runs the fixture in a fresh Node process: gradient registrations are process-wide. */
function gradientIn(mode: "core" | "gymkit"): string {
  const r = spawnSync(process.execPath, ["--conditions=@gymkit/source", "--import", "tsx", script, mode], {
    encoding: "utf8",
    cwd: fileURLToPath(new URL("..", import.meta.url)),
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split("\n").at(-1)!;
}

describe("gradient functions in Node", () => {
  it("are missing with tfjs-core alone (its main entry registers none)", () => {
    expect(gradientIn("core")).toBe("Cannot compute gradient: gradient function not found for Sum.");
  }, 120_000);

  it("are registered by importing @gymkit/tfjs", () => {
    // x = [[1, 2], [3, -4]]: x·x = [[7, -6], [-9, 22]], so relu passes M = I; the gradient of
    // sum(M ⊙ x·x) is M·xᵀ + xᵀ·M = 2xᵀ = [[2, 6], [4, -8]].
    expect(JSON.parse(gradientIn("gymkit"))).toEqual([
      [2, 6],
      [4, -8],
    ]);
  }, 120_000);
});
