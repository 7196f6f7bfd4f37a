/**
 * Issue 19: an env plugin that misbehaves stops its run with a message naming the env, the step
 * and the field, instead of corrupting the logs ("111111" returns) or failing deep in train().
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { gymkit } from "../test/cli-process.js";
import { main } from "./cli.js";

const plugin = fileURLToPath(new URL("../test/fixtures/bad-env-plugin.mjs", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "gymkit-env-outputs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function config(name: string, options: string): string {
  const path = join(root, `${name}.yaml`);
  writeFileSync(
    path,
    `name: bad
plugins: ["${plugin}"]
env: { id: Bad-v0, options: ${options} }
agent: { kind: dqn, hidden: [8], learningStarts: 20, batchSize: 8 }
budget: { steps: 100 }
eval: false
backend: cpu
`,
  );
  return path;
}

/** `gymkit train --workers 0` in this process; what it printed on stderr. */
async function train(name: string, options: string) {
  const err: string[] = [];
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const out = join(root, name);
    const code = await main(["train", config(name, options), "--out", out, "--workers", "0"]);
    return { code, err: err.join("\n"), out };
  } finally {
    error.mockRestore();
    log.mockRestore();
    write.mockRestore();
  }
}

const tail = "Fix the env's step() (make()'s env checker stopped here).";
/** The failed run's second line: where it stopped (no checkpoint: the budget is 100 steps) and the command. */
const resume = (name: string, workers: number) =>
  `  No checkpoint yet (a resume starts it over); resume with: gymkit train ${join(root, `${name}.yaml`)} --out ${join(root, name)} --workers ${workers} --resume`;

describe("an env plugin that returns what train() cannot use", () => {
  it.each([
    [
      "a reward that is a string",
      "reward",
      '{ reward: "1" }',
      'reward "1" (a string); a reward must be a finite number',
    ],
    [
      "an observation of the wrong length",
      "length",
      "{ obsLength: 3 }",
      "an observation of 3 numbers; the observation space Box(-1.0, 1.0, (2,), float32) has 2",
    ],
    [
      "a NaN in the observation",
      "nan",
      "{ nan: true }",
      "an observation with NaN at index 1 (Float32Array[0, NaN]); observations must be finite numbers",
    ],
    [
      "a number as terminated",
      "flag",
      "{ terminated: 1 }",
      "terminated 1; terminated and truncated must be booleans (true or false)",
    ],
  ])("%s: the run stops at that step, naming env, step and field", async (_, name, options, problem) => {
    const r = await train(name, options);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `run bad/seed-0 failed after step 2: Bad-v0: at step 3 of its episode, step() returned ${problem}. ${tail}\n${resume(name, 0)}`,
    );
    const metrics = join(r.out, "bad", "seed-0", "metrics.jsonl");
    if (existsSync(metrics)) expect(readFileSync(metrics, "utf8")).not.toMatch(/"11|NaN/);
  });

  it("an env that throws: the error that ends the run names the env and the step", async () => {
    const r = await train("throws", '{ throws: "the physics exploded", at: 5 }');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `run bad/seed-0 failed after step 4: Bad-v0: at step 5 of its episode, step() threw: the physics exploded\n${resume("throws", 0)}`,
    );
  });

  it("in a worker thread too, named with its run", () => {
    const r = gymkit(
      "train",
      config("thread", '{ reward: "1" }'),
      "--out",
      join(root, "thread"),
      "--workers",
      "1",
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `run bad/seed-0 failed after step 2: Bad-v0: at step 3 of its episode, step() returned reward "1" (a string); a reward must be a finite number. ${tail}\n${resume("thread", 1)}`,
    );
  }, 120_000);
});
