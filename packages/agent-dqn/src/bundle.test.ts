import { GymkitError } from "@gymkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAgent, testRegistry, trainSteps } from "../test/helpers.js";
import { prepareBackend } from "./backend.js";
import { decodeAgentBundle, encodeAgentBundle, isAgentBundle } from "./bundle.js";
import { agentFromCheckpoint } from "./rebuild.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

const run = { config: { env: { id: "CartPole-v1", options: {}, numEnvs: 1 }, seed: 3 }, backend: "wasm" };

describe("agent bundle (one file: the checkpoint's two files and the run's config)", () => {
  it("round-trips the checkpoint files byte for byte in weights.bin; the agent rebuilt from it acts the same", async () => {
    const { agent, env } = makeAgent(
      "dqn",
      { hidden: [16, 16], learningStarts: 100, batchSize: 32 },
      { seed: 3 },
    );
    trainSteps(agent, env, 300, { seed: 3 });
    const files = await agent.checkpoint();
    const text = encodeAgentBundle({ run, files });
    expect(isAgentBundle(text)).toBe(true);
    expect(isAgentBundle('{"format":"gymkit-dqn"}')).toBe(false);
    const back = decodeAgentBundle(text, "agent.json");
    expect(back.run).toEqual(run);
    expect(back.files["weights.bin"]).toEqual(files["weights.bin"]);
    expect(JSON.parse(new TextDecoder().decode(back.files["model.json"]))).toEqual(
      JSON.parse(new TextDecoder().decode(files["model.json"])),
    );
    const rebuilt = await agentFromCheckpoint(back.files, testRegistry(), "agent.json");
    const probe = Float32Array.from({ length: 50 * 4 }, (_, i) => Math.sin(i * 0.7));
    for (let i = 0; i < 50; i++) {
      const obs = probe.subarray(4 * i, 4 * i + 4);
      expect(rebuilt.predict(obs)).toBe(agent.predict(obs));
    }
    rebuilt.dispose();
    agent.dispose();
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
  });
});
