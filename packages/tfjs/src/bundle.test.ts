import { GymkitError, z } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { decodeAgentFiles, encodeAgentFiles } from "./agent-file.js";
import { decodeAgentBundle, encodeAgentBundle, isAgentBundle } from "./bundle.js";

const run = { config: { env: { id: "CartPole-v1", options: {}, numEnvs: 1 }, seed: 3 }, backend: "wasm" };
const format = {
  format: "gymkit-test",
  version: 1,
  generatedBy: "test",
  metadata: z.object({ n: z.number() }),
  describe: "a test save",
};

describe("agent bundle (one file: the checkpoint's two files and the run's config)", () => {
  it("round-trips weights.bin byte for byte and model.json as the same JSON", () => {
    const values = Float32Array.from({ length: 9000 }, (_, i) => Math.sin(i)); // 36 000 bytes: two base64 chunks
    const files = encodeAgentFiles(format, {
      metadata: { n: 1 },
      float32: new Map([["w", { shape: [9000], values }]]),
    });
    const text = encodeAgentBundle({ run, files });
    expect(isAgentBundle(text)).toBe(true);
    expect(isAgentBundle('{"format":"gymkit-dqn"}')).toBe(false);
    expect(isAgentBundle("not json")).toBe(false);
    const back = decodeAgentBundle(text, "agent.json");
    expect(back.run).toEqual(run);
    expect(back.files["weights.bin"]).toEqual(files["weights.bin"]);
    expect(JSON.parse(new TextDecoder().decode(back.files["model.json"]))).toEqual(
      JSON.parse(new TextDecoder().decode(files["model.json"])),
    );
    expect(decodeAgentFiles(format, back.files).float32.get("w")!.values).toEqual(values);
  });

  it("names the file and what is wrong when it is not a bundle", () => {
    const fail = (text: string) => {
      try {
        decodeAgentBundle(text, "x.json");
      } catch (e) {
        expect(e).toBeInstanceOf(GymkitError);
        return (e as Error).message;
      }
      throw new Error("expected a throw");
    };
    expect(fail('{"format":"gymkit-dqn"}')).toBe(
      'x.json: format is "gymkit-dqn", expected "gymkit-agent-bundle"; it is not a gymkit agent bundle (saved by the playground) or it is corrupt.',
    );
    const ok = { format: "gymkit-agent-bundle", formatVersion: 1, run, files: { "model.json": {} } };
    expect(fail(JSON.stringify({ ...ok, files: { "model.json": {}, "weights.bin": "!!" } }))).toBe(
      'x.json: files["weights.bin"] is not valid base64; it is not a gymkit agent bundle (saved by the playground) or it is corrupt.',
    );
    expect(fail(JSON.stringify(ok))).toContain('files["weights.bin"] is not base64 text');
    expect(() => encodeAgentBundle({ run, files: {} })).toThrow(
      "encodeAgentBundle: the checkpoint must hold model.json and weights.bin, got [].",
    );
  });
});
