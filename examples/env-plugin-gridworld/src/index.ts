/**
 * gymkit-gridworld: `GridWorld-v0` for gymkit, a small grid with walls, a goal and slippery moves.
 * `plugins: ["gymkit-gridworld"]` in a config, or `registry.use(gridworld)` in code.
 * @module
 */
import { definePlugin, FlattenObservation, z } from "@gymkit/core";
import { DEFAULT_MAP, GridWorldEnv } from "./gridworld-env.js";

export { DEFAULT_MAP, GridWorldEnv, type GridWorldOptions } from "./gridworld-env.js";

/** `GridWorld-v0`'s options, declared once: `make` and configs are validated against them. */
export const GRIDWORLD_OPTIONS = z.strictObject({
  map: z
    .array(z.string().regex(/^[SG#.]+$/, "expected rows of S, G, # and ."))
    .min(1)
    .refine((rows) => rows.every((r) => r.length === rows[0]!.length), {
      message: "expected rows of equal length",
    })
    .refine((rows) => rows.join("").split("S").length === 2 && rows.join("").includes("G"), {
      message: "expected exactly one S and at least one G",
    })
    .default([...DEFAULT_MAP])
    .describe("The grid, one string per row: S start, G goal, # wall, . floor."),
  slip: z.number().min(0).max(1).default(0.1).describe("Probability that a move goes sideways instead."),
  onehot: z
    .boolean()
    .default(false)
    .describe(
      "Observe a one-hot Box(0, 1, [cells]) instead of Discrete(cells) (FlattenObservation), for agents that need a Box, like dqn.",
    ),
  renderMode: z.enum(["ansi", "rgb_array"]).optional().describe("What render() returns."),
});

/** The plugin: registers `GridWorld-v0`. */
export default definePlugin({
  name: "gymkit-gridworld",
  register(context) {
    context.register({
      id: "GridWorld-v0",
      options: GRIDWORLD_OPTIONS,
      entry: (options) => {
        const { onehot, ...rest } = GRIDWORLD_OPTIONS.parse(options);
        const env = new GridWorldEnv(rest);
        return onehot ? new FlattenObservation(env) : env;
      },
      maxEpisodeSteps: 100,
      rewardThreshold: 0.9,
    });
  },
});
