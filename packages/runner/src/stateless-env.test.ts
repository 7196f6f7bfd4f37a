/**
 * Issue 21: an env without getState/setState (the plugin guide's own CorridorEnv) trains under the
 * runner. The run says before it trains that it writes no checkpoints and how to add them; it used
 * to fail at its first checkpoint ("cannot save its state") after `checkpoint.every` steps.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gymkit } from "../test/cli-process.js";

const corridor = fileURLToPath(new URL("../../core/test/corridor-plugin.ts", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "gymkit-stateless-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = join(root, "corridor.yaml");
writeFileSync(
  config,
  `name: corridor
plugins: ["${corridor}"]
env: { id: gridworld/Corridor-v0, options: { size: 4 } }
agent: { kind: dqn, hidden: [8], learningStarts: 50, batchSize: 16 }
budget: { steps: 700 }
eval: { every: 350, episodes: 2 }
checkpoint: { every: 300 }
loggers: [{ kind: jsonl, every: 100 }]
`,
);
const NOTE =
  'gridworld/Corridor-v0 cannot save its state (it does not implement getState/setState), so this run writes no checkpoints: --resume trains it again from step 0, and a stop (Ctrl-C) keeps nothing to resume. To checkpoint it, add getState/setState to the env (docs/guide/writing-a-plugin.md, "Checkpoints and resume").';

describe("an env without getState/setState", () => {
  it("trains to its budget without checkpoints, saying so before step 1, and saves its model", () => {
    const out = join(root, "out");
    const r = gymkit("train", config, "--out", out, "--backend", "cpu", "--workers", "0");
    expect(r.status, r.stderr).toBe(0);
    const dir = join(out, "corridor", "seed-0");
    const outcome = JSON.parse(readFileSync(join(dir, "outcome.json"), "utf8")) as {
      status: string;
      steps: number;
      warnings: string[];
    };
    expect(outcome.status).toBe("completed");
    expect(outcome.steps).toBe(700);
    expect(outcome.warnings).toEqual([`noCheckpoints: ${NOTE}`]);
    // Said at step 0, before any training step, in the run's log.
    const first = JSON.parse(readFileSync(join(dir, "metrics.jsonl"), "utf8").split("\n")[0]!) as {
      kind: string;
      step: number;
      warning: { message: string };
    };
    expect([first.kind, first.step, first.warning.message]).toEqual(["warning", 0, NOTE]);
    expect(existsSync(join(dir, "checkpoint"))).toBe(false);
    expect(readdirSync(join(dir, "model")).sort()).toEqual(["model.json", "weights.bin"]);
  }, 300_000);
});
