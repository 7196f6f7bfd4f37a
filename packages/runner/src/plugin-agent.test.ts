/**
 * Issue 21: an agent plugin the runner has never heard of (test/fixtures/coin-agent-plugin.ts: no
 * TensorFlow.js, its own state file, a uniform buffer at agent.buffer) is checkpointed, killed,
 * resumed exactly, saved and evaluated by the runner through Run.checkpoint/restore and the
 * part's registered load; nothing in the runner names it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gymkit, gymkitArgs, until } from "../test/cli-process.js";

const plugin = fileURLToPath(new URL("../test/fixtures/coin-agent-plugin.ts", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "gymkit-coin-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = join(root, "coin.yaml");
writeFileSync(
  config,
  `name: coin
plugins: ["${plugin}"]
env: CartPole-v1
agent: { kind: coin, seed: 11 }
budget: { steps: 1200 }
eval: { every: 400, episodes: 2 }
checkpoint: { every: 300 }
loggers: [{ kind: jsonl, every: 100 }]
seed: 3
`,
);
const runDir = (out: string) => join(out, "coin", "seed-3");
const outcome = (out: string) =>
  JSON.parse(readFileSync(join(runDir(out), "outcome.json"), "utf8")) as {
    episodeReturns: number[];
    resumedFrom?: number;
  };

/** Trains in its own process group, held (GYMKIT_TEST_HOLD) while writing the checkpoint at `step`, then SIGKILLed. */
async function killWhileCheckpointing(out: string, step: number): Promise<void> {
  const marker = join(root, `held-${step}`);
  const child: ChildProcess = spawn(
    process.execPath,
    gymkitArgs("train", config, "--out", out, "--workers", "0"),
    {
      detached: true,
      stdio: "ignore",
      env: { ...process.env, GYMKIT_TEST_HOLD: `checkpoint-written:${step}:${marker}` },
    },
  );
  const exit = new Promise<void>((r) => child.on("exit", () => r()));
  let exited = false;
  void exit.then(() => {
    exited = true;
  });
  await until(() => exited || existsSync(marker));
  expect(exited).toBe(false);
  process.kill(-child.pid!, "SIGKILL"); // the whole group, as when the machine dies
  await exit;
}

describe("an agent plugin the runner does not know", () => {
  it("checkpoints with its buffer, resumes exactly, saves model/ and is evaluated through its load", async () => {
    const whole = join(root, "whole");
    const w = gymkit("train", config, "--out", whole, "--workers", "0");
    expect(w.status, w.stderr).toBe(0);
    // The run's checkpoint holds the agent's file and its buffer's image, by config path.
    expect(readdirSync(join(runDir(whole), "checkpoint")).sort()).toEqual([
      "buffer.rb",
      "coin.json",
      "loggers.json",
      "loop.json",
    ]);
    expect(readdirSync(join(runDir(whole), "model"))).toEqual(["coin.json"]);

    const killed = join(root, "killed");
    await killWhileCheckpointing(killed, 900); // the checkpoint at 600 stays
    const r = gymkit("train", config, "--out", killed, "--workers", "0", "--resume");
    expect(r.status, r.stderr).toBe(0);
    expect(outcome(killed).resumedFrom).toBe(600);
    expect(outcome(killed).episodeReturns).toEqual(outcome(whole).episodeReturns);
    expect(readFileSync(join(runDir(killed), "model", "coin.json"))).toEqual(
      readFileSync(join(runDir(whole), "model", "coin.json")),
    );

    const e = gymkit("eval", runDir(killed), "--episodes", "2", "--seed", "0");
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/^CartPole-v1: greedy return \d+\.\d ± \d+\.\d over 2 episodes/);
  }, 600_000);
});
