import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GymkitError, isCheckpointable, Registry } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateGreedy, makeAgent, testRegistry, trainSteps } from "../test/helpers.js";
import { loadAgent, restoreAgent, saveAgent } from "./node.js";

let root: string;
beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
  root = await mkdtemp(join(tmpdir(), "agent-dqn-save-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = { hidden: [16, 16], learningStarts: 100, batchSize: 32 };
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe("checkpoint / restore (bytes, browser-safe)", () => {
  it("gives model.json + weights.bin; a restored agent acts, learns and resumes like the original", async () => {
    const { agent, env } = makeAgent("dqn", options, { seed: 3 });
    expect(isCheckpointable(agent)).toBe(true);
    trainSteps(agent, env, 400, { seed: 3 });
    const files = await agent.checkpoint();
    // The replay buffer is saved on its own (the runner writes both), for the twin below.
    const image = agent.buffer.serialize!();
    expect(Object.keys(files).sort()).toEqual(["model.json", "weights.bin"]);
    const json = JSON.parse(text(files["model.json"]));
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
    await fresh.restore(files);
    for (let i = 0; i < 200; i++) expect(fresh.predict(probe.subarray(4 * i, 4 * i + 4))).toBe(before[i]);
    expect(evaluateGreedy(fresh, env, 2, 100)).toEqual(evalBefore);
    expect([fresh.steps, fresh.updates, fresh.epsilon]).toEqual([agent.steps, agent.updates, agent.epsilon]);
    expect(fresh.target!.read()).toEqual(agent.target!.read());

    // Optimizer state, counters and RNGs come back too: both continue identically from here.
    // (Same buffer contents are needed for that, so the twin's buffer gets the saved image.)
    const twin = makeAgent("dqn", options, { seed: 99 });
    twin.agent.buffer.deserialize!(image);
    await twin.agent.restore(files);
    const a = trainSteps(agent, env, 300, { seed: 7 });
    const b = trainSteps(twin.agent, twin.env, 300, { seed: 7 });
    expect(b).toEqual(a);
    expect(twin.agent.online.read()).toEqual(agent.online.read());
    for (const x of [agent, fresh, twin.agent]) x.dispose();
  });

  it("names the file when one is missing or corrupt, and the mismatch when shapes differ", async () => {
    const { agent } = makeAgent("dqn", { hidden: [8] });
    const files = await agent.checkpoint();
    const restore = (patch: Record<string, Uint8Array | undefined>, source?: string) =>
      agent.restore(
        Object.fromEntries(
          Object.entries({ ...files, ...patch }).filter((e): e is [string, Uint8Array] => !!e[1]),
        ),
        source,
      );
    await expect(restore({ "weights.bin": new Uint8Array(10) }, "ckpt")).rejects.toThrow(
      "ckpt/weights.bin: holds 10 bytes but the manifest needs more (at online/dense0/kernel); the checkpoint is corrupt or not an agent-dqn save.",
    );
    await expect(restore({ "weights.bin": undefined })).rejects.toThrow(
      "Cannot restore the agent: weights.bin does not exist. An agent checkpoint holds model.json and weights.bin.",
    );
    await expect(restore({ "model.json": new TextEncoder().encode("{ not json") }, "ckpt")).rejects.toThrow(
      /^ckpt\/model\.json is not valid JSON \(.*\); the checkpoint is corrupt\.$/,
    );
    const err = await restore({ "model.json": undefined }).catch((e) => e);
    expect(err).toBeInstanceOf(GymkitError);
    expect(err.code).toBe("GYMKIT_CORRUPT_FILE");

    const other = makeAgent("dqn", { hidden: [9] }).agent;
    await expect(agent.restore(await other.checkpoint(), "other")).rejects.toThrow(
      "Cannot restore other into this agent: hidden is [9] in the checkpoint but [8] here.",
    );
    agent.dispose();
    other.dispose();
  });
});

describe("saveAgent / restoreAgent / loadAgent (@gymkit/agent-dqn/node)", () => {
  it("writes model.json + weights.bin and loads them back", async () => {
    const { agent, env } = makeAgent("dqn", options, { seed: 4 });
    trainSteps(agent, env, 200, { seed: 4 });
    const dir = join(root, "agent");
    await saveAgent(agent, dir);
    expect((await readdir(dir)).sort()).toEqual(["model.json", "weights.bin"]);
    const files = await agent.checkpoint();
    expect(new Uint8Array(await readFile(join(dir, "weights.bin")))).toEqual(files["weights.bin"]);
    const fresh = makeAgent("dqn", options, { seed: 5 }).agent;
    await restoreAgent(fresh, dir);
    expect(fresh.online.read()).toEqual(agent.online.read());
    expect([fresh.steps, fresh.updates]).toEqual([agent.steps, agent.updates]);
    agent.dispose();
    fresh.dispose();
  });

  it("loadAgent rebuilds an agent from the checkpoint alone (preset, options, parts, spaces, budget)", async () => {
    const registry = testRegistry();
    const { agent, env } = makeAgent(
      "qlearning",
      { hidden: [8], lr: 0.0005, epsilon: { kind: "linear", fraction: 0.5 } },
      { seed: 6, totalSteps: 1000 },
    );
    trainSteps(agent, env, 150, { seed: 6 });
    const dir = join(root, "rebuild");
    await saveAgent(agent, dir);
    const loaded = await loadAgent(dir, registry);
    expect(loaded.config).toEqual(agent.config);
    expect([loaded.steps, loaded.updates, loaded.epsilon]).toEqual([
      agent.steps,
      agent.updates,
      agent.epsilon,
    ]);
    expect(loaded.online.read()).toEqual(agent.online.read());
    const probe = Float32Array.from({ length: 4 }, (_, i) => i / 10);
    expect(loaded.predict(probe)).toBe(agent.predict(probe));
    // Both go on identically: same exploration and replay streams.
    const a = trainSteps(agent, env, 200, { seed: 9 });
    const b = trainSteps(loaded, registry.make("CartPole-v1"), 200, { seed: 9 });
    expect(b).toEqual(a);
    expect(loaded.online.read()).toEqual(agent.online.read());
    await expect(loadAgent(dir, new Registry())).rejects.toThrow(
      `${dir} holds a "qlearning" agent, which this registry does not know; use the agent-dqn plugin (registry.use(agentDqn)).`,
    );
    agent.dispose();
    loaded.dispose();
  });

  it("overwrites atomically, also 20 saves at once, leaving no temp directories", async () => {
    const { agent } = makeAgent("qlearning", { hidden: [4] });
    const dir = join(root, "nested", "ckpt");
    await saveAgent(agent, dir);
    await Promise.all(Array.from({ length: 20 }, () => saveAgent(agent, dir)));
    expect(await readdir(join(root, "nested"))).toEqual(["ckpt"]);
    expect(agent.target).toBeUndefined();
    const again = makeAgent("qlearning", { hidden: [4] }, { seed: 5 }).agent;
    await restoreAgent(again, dir);
    expect(again.online.read()).toEqual(agent.online.read());
    agent.dispose();
    again.dispose();
  });

  it("refuses to replace what is not an agent checkpoint, and names what is missing on load", async () => {
    const { agent } = makeAgent("dqn", { hidden: [8] });
    const foreign = join(root, "foreign");
    await mkdir(foreign);
    await writeFile(join(foreign, "notes.txt"), "mine");
    await expect(saveAgent(agent, foreign)).rejects.toThrow(
      `Refusing to replace ${foreign}: it is a directory with other contents, not an agent-dqn checkpoint. It was left untouched; move it away or choose another path.`,
    );
    expect(await readdir(foreign)).toEqual(["notes.txt"]);
    const file = join(root, "a-file");
    await writeFile(file, "mine");
    await expect(saveAgent(agent, file)).rejects.toThrow(/it is a file, not an agent-dqn checkpoint/);
    expect(await readFile(file, "utf8")).toBe("mine");

    const nowhere = join(root, "nowhere");
    const err = await restoreAgent(agent, nowhere).catch((e) => e);
    expect(err).toBeInstanceOf(GymkitError);
    expect(err.code).toBe("GYMKIT_IO");
    expect(err.message).toBe(`Cannot read ${nowhere}: ${nowhere} does not exist.`);
    await expect(restoreAgent(agent, foreign)).rejects.toThrow(
      `Cannot restore the agent: ${foreign}/model.json does not exist. An agent checkpoint holds model.json and weights.bin.`,
    );
    agent.dispose();
  });
});
