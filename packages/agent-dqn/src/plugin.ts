import { definePlugin } from "@gymkit/core";
import { DQN_PRESETS, dqnAgentPart } from "./presets.js";
import { SCHEDULE_PARTS } from "./schedules.js";
import { TARGET_SYNC_PARTS } from "./target-sync.js";

/**
 * The agent-dqn plugin: the `dqn` agent and its presets `dqn-blog`, `dqn-lunar` and `qlearning`; target-sync
 * strategies `hard`, `soft`, `none`; ε schedules `linear`, `exponential`, `constant`.
 * `registry.compose` prepares the agent's backend (its part's `prepare`); call `await prepareBackend()`
 * before `registry.create("agent", ...)`.
 */
export const plugin = definePlugin({
  name: "agent-dqn",
  register(context) {
    context.add(dqnAgentPart);
    for (const preset of DQN_PRESETS) context.preset(preset);
    for (const part of TARGET_SYNC_PARTS) context.add(part);
    for (const part of SCHEDULE_PARTS) context.add(part);
  },
});
