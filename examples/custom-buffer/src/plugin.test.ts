import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { createRng, Registry } from "@gymkit/core";
import { describeReplayBufferContract } from "@gymkit/core/testing";
import cartpole from "@gymkit/env-cartpole";
import { afterAll, describe, expect, it } from "vitest";
import reservoir from "./plugin.js";

const here = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "gymkit-reservoir-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const registry = new Registry().use(cartpole).use(agentDqn).use(reservoir);
// Core's contract for every replay buffer; a reservoir keeps a random subset, not the newest.
describeReplayBufferContract(
  "reservoir",
  ({ capacity, ...env }) => registry.create("buffer", "reservoir", { capacity }, { env }),
  { eviction: "any" },
);

describe("the reservoir buffer", () => {
  it("keeps each transition ever added with equal probability", () => {
    const spaces = registry.make("CartPole-v1");
    const kept = new Array<number>(100).fill(0);
    for (let seed = 0; seed < 400; seed++) {
      const b = registry.create("buffer", "reservoir", { capacity: 10 }, { env: spaces, seed });
      for (let i = 0; i < 100; i++) {
        b.add({
          observation: [i, 0, 0, 0],
          nextObservation: [0, 0, 0, 0],
          action: 0,
          reward: i,
          terminated: false,
          truncated: false,
        });
      }
      const batch = b.sample(10, createRng(seed), { copy: true });
      for (const r of new Set(batch.rewards)) kept[r]!++;
    }
    // Early and late transitions survive alike: the first and last 50 are sampled about as often.
    const early = kept.slice(0, 50).reduce((a, b) => a + b, 0);
    const late = kept.slice(50).reduce((a, b) => a + b, 0);
    expect(Math.abs(early - late) / (early + late)).toBeLessThan(0.1);
  });

  it("fills a composed run's buffer slot, and is selected from config.yaml through the CLI", async () => {
    await prepareBackend("cpu", { log: false });
    const run = await registry.compose({
      env: "CartPole-v1",
      agent: { kind: "dqn", hidden: [16], learningStarts: 100, buffer: { kind: "reservoir", capacity: 500 } },
      budget: { steps: 1_000 },
      seed: 0,
    });
    try {
      expect(run.filled).toContainEqual(
        expect.objectContaining({ path: "agent.buffer", id: "reservoir", plugin: "buffer-reservoir" }),
      );
      expect((await run.train()).steps).toBe(1_000);
    } finally {
      await run.dispose();
    }
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
    const outcome = JSON.parse(readFileSync(join(out, "reservoir-replay/seed-0/outcome.json"), "utf8"));
    expect(outcome).toMatchObject({ status: "completed", steps: 1_500 });
  });
});

describe("docs/guide/writing-a-plugin.md", () => {
  it("shows the reservoir part exactly as src/plugin.ts has it", () => {
    const source = readFileSync(join(here, "src/plugin.ts"), "utf8");
    const part = source.slice(source.indexOf("const reservoir"), source.indexOf("\n});\n") + 5);
    expect(readFileSync(join(here, "../../docs/guide/writing-a-plugin.md"), "utf8")).toContain(part);
  });
});
