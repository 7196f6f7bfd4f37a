import { preparedBackend } from "@gymkit/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { testRegistry } from "../test/helpers.js";
import type { DqnAgent } from "./dqn-agent.js";

// This file runs in its own module graph: no backend is prepared when it starts.
describe("the dqn part's prepare and load", () => {
  it("compose prepares the backend the agent's option names; no prepareBackend call needed", async () => {
    expect(preparedBackend()).toBeUndefined();
    const run = await testRegistry().compose({
      env: "CartPole-v1",
      agent: { kind: "dqn", backend: "cpu", hidden: [8], learningStarts: 50, batchSize: 16 },
      budget: { steps: 200 },
      eval: false,
    });
    expect((run.agent as DqnAgent).backend).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    await run.dispose();
  });

  it("registry.load rebuilds a trained agent from its checkpoint files alone: it acts as the original", async () => {
    const registry = testRegistry();
    const run = await registry.compose({
      env: "CartPole-v1",
      agent: { kind: "dqn-blog", hidden: [8], learningStarts: 50, batchSize: 16 },
      budget: { steps: 300 },
      eval: false,
      seed: 4,
    });
    await run.train();
    const agent = run.agent as DqnAgent;
    const files = await agent.checkpoint();
    const loaded = (await registry.load("agent", "dqn-blog", files, {
      source: "memory",
      spec: run.config.agent,
    })) as DqnAgent;
    const obs = Float32Array.from([0.01, -0.2, 0.03, 0.4]);
    for (let i = 0; i < 5; i++) {
      obs[1] = -0.2 + i * 0.1;
      expect(loaded.predict(obs)).toBe(agent.predict(obs));
    }
    expect(loaded.backend).toBe(agent.backend);
    loaded.dispose();
    await run.dispose();
  });
});
