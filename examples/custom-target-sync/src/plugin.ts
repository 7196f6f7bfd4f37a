import { definePart, definePlugin, type TargetSync, type TrainingEventMap, z } from "@gymkit/core";

/**
 * `episodic`: copies the online network into the target at the first gradient update after every
 * `episodes`-th finished episode, instead of every N updates (`hard`). Episodes come from the run's
 * `episodeEnd` event; `afterUpdate` is all the agent calls.
 */
const episodicSync = definePart({
  slot: "targetSync",
  id: "episodic",
  description: "Copy online → target after every `episodes` finished episodes",
  options: z.strictObject({
    episodes: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe("Copy online → target after every this many episodes."),
  }),
  create(options, context): TargetSync & { dispose(): void } {
    let finished = 0;
    let due = false;
    const onEpisodeEnd = (_: TrainingEventMap["episodeEnd"][0]) => {
      finished++;
      if (finished % options.episodes === 0) due = true;
    };
    context.run.events.on("episodeEnd", onEpisodeEnd);
    return {
      kind: "episodic",
      usesTargetNetwork: true,
      afterUpdate(_updates, online, target) {
        if (!due) return false;
        due = false;
        target.copyFrom(online);
        return true;
      },
      dispose: () => void context.run.events.off("episodeEnd", onEpisodeEnd), // the run disposes its parts
    };
  },
});

/** The plugin a config names: `plugins: ["./src/plugin.ts"]`, then `targetSync: { kind: episodic }`. */
export default definePlugin({
  name: "target-sync-episodic",
  register(context) {
    context.add(episodicSync);
  },
});
