import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRegistry } from "../test/helpers.js";
import { loadAgent } from "./node.js";

const script = fileURLToPath(new URL("../test/fixtures/save-loop.ts", import.meta.url));
const cwd = fileURLToPath(new URL("..", import.meta.url));
const KILLS = 30;

let root: string;
beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
  root = await mkdtemp(join(tmpdir(), "agent-dqn-kill-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * Runs the save loop in a child until it has printed `lines` lines (a point in the middle of a
 * save or between two), then SIGKILLs it. Returns the steps of the last save it reported done.
 * Progress is read from the child's output, never from the clock.
 */
function runAndKill(dir: string, lines: number): Promise<{ lastSaved: number | undefined; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@gymkit/source", "--import", "tsx", script, dir], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    let seen = 0;
    let lastSaved: number | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const all = out.split("\n");
      out = all.pop()!;
      for (const line of all) {
        const m = /^saved \d+ (\d+)$/.exec(line);
        if (m) lastSaved = Number(m[1]);
        if (++seen === lines) child.kill("SIGKILL");
      }
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("exit", () => resolve({ lastSaved, stderr }));
  });
}

describe("a save loop killed with SIGKILL", () => {
  it(`at ${KILLS} moments: the newest complete checkpoint always loads and verifies; no debris piles up`, async () => {
    const rng = createRng(2026);
    const registry = testRegistry();
    const dir = join(root, "ckpt");
    let killsMidSave = 0;
    for (let k = 0; k < KILLS; k++) {
      // 2..9 lines: kill after "saving i" (mid-save) or after "saved i" (between saves).
      const lines = 2 + rng.int(8);
      if (lines % 2 === 1) killsMidSave++;
      const { lastSaved, stderr } = await runAndKill(dir, lines);
      expect(stderr).not.toMatch(/Error/);
      expect(lastSaved).toBeDefined();
      const agent = await loadAgent(dir, registry); // verifies checksums, schema, RNG states
      // The last save reported done, or the one in flight if it finished before the kill landed.
      expect([lastSaved, lastSaved! + 10]).toContain(agent.steps);
      agent.dispose();
      expect(await readdir(root)).toEqual(["ckpt"]);
    }
    expect(killsMidSave).toBeGreaterThan(5);
  }, 600_000);
});
