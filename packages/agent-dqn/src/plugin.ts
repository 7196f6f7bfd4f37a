import { definePlugin } from "@gymkit/core";

/** The agent-dqn plugin: `registry.use(plugin)` registers what this package provides. */
export const plugin = definePlugin({
  name: "agent-dqn",
  register() {},
});
