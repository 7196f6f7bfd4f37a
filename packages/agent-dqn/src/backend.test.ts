import { prepareBackend, preparedBackend } from "@gymkit/tfjs";
import { describe, expect, it } from "vitest";
import { makeAgent } from "../test/helpers.js";

// prepareBackend itself is tested in @gymkit/tfjs (src/backend.test.ts).
describe("the agent and the prepared backend", () => {
  it("an agent cannot be built before a backend is prepared, and the error says how", () => {
    expect(preparedBackend()).toBeUndefined();
    expect(() => makeAgent("dqn")).toThrow(
      /No TensorFlow.js backend is ready. Call `await prepareBackend\("auto"\)`/,
    );
  });

  it("the agent's backend option must match the prepared backend", async () => {
    expect(await prepareBackend("cpu", { log: false })).toBe("cpu");
    expect(() => makeAgent("dqn", { backend: "wasm" })).toThrow(/agent\.backend.*prepareBackend\("wasm"\)/);
    const { agent } = makeAgent("dqn", { backend: "cpu" });
    expect(agent.backend).toBe("cpu");
    agent.dispose();
  });
});
