import { definePlugin } from "@gymkit/core";

/** The env-cartpole plugin: `registry.use(plugin)` registers what this package provides. */
export const plugin = definePlugin({
  name: "env-cartpole",
  register() {},
});
