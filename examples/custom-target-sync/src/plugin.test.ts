import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { Registry } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";
import { afterAll, describe, expect, it } from "vitest";
import episodic from "./plugin.js";

const here = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "gymkit-episodic-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the episodic target sync", () => {
  it("syncs at the first update after every 5th episode in a composed run", async () => {
    await prepareBackend("cpu", { log: false });
    const registry = new Registry().use(cartpole).use(replayMemory).use(agentDqn).use(episodic);
    const run = await registry.compose({
      env: "CartPole-v1",
      agent: {
        kind: "dqn",
        hidden: [16],
        learningStarts: 100,
        targetSync: { kind: "episodic", episodes: 5 },
      },
      budget: { steps: 1_500 },
      seed: 0,
    });
    const episodesAt: number[] = [];
    const syncsAt: number[] = [];
    run.events.on("episodeEnd", (e) => episodesAt.push(e.step));
    run.events.on("targetSync", (s) => syncsAt.push(s.step));
    try {
      await run.train();
    } finally {
      await run.dispose();
    }
    // Updates run every step from step 100 (learningStarts), so each 5th episode's end at step s
    // brings a sync at step max(s + 1, 100); episodes that end before updates start share one.
    const fifth = episodesAt.filter((_, i) => (i + 1) % 5 === 0);
    const expected = [...new Set(fifth.map((s) => Math.max(s + 1, 100)))].filter((s) => s <= 1_500);
    expect(syncsAt.length).toBeGreaterThan(3);
    expect(syncsAt).toEqual(expected);
  });

  it("is selected from config.yaml through the CLI", async () => {
    await promisify(execFile)(
      process.execPath,
      [
        join(here, "../../packages/runner/bin/gymkit.js"),
        "train",
        "config.yaml",
        "--steps",
        "1500",
        "--workers",
        "0",
        "--backend",
        "cpu",
        "--out",
        out,
      ],
      { cwd: here },
    );
    const config = JSON.parse(readFileSync(join(out, "episodic-sync/seed-0/config.json"), "utf8"));
    expect(JSON.stringify(config)).toContain('"episodic"');
    expect(JSON.parse(readFileSync(join(out, "episodic-sync/seed-0/outcome.json"), "utf8")).status).toBe(
      "completed",
    );
  });
});

describe("docs/guide/writing-a-plugin.md", () => {
  it("shows the episodic part exactly as src/plugin.ts has it", () => {
    const source = readFileSync(join(here, "src/plugin.ts"), "utf8");
    const part = source.slice(source.indexOf("const episodicSync"), source.indexOf("\n});\n") + 5);
    expect(readFileSync(join(here, "../../docs/guide/writing-a-plugin.md"), "utf8")).toContain(part);
  });
});
