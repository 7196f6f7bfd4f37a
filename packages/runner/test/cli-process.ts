/**
 * The `gymkit` CLI as a child process, for tests that kill, stop or wait on it: the CLI itself
 * runs (no launcher in between), so a signal hits the process that trains.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../src/bin.ts", import.meta.url));

/** Node arguments that run the CLI from its TypeScript sources. */
export const gymkitArgs = (...rest: string[]): string[] => [
  "--conditions=@gymkit/source",
  "--import",
  "tsx",
  entry,
  ...rest,
];

/** Runs the CLI to its end. */
export const gymkit = (...rest: string[]) =>
  spawnSync(process.execPath, gymkitArgs(...rest), { encoding: "utf8" });

/** A running CLI process and what it printed so far. */
export interface CliProcess {
  child: ChildProcess;
  out: string;
  err: string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

/** Starts the CLI; {@link killStarted} ends whatever a failed test left running. */
export function startGymkit(...rest: string[]): CliProcess {
  const child = spawn(process.execPath, gymkitArgs(...rest), { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  const p: CliProcess = { child, out: "", err: "", exited: Promise.resolve(null) };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (p.out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (p.err += d));
  p.exited = new Promise((r) => child.on("exit", (code) => r(code)));
  return p;
}

/** SIGKILLs every process {@link startGymkit} started that is still running. */
export function killStarted(): void {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
}

/** Polls `check` until it holds (what it reads decides, never the clock; test timeouts catch hangs). */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (;;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A run's outcome.json, as these tests read it. */
export interface TestOutcome {
  episodeReturns: number[];
  evaluations: Array<{ step: number; mean: number; returns: number[] }>;
  steps: number;
  resumedFrom?: number | null;
  dir: string;
}

/** `<out>/<variant>/seed-<seed>/outcome.json`. */
export const readOutcome = (out: string, variant: string, seed: number): TestOutcome =>
  JSON.parse(readFileSync(join(out, variant, `seed-${seed}`, "outcome.json"), "utf8")) as TestOutcome;

let shim: string | undefined;
/**
 * Runs a command line the CLI printed (e.g. its "Resume with: gymkit ..."), as a user pastes it
 * into a POSIX shell, with a `gymkit` on the PATH that runs these sources.
 */
export function runPrinted(line: string) {
  if (shim === undefined) {
    shim = mkdtempSync(join(tmpdir(), "gymkit-bin-"));
    const args = gymkitArgs()
      .map((a) => `'${a}'`)
      .join(" ");
    writeFileSync(join(shim, "gymkit"), `#!/bin/sh\nexec '${process.execPath}' ${args} "$@"\n`);
    chmodSync(join(shim, "gymkit"), 0o755);
  }
  return spawnSync("sh", ["-c", line], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${shim}:${process.env.PATH}` },
  });
}
