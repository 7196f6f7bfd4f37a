import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GymkitError } from "@gymkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateGreedy, makeAgent, trainSteps } from "../test/helpers.js";
import { prepareBackend } from "./backend.js";

let root: string;
beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
  root = await mkdtemp(join(tmpdir(), "agent-dqn-save-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = { hidden: [16, 16], learningStarts: 100, batchSize: 32 };

describe("save / load", () => {
  it("writes model.json + weights.bin; a loaded agent acts, learns and resumes like the saved one", async () => {
    const { agent, env } = makeAgent("dqn", options, { seed: 3 });
    trainSteps(agent, env, 400, { seed: 3 });
    const dir = join(root, "agent");
    await agent.save(dir);
    expect((await readdir(dir)).sort()).toEqual(["model.json", "weights.bin"]);
    const json = JSON.parse(await readFile(join(dir, "model.json"), "utf8"));
    expect(json.format).toBe("gymkit-dqn");
    expect(json.userDefinedMetadata.config).toMatchObject({
      preset: "dqn",
      backend: "cpu",
      hidden: [16, 16],
    });
    expect(json.userDefinedMetadata.counters).toEqual({ steps: 400, updates: 301 });
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toContain(
      "target/dense2/bias",
    );

    const probe = Float32Array.from({ length: 200 * 4 }, (_, i) => Math.sin(i * 1.3) * 1.5);
    const before = agent.actBatch(probe, 200, { explore: false }).slice();
    const evalBefore = evaluateGreedy(agent, env, 2, 100);

    const fresh = makeAgent("dqn", options, { seed: 99 }).agent;
    expect(Array.from(fresh.actBatch(probe, 200, { explore: false }))).not.toEqual(Array.from(before));
    await fresh.load(dir);
    for (let i = 0; i < 200; i++) expect(fresh.predict(probe.subarray(4 * i, 4 * i + 4))).toBe(before[i]);
    expect(evaluateGreedy(fresh, env, 2, 100)).toEqual(evalBefore);
    expect([fresh.steps, fresh.updates, fresh.epsilon]).toEqual([agent.steps, agent.updates, agent.epsilon]);
    expect(fresh.target!.read()).toEqual(agent.target!.read());

    // Optimizer state, counters and RNGs come back too: both continue identically from here.
    // (Same buffer contents are needed for that, so the loaded agent gets the original's buffer.)
    const twin = makeAgent("dqn", options, { seed: 99 });
    const buf = join(root, "buffer.bin");
    await agent.buffer.save(buf);
    await twin.agent.buffer.load(buf);
    await twin.agent.load(dir);
    const a = trainSteps(agent, env, 300, { seed: 7 });
    const b = trainSteps(twin.agent, twin.env, 300, { seed: 7 });
    expect(b).toEqual(a);
    expect(twin.agent.online.read()).toEqual(agent.online.read());
    for (const x of [agent, fresh, twin.agent]) x.dispose();
  });

  it("overwrites atomically, leaving no temp directories", async () => {
    const { agent } = makeAgent("qlearning", { hidden: [4] });
    const dir = join(root, "nested", "ckpt");
    await agent.save(dir);
    await agent.save(dir);
    expect(await readdir(join(root, "nested"))).toEqual(["ckpt"]);
    expect(agent.target).toBeUndefined();
    const again = makeAgent("qlearning", { hidden: [4] }, { seed: 5 }).agent;
    await again.load(dir);
    expect(again.online.read()).toEqual(agent.online.read());
    agent.dispose();
    again.dispose();
  });

  it("names the file when one is missing or corrupt, and the mismatch when shapes differ", async () => {
    const { agent } = makeAgent("dqn", { hidden: [8] });
    const dir = join(root, "bad");
    await agent.save(dir);
    const load = () => agent.load(dir);
    await writeFile(join(dir, "weights.bin"), new Uint8Array(10));
    await expect(load()).rejects.toThrow(/bad\/weights\.bin: holds 10 bytes/);
    await rm(join(dir, "weights.bin"));
    await expect(load()).rejects.toThrow(/bad\/weights\.bin does not exist/);
    await writeFile(join(dir, "model.json"), "{ not json");
    await expect(load()).rejects.toThrow(/bad\/model\.json is not valid JSON/);
    const err = await agent.load(join(root, "nowhere")).catch((e) => e);
    expect(err).toBeInstanceOf(GymkitError);
    expect(err.code).toBe("GYMKIT_CORRUPT_FILE");
    expect(err.message).toMatch(/nowhere\/model\.json does not exist \(nor does its directory/);

    const other = makeAgent("dqn", { hidden: [9] }).agent;
    const otherDir = join(root, "other");
    await other.save(otherDir);
    await expect(agent.load(otherDir)).rejects.toThrow(/hidden is \[9\] in the checkpoint but \[8\] here/);
    agent.dispose();
    other.dispose();
  });
});
