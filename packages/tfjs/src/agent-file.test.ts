import { type CheckpointFiles, GymkitError, z } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { type AgentFileFormat, decodeAgentFiles, encodeAgentFiles } from "./agent-file.js";

const FORMAT: AgentFileFormat<{ steps: number; config: Record<string, unknown> }> = {
  format: "gymkit-test",
  version: 3,
  generatedBy: "@gymkit/tfjs tests",
  metadata: z.object({ steps: z.number().int().min(0), config: z.record(z.string(), z.unknown()) }),
  describe: "a test agent's save",
};

const contents = {
  metadata: { steps: 12, config: { hidden: [4] } },
  topology: { kind: "test-mlp" },
  float32: new Map([
    ["online/w", { shape: [1, 2, 2], values: Float32Array.of(1, -2, 3.5, 1e-30) }],
    ["online/b", { shape: [2], values: Float32Array.of(0, 0.25) }],
  ]),
  float64: new Map([["adam/m/w", Float64Array.of(1e-320, Math.PI, -0, 2 ** 60)]]),
};

const decoder = new TextDecoder();
const modelJson = (files: CheckpointFiles) => JSON.parse(decoder.decode(files["model.json"]));
// biome-ignore lint/suspicious/noExplicitAny: the edits reach into model.json's JSON at will
type Json = any;
const withModel = (files: CheckpointFiles, edit: (json: Json) => void): CheckpointFiles => {
  const json = modelJson(files);
  edit(json);
  return { ...files, "model.json": new TextEncoder().encode(JSON.stringify(json)) };
};

describe("agent files (model.json + weights.bin)", () => {
  it("round-trip metadata, float32 tensors and float64 arrays bit for bit, in order", () => {
    const files = encodeAgentFiles(FORMAT, contents);
    expect(Object.keys(files)).toEqual(["model.json", "weights.bin"]);
    expect(files["weights.bin"]!.byteLength).toBe(4 * 6 + 8 * 4);
    const json = modelJson(files);
    expect(json).toMatchObject({
      format: "gymkit-test",
      generatedBy: "@gymkit/tfjs tests",
      modelTopology: { kind: "test-mlp" },
      weightsManifest: [{ paths: ["weights.bin"] }],
      userDefinedMetadata: { formatVersion: 3, steps: 12, float64: [{ name: "adam/m/w", length: 4 }] },
    });
    const back = decodeAgentFiles(FORMAT, files, "ckpt");
    expect(back.metadata).toEqual(contents.metadata);
    expect(back.topology).toEqual({ kind: "test-mlp" });
    expect([...back.float32.keys()]).toEqual(["online/w", "online/b"]);
    expect(back.float32.get("online/w")).toEqual(contents.float32.get("online/w"));
    expect(back.float32.get("online/b")).toEqual(contents.float32.get("online/b"));
    const m = back.float64.get("adam/m/w")!;
    expect([...m].map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual([1e-320, Math.PI, "-0", 2 ** 60]);
  });

  const files = encodeAgentFiles(FORMAT, contents);
  const flipped = () => {
    const w = files["weights.bin"]!.slice();
    w[5] = w[5]! ^ 0xff;
    return { ...files, "weights.bin": w };
  };
  it.each<[string, () => CheckpointFiles, string | RegExp]>([
    [
      "a flipped byte",
      flipped,
      /^ckpt\/weights\.bin: its CRC-32 is [0-9a-f]{8}, model\.json recorded [0-9a-f]{8} \(the bytes changed after saving\); the checkpoint is corrupt or not a test agent's save\.$/,
    ],
    [
      "another agent's file",
      () => withModel(files, (j) => (j.format = "gymkit-dqn")),
      'ckpt/model.json: format is "gymkit-dqn", expected "gymkit-test"; the checkpoint is corrupt or not a test agent\'s save.',
    ],
    [
      "another version",
      () => withModel(files, (j) => (j.userDefinedMetadata.formatVersion = 2)),
      "ckpt/model.json: formatVersion is 2, expected 3; the checkpoint is corrupt or not a test agent's save.",
    ],
    [
      "metadata the agent's schema rejects",
      () => withModel(files, (j) => (j.userDefinedMetadata.steps = -1)),
      "ckpt/model.json: userDefinedMetadata.steps: expected an integer >= 0, got -1; the checkpoint is corrupt or not a test agent's save.",
    ],
    [
      "a damaged float64 table",
      () => withModel(files, (j) => (j.userDefinedMetadata.float64 = [{ name: "x" }])),
      "ckpt/model.json: userDefinedMetadata.float64[0].length: expected an integer >= 0, got undefined; the checkpoint is corrupt or not a test agent's save.",
    ],
    [
      "a short weights.bin",
      () => ({ ...files, "weights.bin": files["weights.bin"]!.subarray(0, 30) }),
      "ckpt/weights.bin: holds 30 bytes but the manifest needs more (at adam/m/w); the checkpoint is corrupt or not a test agent's save.",
    ],
    [
      "a long weights.bin",
      () => ({ ...files, "weights.bin": Uint8Array.from([...files["weights.bin"]!, 0, 0, 0, 0]) }),
      "ckpt/weights.bin: holds 60 bytes, the manifest describes 56; the checkpoint is corrupt or not a test agent's save.",
    ],
    [
      "a quantized weight",
      () => withModel(files, (j) => (j.weightsManifest[0].weights[0].dtype = "int32")),
      "ckpt/model.json: weight online/w is not plain float32; the checkpoint is corrupt or not a test agent's save.",
    ],
    [
      "no model.json",
      () => ({ "weights.bin": files["weights.bin"]! }),
      "Cannot restore the agent: ckpt/model.json does not exist. An agent checkpoint holds model.json and weights.bin.",
    ],
  ])("refuse %s, naming the file", (_what, make, message) => {
    expect(() => decodeAgentFiles(FORMAT, make(), "ckpt")).toThrow(message);
    expect(() => decodeAgentFiles(FORMAT, make(), "ckpt")).toThrow(GymkitError);
  });
});
