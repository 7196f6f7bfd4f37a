/**
 * Issue #19: a run killed at any moment (its whole process group, SIGKILL, as when a machine
 * dies) and resumed ends with every file equal to an uninterrupted run's, time fields aside:
 * logs, TensorBoard events, the plot, the manifest, the outcome, the final model and the
 * checkpoint itself. The moments come from a seeded RNG: steps anywhere in the run (found by
 * reading metrics.jsonl, never by the clock), and inside checkpoint writes and the final save,
 * where GYMKIT_TEST_HOLD holds the process until it is killed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@gymkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { gymkit, gymkitArgs, until } from "../test/cli-process.js";
import { runFiles } from "../test/run-dir.js";

const root = mkdtempSync(join(tmpdir(), "gymkit-kill-resume-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const BUDGET = 1200;
const config = join(root, "exp.yaml");
writeFileSync(
  config,
  `name: kr
env: CartPole-v1
agent: { kind: dqn, hidden: [16], learningStarts: 100 }
budget: { steps: ${BUDGET} }
eval: { every: 400, episodes: 2 }
checkpoint: { every: 300 }
loggers: [{ kind: jsonl, every: 200 }, { kind: csv, every: 200 }, { kind: tensorboard, every: 200 }, { kind: plot, every: 200 }, monitor]
seed: 5
`,
);
const run = (out: string) => join(out, "kr", "seed-5");

/** The step of the last complete line of a JSONL file (0 when none). */
function lastStep(path: string): number {
  if (!existsSync(path)) return 0;
  const lines = readFileSync(path, "utf8").split("\n");
  lines.pop(); // a torn or empty tail
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as { step: number }).step : 0;
}

type Moment = { step: number } | { hold: string; at: number | "*" };

/** Starts a run in its own process group and SIGKILLs the group at `moment`; false if it ended first. */
async function killAt(out: string, moment: Moment, threads: boolean): Promise<boolean> {
  const marker = join(root, `held-${Math.random().toString(36).slice(2)}`);
  const env = { ...process.env };
  if ("hold" in moment) env.GYMKIT_TEST_HOLD = `${moment.hold}:${moment.at}:${marker}`;
  const args = ["train", config, "--out", out, "--backend", "cpu", "--workers", threads ? "1" : "0"];
  const child: ChildProcess = spawn(process.execPath, gymkitArgs(...args), {
    detached: true,
    stdio: "ignore",
    env,
  });
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.on("exit", () => {
      exited = true;
      r();
    }),
  );
  await until(
    () =>
      exited ||
      ("step" in moment ? lastStep(join(run(out), "metrics.jsonl")) >= moment.step : existsSync(marker)),
  );
  if (exited) return false;
  process.kill(-child.pid!, "SIGKILL"); // the whole group, as when the machine dies
  await exit;
  return true;
}

describe("kill at any moment, resume: every file equals an uninterrupted run's", () => {
  it("24 seeded moments: steps anywhere, inside checkpoint writes, inside the final save", async () => {
    const whole = join(root, "whole");
    const r = gymkit("train", config, "--out", whole, "--backend", "cpu", "--workers", "0");
    expect(r.status, r.stderr).toBe(0);
    const expected = runFiles(run(whole), whole);
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining([
        "metrics.jsonl",
        "checkpoint/loop.json",
        "model/weights.bin",
        "learning-curves.svg",
      ]),
    );

    const rng = createRng(19);
    const checkpoints = [300, 600, 900, 1200];
    let kills = 0;
    for (let k = 0; k < 24; k++) {
      const pick = rng.int(4);
      const moment: Moment =
        pick < 2
          ? { step: 1 + rng.int(BUDGET - 1) }
          : pick === 2
            ? rng.int(2) === 0
              ? { hold: "checkpoint-written", at: checkpoints[rng.int(4)]! }
              : { hold: "checkpoint-swapping", at: checkpoints[1 + rng.int(3)]! } // (the first has nothing to swap)
            : { hold: rng.int(2) === 0 ? "model" : "outcome", at: "*" };
      const out = join(root, `killed-${k}`);
      const killed = await killAt(out, moment, k % 2 === 1);
      kills += Number(killed);
      const resumed = gymkit("train", config, "--out", out, "--resume", "--backend", "cpu", "--workers", "0");
      expect(resumed.status, `${JSON.stringify(moment)}: ${resumed.stderr}`).toBe(0);
      const got = runFiles(run(out), out);
      const differ = [...new Set([...Object.keys(got), ...Object.keys(expected)])].filter(
        (name) => JSON.stringify(got[name]) !== JSON.stringify(expected[name]),
      );
      expect(differ, `${JSON.stringify(moment)}: these files differ`).toEqual([]);
      rmSync(out, { recursive: true, force: true });
    }
    expect(kills).toBeGreaterThanOrEqual(20);
  }, 3_600_000);
});
