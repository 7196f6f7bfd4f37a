import { Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";

describe("agent-dqn plugin", () => {
  it("is default-exported, named after the package, and usable once per registry", () => {
    const registry = new Registry().use(plugin);
    expect(plugin.name).toBe("agent-dqn");
    expect(registry.plugins()).toEqual(["agent-dqn"]);
  });
});
