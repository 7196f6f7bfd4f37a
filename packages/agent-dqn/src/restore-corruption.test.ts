import type { CheckpointFiles } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAgent, trainSteps } from "../test/helpers.js";
import type { DqnAgent } from "./dqn-agent.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

const options = { hidden: [16, 16], learningStarts: 50, batchSize: 16 };
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** model.json's metadata as the edits below see it (any field may be set to anything). */
interface Meta {
  counters: Record<string, unknown>;
  rng: { explore: { state: unknown }; replay: { state: unknown } };
  adam: { t: unknown };
  config: Record<string, unknown>;
  formatVersion: unknown;
}

/** A checkpoint whose model.json metadata was edited by `edit`. */
function withMetadata(files: CheckpointFiles, edit: (meta: Meta) => void): CheckpointFiles {
  const json = JSON.parse(decoder.decode(files["model.json"]));
  edit(json.userDefinedMetadata);
  return { ...files, "model.json": encoder.encode(JSON.stringify(json)) };
}

/** Everything an agent holds, as bytes (weights, target, Adam, counters, RNG states) plus Q-values. */
async function stateOf(agent: DqnAgent) {
  const files = await agent.checkpoint();
  const probe = Float32Array.from({ length: 40 * 4 }, (_, i) => Math.cos(i * 0.7));
  return {
    weights: Array.from(files["weights.bin"]!),
    meta: JSON.parse(decoder.decode(files["model.json"])).userDefinedMetadata,
    q: Array.from(agent.qValues(probe, 40)),
  };
}

describe("restore verifies everything before it changes anything", () => {
  let saved: CheckpointFiles;
  let target: DqnAgent;

  beforeAll(async () => {
    const a = makeAgent("dqn", options, { seed: 1 });
    trainSteps(a.agent, a.env, 300, { seed: 1 });
    saved = await a.agent.checkpoint();
    a.agent.dispose();
    const b = makeAgent("dqn", options, { seed: 2 });
    trainSteps(b.agent, b.env, 200, { seed: 2 });
    target = b.agent;
  });

  const flipped = (files: CheckpointFiles) => {
    const w = files["weights.bin"]!.slice();
    for (let i = 0; i < 16; i++) w[100 + i] = w[100 + i]! ^ 0xff;
    return { ...files, "weights.bin": w };
  };

  const cases: Array<[string, () => CheckpointFiles, string | RegExp]> = [
    [
      "16 flipped bytes in weights.bin",
      () => flipped(saved),
      /^ckpt\/weights\.bin: its CRC-32 is [0-9a-f]{8}, model\.json recorded [0-9a-f]{8} \(the bytes changed after saving\); the checkpoint is corrupt or not an agent-dqn save\.$/,
    ],
    [
      "a truncated weights.bin",
      () => ({ ...saved, "weights.bin": saved["weights.bin"]!.subarray(0, 1000) }),
      /^ckpt\/weights\.bin: holds 1000 bytes but the manifest needs more \(at /,
    ],
    [
      'counters.steps "abc"',
      () => withMetadata(saved, (m) => (m.counters.steps = "abc")),
      'ckpt/model.json: userDefinedMetadata.counters.steps: expected an integer >= 0, got "abc"; the checkpoint is corrupt or not an agent-dqn save.',
    ],
    [
      "counters.updates -5",
      () => withMetadata(saved, (m) => (m.counters.updates = -5)),
      "ckpt/model.json: userDefinedMetadata.counters.updates: expected an integer >= 0, got -5; the checkpoint is corrupt or not an agent-dqn save.",
    ],
    [
      "an all-zero exploration RNG state",
      () => withMetadata(saved, (m) => (m.rng.explore.state = [0, 0, 0, 0])),
      "ckpt/model.json: Invalid rng.explore state: all four state words are 0, a state xoroshiro128+ never leaves (every draw would be 0); the checkpoint is corrupt or not an agent-dqn save.",
    ],
    [
      "a replay RNG state of three words",
      () => withMetadata(saved, (m) => (m.rng.replay.state = [1, 2, 3])),
      /^ckpt\/model\.json: Invalid rng\.replay state .*expected \{ state: four 32-bit integers, path: string, forks: integer >= 0 \}/,
    ],
    [
      "Adam's t 1.5",
      () => withMetadata(saved, (m) => (m.adam.t = 1.5)),
      "ckpt/model.json: userDefinedMetadata.adam.t: expected an integer >= 0, got 1.5; the checkpoint is corrupt or not an agent-dqn save.",
    ],
    [
      "an older format version",
      () => withMetadata(saved, (m) => (m.formatVersion = 1)),
      "ckpt/model.json: formatVersion is 1, expected 2; the checkpoint is corrupt or not an agent-dqn save.",
    ],
    [
      "model.json that is not JSON",
      () => ({ ...saved, "model.json": encoder.encode("{ not json") }),
      /^ckpt\/model\.json is not valid JSON/,
    ],
    [
      "another network shape",
      () => withMetadata(saved, (m) => (m.config.hidden = [32, 32])),
      "Cannot restore ckpt into this agent: hidden is [32,32] in the checkpoint but [16,16] here.",
    ],
  ];

  it.each(cases)(
    "rejects %s, naming the file, and leaves the agent exactly as it was",
    async (_what, make, message) => {
      const before = await stateOf(target);
      await expect(target.restore(make(), "ckpt")).rejects.toThrow(message);
      expect(await stateOf(target)).toEqual(before);
    },
  );

  it("restores an intact checkpoint (so the cases above fail for their corruption only)", async () => {
    const b = makeAgent("dqn", options, { seed: 5 }).agent;
    await b.restore(saved, "ckpt");
    expect((await stateOf(b)).weights).toEqual(Array.from(saved["weights.bin"]!));
    b.dispose();
  });
});
