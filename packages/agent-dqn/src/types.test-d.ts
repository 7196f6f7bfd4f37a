import { Registry } from "@gymkit/core";
import { expectTypeOf, it } from "vitest";
import plugin, { type DqnAgent } from "./index.js";

it("registry.create returns the DqnAgent for the agent-dqn ids, without a cast", () => {
  const registry = new Registry().use(plugin);
  const make = () => registry.create("agent", "qlearning", {});
  // @ts-expect-error an unknown id gives the slot type, which has no predict()
  registry.create("agent", "random", {}).predict;
  expectTypeOf(make).returns.toEqualTypeOf<DqnAgent>();
  expectTypeOf<ReturnType<typeof registry.create<"agent", "some-other">>>().toHaveProperty("act");
});
