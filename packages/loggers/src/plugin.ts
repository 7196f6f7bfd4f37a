import { definePlugin } from "@gymkit/core";

/** The loggers plugin: `registry.use(plugin)` registers what this package provides. */
export const plugin = definePlugin({
  name: "loggers",
  register() {},
});
