import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultWarn } from "./warn.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("defaultWarn", () => {
  it("uses process.emitWarning under Node, typed GymkitEnvWarning", () => {
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    defaultWarn("careful");
    expect(emit).toHaveBeenCalledWith("careful", { type: "GymkitEnvWarning" });
  });

  it("falls back to console.warn where there is no process (a browser)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const saved = globalThis.process;
    // Synchronous and restored at once: vitest itself needs `process`.
    Reflect.deleteProperty(globalThis, "process");
    try {
      defaultWarn("careful");
    } finally {
      globalThis.process = saved;
    }
    expect(warn).toHaveBeenCalledWith("careful");
  });
});
