/**
 * Issue #19: a run that fails (its env throws mid-run) says where it stopped and how to resume
 * instead of a raw stack; in a compare the healthy runs complete, their outcomes and the summary
 * of what can be summarised are written (naming the failed runs), and the exit code is 1.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gymkit } from "../test/cli-process.js";

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const config = join(fixtures, "flaky.yaml");
const out = join(fixtures, "..", "..", ".vitest", "flaky-out");
afterAll(() => {
  rmSync(config, { force: true });
  rmSync(out, { recursive: true, force: true });
});
writeFileSync(
  config,
  `name: flaky
plugins: ["./flaky-plugin.ts"]
env: Flaky-v0
agent: { kind: dqn, hidden: [16], learningStarts: 100 }
budget: { steps: 600 }
eval: { every: 300, episodes: 2 }
checkpoint: { every: 200 }
seeds: 2
variants:
  - name: healthy
  - name: broken
    env: { id: Flaky-v0, options: { failAt: 450 } }
`,
);

describe("a run that fails mid-run", () => {
  it("is named with its step, last checkpoint and resume command; the healthy runs are written and summarised", () => {
    rmSync(out, { recursive: true, force: true });
    const r = gymkit("compare", config, "--out", out, "--backend", "cpu", "--workers", "0");
    expect(r.status, r.stderr).toBe(1);
    const resume = `gymkit compare ${config} --out ${out} --backend cpu --workers 0 --resume`;
    for (const seed of [0, 1]) {
      expect(r.stderr).toContain(
        `run broken/seed-${seed} failed after step 449: Flaky-v0: at step 9 of its episode, step() threw: Flaky-v0 broke at its step 450\n  Last checkpoint at step 400; resume with: ${resume}`,
      );
    }
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    for (const seed of [0, 1]) {
      expect(existsSync(join(out, "healthy", `seed-${seed}`, "outcome.json"))).toBe(true);
      expect(existsSync(join(out, "broken", `seed-${seed}`, "outcome.json"))).toBe(false);
      expect(existsSync(join(out, "broken", `seed-${seed}`, "checkpoint", "loop.json"))).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(Object.keys(summary.variants)).toEqual(["healthy"]);
    expect(summary.failedRuns).toEqual(
      [0, 1].map((seed) => ({
        run: `broken/seed-${seed}`,
        variant: "broken",
        seed,
        step: 449,
        checkpoint: 400,
        message: "Flaky-v0: at step 9 of its episode, step() threw: Flaky-v0 broke at its step 450",
        resume,
      })),
    );
    // The terminal table and the report say the same: each failed run and how to resume.
    expect(r.stdout).toContain(
      `2 run(s) failed and are not in these statistics: broken/seed-0, broken/seed-1.
  broken/seed-0 (variant broken, seed 0) failed after step 449: Flaky-v0: at step 9 of its episode, step() threw: Flaky-v0 broke at its step 450; last checkpoint at step 400
  broken/seed-1 (variant broken, seed 1) failed after step 449: Flaky-v0: at step 9 of its episode, step() threw: Flaky-v0 broke at its step 450; last checkpoint at step 400
Resume them with: ${resume}
`,
    );
    const html = readFileSync(join(out, "report.html"), "utf8");
    for (const seed of [0, 1]) {
      expect(html).toContain(
        `<tr><td>broken/seed-${seed}</td><td>broken</td><td class="n">${seed}</td><td class="n">449</td><td class="n">400</td><td class="msg">Flaky-v0: at step 9 of its episode, step() threw: Flaky-v0 broke at its step 450</td></tr>`,
      );
    }
    expect(html).toContain(`Resume them with <code>${resume}</code>`);
  });
});
