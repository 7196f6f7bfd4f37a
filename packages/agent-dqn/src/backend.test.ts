import { GymkitError } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { makeAgent } from "../test/helpers.js";
import { prepareBackend, preparedBackend, requireBackend } from "./backend.js";

describe("prepareBackend", () => {
  it("requires a prepared backend before agents are built, saying how", () => {
    expect(preparedBackend()).toBeUndefined();
    expect(() => requireBackend()).toThrow(/await prepareBackend\("auto"\)/);
    expect(() => makeAgent("dqn")).toThrow(
      /No TensorFlow.js backend is ready. Call `await prepareBackend\("auto"\)`/,
    );
  });

  it("fails for tensorflow without tfjs-node, saying how to install it and that wasm works", async () => {
    const err = await prepareBackend("tensorflow", { log: false }).catch((e) => e);
    expect(err).toBeInstanceOf(GymkitError);
    expect(err.code).toBe("GYMKIT_BACKEND_UNAVAILABLE");
    expect(err.message).toContain("npm install @tensorflow/tfjs-node");
    expect(err.message).toContain('"wasm"');
  });

  it("auto falls back to wasm here and logs the choice once", async () => {
    const lines: string[] = [];
    expect(await prepareBackend("auto", { log: (m) => lines.push(m) })).toBe("wasm");
    expect(await prepareBackend("auto", { log: (m) => lines.push(m) })).toBe("wasm");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/backend: wasm/);
    expect(tf.getBackend()).toBe("wasm");
    expect(requireBackend("wasm")).toBe("wasm");
  });

  it("switches to cpu on request and rejects mismatched agent preferences", async () => {
    expect(await prepareBackend("cpu", { log: false })).toBe("cpu");
    expect(() => requireBackend("wasm", "agent.backend")).toThrow(/agent\.backend.*prepareBackend\("wasm"\)/);
    await expect(prepareBackend("gpu" as never)).rejects.toThrow(/Invalid backend "gpu"/);
  });
});
