import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Registry } from "@gymkit/core";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = new URL("..", import.meta.url).pathname;
const gymkit = (...args: string[]) =>
  run(process.execPath, [join(here, "../../packages/runner/bin/gymkit.js"), ...args], { cwd: here });
const out = mkdtempSync(join(tmpdir(), "gymkit-gridworld-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// What a user of the published package gets: the built dist/, the CLI's check, a training run.
describe("gymkit-gridworld as a package", () => {
  it("builds to dist/ and the built plugin registers GridWorld-v0", async () => {
    await run(
      process.execPath,
      [join(here, "../../node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: here,
      },
    );
    expect(existsSync(join(here, "dist/index.d.ts"))).toBe(true);
    const built = (await import(join(here, "dist/index.js"))) as typeof import("../src/index.js");
    const env = new Registry().use(built.default).make("GridWorld-v0");
    expect(String(env.observationSpace)).toBe("Discrete(16)");
  });

  it("is clean under gymkit check-env", async () => {
    const { stdout } = await gymkit("check-env", "gymkit-gridworld");
    expect(stdout.trim()).toBe("GridWorld-v0: no findings");
  });

  it("trains dqn from train.yaml through the CLI", async () => {
    await gymkit(
      "train",
      "train.yaml",
      "--steps",
      "2000",
      "--workers",
      "0",
      "--backend",
      "cpu",
      "--out",
      out,
    );
    const outcome = JSON.parse(readFileSync(join(out, "gridworld-dqn/seed-0/outcome.json"), "utf8"));
    // it learns: the run stops at the env's threshold (eval.stopAtMean 0.9) within the 2 000 steps
    expect(outcome.status).toBe("completed");
    expect(outcome.steps).toBeLessThanOrEqual(2000);
    expect(outcome.evaluations.at(-1).mean).toBeGreaterThanOrEqual(0.9);
  });

  it("trains dqn on the Discrete(16) observation without onehot: the agent one-hot encodes it (issue 21)", async () => {
    const dir = join(out, "no-onehot");
    // Before issue 21: "Invalid config at buffer.observationSpace: expected a Box observation space ...".
    await gymkit(
      ...["train", "train.yaml", "--set", "env.options={ slip: 0.1 }", "--set", "name=gridworld-index"],
      ...["--steps", "2000", "--workers", "0", "--backend", "cpu", "--out", dir],
    );
    const outcome = JSON.parse(readFileSync(join(dir, "gridworld-index/seed-0/outcome.json"), "utf8"));
    expect(outcome.status).toBe("completed");
    expect(outcome.evaluations.at(-1).mean).toBeGreaterThanOrEqual(0.9);
  });
});
