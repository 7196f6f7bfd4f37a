import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { escapeHtml } from "./report/format.js";

const bin = fileURLToPath(new URL("../bin/gymkit.js", import.meta.url));
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "gymkit-compare-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The README's main job (`npm run compare`), on a tiny budget, through the real bin. */
function gymkit(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });
}

describe("gymkit compare (the README's command, tiny budget)", () => {
  it("runs every variant × seed in worker threads and writes summary.json and the report", () => {
    const r = gymkit(
      "compare",
      "examples/qlearning-vs-dqn.yaml",
      "--steps",
      "1200",
      "--seeds",
      "2",
      "--set",
      "eval.every=600",
      "--set",
      "eval.episodes=2",
      "--workers",
      "2",
      "--backend",
      "cpu",
      "--out",
      out,
    );
    expect(r.stderr).not.toMatch(/Error|failed/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("gymkit compare: qlearning vs dqn-blog vs dqn, 6 run(s), seeds 0..1");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(Object.keys(summary.variants)).toEqual(["qlearning", "dqn-blog", "dqn"]);
    expect(summary.env).toBe("CartPole-v1");
    expect(summary.backend).toBe("cpu");
    for (const v of Object.values(summary.variants) as Array<{ seeds: number[] }>)
      expect(v.seeds).toEqual([0, 1]);
    // 2 seeds are too few for a verdict; the terminal, summary.json and report.html say so alike.
    expect(summary.verdict).toMatchObject({ clear: false, reason: "too-few-seeds", seeds: 2, minSeeds: 5 });
    expect(r.stdout).toContain(summary.verdict.headline);
    const noVerdict = "No verdict with 2 seeds per variant: a verdict needs at least 5 seeds per variant.";
    expect(summary.verdict.headline).toContain(noVerdict);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain(escapeHtml(noVerdict));
    for (const variant of ["qlearning", "dqn-blog", "dqn"]) {
      for (const seed of [0, 1]) {
        const dir = join(out, variant, `seed-${seed}`);
        for (const f of [
          "config.json",
          "metrics.jsonl",
          "progress.csv",
          "monitor.csv",
          "outcome.json",
          "model/model.json",
        ]) {
          expect(existsSync(join(dir, f)), `${dir}/${f}`).toBe(true);
        }
        const manifest = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
        expect(manifest).toMatchObject({
          variant,
          seed,
          backend: "cpu",
          config: { seed, budget: { steps: 1200 } },
        });
        expect(
          manifest.slots.map((s: { path: string; package: string }) => `${s.path}:${s.package}`),
        ).toContain("agent:@gymkit/agent-dqn");
      }
    }
    // The same command again refuses to overwrite; --resume finds every run done. (Without its
    // --set eval.every=600 it would be refused first for evaluating beyond the 1200-step budget.)
    const again = gymkit(
      "compare",
      "examples/qlearning-vs-dqn.yaml",
      "--steps",
      "1200",
      "--seeds",
      "2",
      "--set",
      "eval.every=600",
      "--out",
      out,
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already holds runs of this experiment. Continue them with --resume");
  });
});
