import { decodeAgentBundle, encodeAgentBundle, isAgentBundle, prepareBackend } from "@gymkit/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAgent, testRegistry, trainSteps } from "../test/helpers.js";
import { agentFromCheckpoint } from "./rebuild.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

const run = { config: { env: { id: "CartPole-v1", options: {}, numEnvs: 1 }, seed: 3 }, backend: "wasm" };

// The bundle format's own tests (messages, base64) are in @gymkit/tfjs (src/bundle.test.ts).
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
});
