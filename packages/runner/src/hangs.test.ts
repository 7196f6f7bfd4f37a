/**
 * Issue 19: nothing hangs, and Ctrl-C always stops. Each case would hang without its fix; the
 * CLI runs in its own process group, which the tests signal as a terminal does (Ctrl-C reaches
 * every process of the foreground group). Time limits here only catch hangs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gymkitArgs, until } from "../test/cli-process.js";
import { LOAD_NOTICE_MS } from "./plugin-watch.js";
import { STOP_GRACE_MS } from "./pool.js";

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "gymkit-hangs-"));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, "SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

/** The CLI in a process group of its own; `ctrlC()` signals the whole group, as a terminal does. */
function start(...args: string[]) {
  const child = spawn(process.execPath, gymkitArgs(...args), {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  const p = {
    out: "",
    err: "",
    ended: new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.on("exit", (code, signal) => r({ code, signal })),
    ),
    ctrlC: () => process.kill(-child.pid!, "SIGINT"),
  };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (p.out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (p.err += d));
  return p;
}

function config(name: string, text: string): string {
  const path = join(root, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe("a plugin whose import or register() never returns", () => {
  it.each([
    ["an import that is a busy loop", "hang-import.mjs"],
    ["a top-level await that never settles", "await-forever.mjs"],
    ["a register() that is a busy loop", "hang-register.mjs"],
  ])(
    `%s: named after ${LOAD_NOTICE_MS / 1000} s, and Ctrl-C stops gymkit at once`,
    async (_, file) => {
      const plugin = join(fixtures, file);
      const cli = start(
        "train",
        config(file, `plugins: ["${plugin}"]\nenv: CartPole-v1\nagent: dqn\n`),
        "--out",
        join(root, file),
      );
      await until(() => cli.err.includes("has not finished loading"));
      expect(cli.err).toContain(
        `gymkit: plugin "${plugin}" has not finished loading after ${LOAD_NOTICE_MS / 1000} s (its import or its register() has not returned). Still waiting; Ctrl-C stops gymkit.`,
      );
      cli.ctrlC();
      expect(await cli.ended).toEqual({ code: null, signal: "SIGINT" });
    },
    120_000,
  );
});

const hangConfig = (name: string, env: string) =>
  config(
    name,
    `name: hang
plugins: ["${join(fixtures, "hang-plugin.mjs")}"]
env: ${env}
agent: { kind: dqn, hidden: [8], learningStarts: 50, batchSize: 16 }
budget: { steps: 1000000 }
eval: { every: 100, episodes: 1 }
backend: cpu
`,
  );

describe("an env that never ends its episodes (and has no time limit)", () => {
  it.each([["0"], ["1"]])(
    "--workers %s: evaluations end, and Ctrl-C checkpoints and stops the run inside one",
    async (workers) => {
      const out = join(root, `endless-${workers}`);
      const cli = start("train", hangConfig("endless", "Hang-v0"), "--out", out, "--workers", workers);
      await until(() => cli.out.includes("hang/seed-0"));
      cli.ctrlC();
      expect(await cli.ended).toEqual({ code: 130, signal: null });
      expect(cli.err).toContain(`Stopped. Checkpoints are in ${out}.`);
    },
    120_000,
  );
});

describe("an env whose step() never returns", () => {
  it(`in a worker thread: Ctrl-C ends the run after ${STOP_GRACE_MS / 1000} s, naming it`, async () => {
    const out = join(root, "stuck");
    const cli = start(
      "train",
      hangConfig("stuck", "{ id: Hang-v0, options: { hangIn: step, after: 20 } }"),
      "--out",
      out,
      "--workers",
      "1",
    );
    await until(() => cli.out.includes("hang/seed-0"));
    cli.ctrlC();
    expect(await cli.ended).toEqual({ code: 130, signal: null });
    expect(cli.err).toMatch(
      new RegExp(
        `gymkit: Run hang/seed-0 did not take in the stop request within ${STOP_GRACE_MS / 1000} s: it was held in one call (since it last reported, at step \\d+|while starting).*Its thread was ended; its last checkpoint, if it has one, is kept for --resume\\.`,
      ),
    );
    expect(cli.err).toContain(`Stopped. Checkpoints are in ${out}.`);
  }, 120_000);
});
