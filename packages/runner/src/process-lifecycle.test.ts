/**
 * Issue #19, one writer per run and one process per command: `gymkit` is one process, so a kill
 * leaves nothing training; under npx, a Ctrl-C (SIGINT to the whole process group, as a terminal
 * sends it) acts once and prints how to resume, and a killed npx does not leave its gymkit
 * running; SIGHUP checkpoints like Ctrl-C; a second command on a run being written is refused,
 * naming the writer, and a dead writer's lock is taken over.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { gymkit, readOutcome, until } from "../test/cli-process.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const bin = fileURLToPath(new URL("../bin/gymkit.js", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "gymkit-lifecycle-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = join(root, "exp.yaml");
writeFileSync(
  config,
  `name: life
env: CartPole-v1
agent: { kind: dqn, hidden: [16], learningStarts: 100 }
budget: { steps: 4000 }
eval: { every: 2000, episodes: 2 }
checkpoint: { every: 500 }
seed: 2
`,
);
const runDir = (out: string) => join(out, "life", "seed-2");
const loopStep = (out: string) =>
  (JSON.parse(readFileSync(join(runDir(out), "checkpoint", "loop.json"), "utf8")) as { step: number }).step;

/** Pids of the processes (other than this one) whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid)
    .filter((n) => {
      try {
        return readFileSync(`/proc/${n}/cmdline`, "utf8").includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const started: ChildProcess[] = [];
afterEach(() => {
  // A failed test leaves nothing running: its groups are killed whole.
  for (const c of started.splice(0)) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {}
  }
});

/** Starts `command` in its own process group (as a terminal's foreground job) and keeps its stderr. */
function start(command: string, args: string[]) {
  const child = spawn(command, args, { cwd: repo, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  started.push(child);
  let err = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const closed = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return { child, closed, err: () => err };
}
const training = (out: string) => existsSync(join(runDir(out), "checkpoint", "loop.json"));

describe("one process per command", () => {
  it("SIGKILL of `gymkit` leaves no process of the run", async () => {
    const out = join(root, "one");
    const g = start(process.execPath, [bin, "train", config, "--out", out, "--backend", "cpu"]);
    await until(() => training(out));
    process.kill(g.child.pid!, "SIGKILL"); // the process alone, not its group
    await g.closed;
    expect(processesMentioning(out)).toEqual([]);
  });

  it("under npx: SIGKILL of npx alone stops its gymkit too, with a checkpoint where it stood", async () => {
    const out = join(root, "npx-killed");
    const g = start("npx", ["gymkit", "train", config, "--out", out, "--backend", "cpu"]);
    await until(() => training(out));
    const before = processesMentioning(out);
    expect(before.length).toBeGreaterThanOrEqual(2); // npm, (sh,) gymkit
    process.kill(g.child.pid!, "SIGKILL");
    await until(() => processesMentioning(out).length === 0);
    expect(existsSync(join(runDir(out), "outcome.json"))).toBe(false);
    const resumed = gymkit("train", config, "--out", out, "--backend", "cpu", "--resume");
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readOutcome(out, "life", 2).resumedFrom).toBeGreaterThan(0);
  });

  it("under npx: one Ctrl-C to the process group stops once, checkpoints and prints how to resume", async () => {
    const out = join(root, "npx-sigint");
    const g = start("npx", ["gymkit", "train", config, "--out", out, "--backend", "cpu"]);
    await until(() => training(out));
    process.kill(-g.child.pid!, "SIGINT"); // as a terminal does: the whole foreground group
    await g.closed;
    await until(() => processesMentioning(out).length === 0);
    const err = g.err();
    expect(err.split("Stopping: every run writes a checkpoint, then exits...").length).toBe(2);
    const line = `Stopped. Checkpoints are in ${out}. Resume with: gymkit train ${config} --out ${out} --backend cpu --resume`;
    expect(err.split(line).length, err).toBe(2);
    expect(existsSync(join(runDir(out), "outcome.json"))).toBe(false);
  });

  it("SIGHUP (a closed terminal) checkpoints where the run stands, and the run resumes from there", async () => {
    const out = join(root, "hup");
    const g = start(process.execPath, [
      bin,
      "train",
      config,
      "--out",
      out,
      "--backend",
      "cpu",
      "--workers",
      "0",
    ]);
    await until(() => training(out));
    process.kill(-g.child.pid!, "SIGHUP");
    expect(await g.closed).toBe(130);
    expect(g.err()).toContain(`Stopped. Checkpoints are in ${out}.`);
    const at = loopStep(out);
    const resumed = gymkit("train", config, "--out", out, "--backend", "cpu", "--workers", "0", "--resume");
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readOutcome(out, "life", 2).resumedFrom).toBe(at);
  });
});

describe("one writer per run", () => {
  it("a second command on a run being written is refused, naming the writer; a dead writer's lock is taken over", async () => {
    const out = join(root, "locked");
    // A long budget: the first run is still writing while the others try.
    const args = ["--out", out, "--backend", "cpu", "--workers", "0", "--steps", "400000"];
    const g = start(process.execPath, [bin, "train", config, ...args]);
    await until(() => training(out));
    const pid = g.child.pid!;
    const holder = new RegExp(
      `it is being written by process ${pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(gymkit train ${config} ${args.join(" ")}\\)\\. Wait for it to end, or stop it \\(Ctrl-C checkpoints its runs\\), then run this again; a lock whose process is gone is taken over\\. Nothing was changed\\.$`,
    );
    const resume = gymkit("train", config, ...args, "--resume");
    expect(resume.status, resume.stderr).toBe(1);
    expect(resume.stderr.trim().startsWith(`gymkit: Cannot write ${runDir(out)}: `), resume.stderr).toBe(
      true,
    );
    expect(resume.stderr.trim()).toMatch(holder);
    const compare = gymkit("compare", config, ...args, "--resume");
    expect(compare.status, compare.stderr).toBe(1);
    expect(compare.stderr.trim()).toMatch(holder);

    process.kill(-pid, "SIGKILL");
    await g.closed;
    const after = start(process.execPath, [bin, "train", config, ...args, "--resume"]);
    const took = new RegExp(
      `gymkit: took over the lock on ${runDir(out)} from process ${pid} on ${hostname()}, since .*, which no longer runs\\.`,
    );
    await until(() => took.test(after.err()));
  });
});
