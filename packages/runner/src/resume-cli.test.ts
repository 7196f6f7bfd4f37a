import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gymkit, gymkitArgs, readOutcome, runPrinted } from "../test/cli-process.js";

const root = mkdtempSync(join(tmpdir(), "gymkit-resume-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The experiment on `env` (LunarLander's env state is replayed from its reset on resume). */
function configFor(env: string): string {
  const file = join(root, `exp-${env}.yaml`);
  writeFileSync(
    file,
    `name: resume
env: ${env}
agent: { kind: dqn, hidden: [32, 32], learningStarts: 200 }
budget: { steps: 4000 }
eval: { every: 1000, episodes: 3 }
checkpoint: { every: 500 }
seed: 3
`,
  );
  return file;
}
const config = join(root, "exp.yaml");
writeFileSync(
  config,
  `name: resume
env: CartPole-v1
agent: { kind: dqn, hidden: [32, 32], learningStarts: 200 }
budget: { steps: 4000 }
eval: { every: 1000, episodes: 3 }
checkpoint: { every: 500 }
seed: 3
`,
);

const outcome = (out: string) => readOutcome(out, "resume", 3);

/** Starts a run and SIGKILLs it once its checkpoint has reached `atLeast` steps (read from the file, not the clock). */
function killAfterCheckpoint(out: string, backend: string, atLeast: number, file = config): Promise<number> {
  const loop = join(out, "resume", "seed-3", "checkpoint", "loop.json");
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      gymkitArgs("train", file, "--out", out, "--workers", "0", "--backend", backend),
      {
        stdio: "ignore",
      },
    );
    const poll = setInterval(() => {
      try {
        if (!existsSync(loop)) return;
        const { step } = JSON.parse(readFileSync(loop, "utf8")) as { step: number };
        if (step >= atLeast) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve(step);
        }
      } catch {} // a checkpoint being swapped in: look again
    }, 20);
    child.on("exit", (code, signal) => {
      clearInterval(poll);
      if (signal !== "SIGKILL")
        reject(new Error(`the run ended by itself (code ${code}) before it was killed`));
    });
  });
}

describe.each([
  ["CartPole-v1", "cpu"],
  ["CartPole-v1", "wasm"],
  ["LunarLander-v3", "cpu"],
])("gymkit train --resume, %s on %s", (env, backend) => {
  const config = env === "CartPole-v1" ? join(root, "exp.yaml") : configFor(env);
  it("a run killed with SIGKILL and resumed ends with exactly the episodes of an uninterrupted run", async () => {
    const whole = join(root, `whole-${env}-${backend}`);
    const r = gymkit("train", config, "--out", whole, "--workers", "0", "--backend", backend);
    expect(r.status, r.stderr).toBe(0);
    const a = outcome(whole);

    const killed = join(root, `killed-${env}-${backend}`);
    const at = await killAfterCheckpoint(killed, backend, 1500, config);
    expect(existsSync(join(killed, "resume", "seed-3", "outcome.json"))).toBe(false);
    const resumed = gymkit(
      "train",
      config,
      "--out",
      killed,
      "--resume",
      "--workers",
      "0",
      "--backend",
      backend,
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    const c = outcome(killed);
    expect(c.resumedFrom).toBe(at);
    expect(c.steps).toBe(a.steps);
    expect(c.episodeReturns).toEqual(a.episodeReturns);
    expect(c.evaluations.map((e) => [e.step, e.mean, e.returns])).toEqual(
      a.evaluations.map((e) => [e.step, e.mean, e.returns]),
    );
    // Resuming a finished run does nothing.
    const again = gymkit(
      "train",
      config,
      "--out",
      killed,
      "--resume",
      "--workers",
      "0",
      "--backend",
      backend,
    );
    expect(again.stdout).toContain("already done");
  });
});

describe("Ctrl-C", () => {
  it("checkpoints every run (in its worker thread), says how to resume, and the resumed run matches", async () => {
    const whole = join(root, "whole-CartPole-v1-cpu");
    if (!existsSync(join(whole, "resume", "seed-3", "outcome.json"))) {
      expect(gymkit("train", config, "--out", whole, "--workers", "0", "--backend", "cpu").status).toBe(0);
    }
    const out = join(root, "sigint");
    const loop = join(out, "resume", "seed-3", "checkpoint", "loop.json");
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        gymkitArgs("train", config, "--out", out, "--workers", "1", "--backend", "cpu"),
        {
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      let err = "";
      child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
      const poll = setInterval(() => {
        if (existsSync(loop)) {
          clearInterval(poll);
          child.kill("SIGINT");
        }
      }, 20);
      child.on("exit", (c) => {
        clearInterval(poll);
        resolve({ code: c, stderr: err });
      });
    });
    expect(code).toBe(130);
    expect(stderr).toContain("Stopping: every run writes a checkpoint, then exits...");
    const printed = /Resume with: (.*)$/m.exec(stderr)![1]!;
    expect(printed).toBe(`gymkit train ${config} --out ${out} --backend cpu --workers 1 --resume`);
    expect(existsSync(join(out, "resume", "seed-3", "outcome.json"))).toBe(false); // stopped, not finished
    const resumed = runPrinted(printed); // as printed, through a shell
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(outcome(out).episodeReturns).toEqual(outcome(whole).episodeReturns);
  });
});
