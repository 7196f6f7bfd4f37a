import { definePlugin } from "@gymkit/core";

/** The replay-memory plugin: `registry.use(plugin)` registers what this package provides. */
export const plugin = definePlugin({
  name: "replay-memory",
  register() {},
});
