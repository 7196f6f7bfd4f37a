import { GymkitError } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { ensureBackend, prepareBackend, preparedBackend, requireBackend } from "./backend.js";

describe("prepareBackend", () => {
  it("requires a prepared backend, saying how and from which package", () => {
    expect(preparedBackend()).toBeUndefined();
    expect(() => requireBackend()).toThrow(
      'No TensorFlow.js backend is ready. Call `await prepareBackend("auto")` (from @gymkit/tfjs) before creating the agent: backends initialise asynchronously and agent factories are synchronous.',
    );
  });

  it("fails for tensorflow without tfjs-node, saying how to install it and that wasm works", async () => {
    const err = await prepareBackend("tensorflow", { log: false }).catch((e) => e);
    expect(err).toBeInstanceOf(GymkitError);
    expect(err.code).toBe("GYMKIT_BACKEND_UNAVAILABLE");
    expect(err.message).toContain("npm install @tensorflow/tfjs-node");
    expect(err.message).toContain('"wasm"');
  });

  it("auto falls back to wasm here and logs the choice once, naming gymkit and the tfjs version", async () => {
    const lines: string[] = [];
    expect(await prepareBackend("auto", { log: (m) => lines.push(m) })).toBe("wasm");
    expect(await prepareBackend("auto", { log: (m) => lines.push(m) })).toBe("wasm");
    expect(lines).toEqual(["[gymkit] TensorFlow.js 4.22.0 backend: wasm"]);
    expect(tf.getBackend()).toBe("wasm");
    expect(requireBackend("wasm")).toBe("wasm");
  });

  it("switches to cpu on request and rejects mismatched agent preferences", async () => {
    expect(await prepareBackend("cpu", { log: false })).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(() => requireBackend("wasm", "agent.backend")).toThrow(
      'Invalid config at agent.backend: asked for "wasm" but the prepared backend is "cpu". Call `await prepareBackend("wasm")` first, or set agent.backend to "auto".',
    );
    await expect(prepareBackend("gpu" as never)).rejects.toThrow(
      'Invalid backend "gpu": expected one of "auto", "tensorflow", "wasm", "cpu".',
    );
  });

  it("ensureBackend keeps a prepared backend the preference accepts and switches to a named one", async () => {
    // cpu is in use (the test above): auto and cpu keep it; wasm switches.
    expect(await ensureBackend("auto")).toBe("cpu");
    expect(await ensureBackend("cpu")).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(await ensureBackend("wasm")).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(preparedBackend()).toBe("wasm");
  });
});
