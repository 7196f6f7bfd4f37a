import { definePlugin } from "@gymkit/core";
import { createDqnAgent, type DqnPresetName, PRESET_DESCRIPTIONS } from "./presets.js";
import { scheduleFactories } from "./schedules.js";
import { targetSyncFactories } from "./target-sync.js";

/**
 * The agent-dqn plugin: agent presets `dqn`, `dqn-blog`, `qlearning`; target-sync strategies
 * `hard`, `soft`, `none`; ε schedules `linear`, `exponential`, `constant`.
 * Call `await prepareBackend()` before creating an agent.
 */
export const plugin = definePlugin({
  name: "agent-dqn",
  register(registry) {
    for (const preset of Object.keys(PRESET_DESCRIPTIONS) as DqnPresetName[]) {
      registry.provide("agent", preset, (options, scope) => createDqnAgent(options, scope, preset), {
        description: PRESET_DESCRIPTIONS[preset],
      });
    }
    registry.provide("targetSync", "hard", targetSyncFactories.hard, {
      description: "Copy online → target every `every` gradient updates",
    });
    registry.provide("targetSync", "soft", targetSyncFactories.soft, {
      description: "Polyak averaging with `tau` every `every` updates",
    });
    registry.provide("targetSync", "none", targetSyncFactories.none, {
      description: "No target network: bootstrap from the online network",
    });
    registry.provide("schedule", "linear", scheduleFactories.linear, {
      description: "Linear from `from` to `to` over `fraction` of the step budget",
    });
    registry.provide("schedule", "exponential", scheduleFactories.exponential, {
      description: "to + (from − to)·exp(−step / decay)",
    });
    registry.provide("schedule", "constant", scheduleFactories.constant, { description: "A fixed value" });
  },
});
