/**
 * @gymkit/agent-dqn/node: saving and loading agents as directories (Node only; the main entry
 * stays browser-safe and gives the checkpoint as bytes).
 */
import { type Checkpointable, describeValue, GymkitError, isCheckpointable, Registry } from "@gymkit/core";
import { isAgentDir, readAgentDir, writeAgentDir } from "@gymkit/tfjs/node";
import { CHECKPOINT_FORMAT } from "./checkpoint.js";
import type { DqnAgent } from "./dqn-agent.js";
import { agentFromCheckpoint } from "./rebuild.js";

/** True when `dir` holds an agent-dqn checkpoint (its `model.json` says `format: "gymkit-dqn"`). */
export function isAgentCheckpoint(dir: string): Promise<boolean> {
  return isAgentDir(dir, CHECKPOINT_FORMAT);
}

/**
 * Writes `agent.checkpoint()` to `dir` (`model.json` + `weights.bin`) atomically: a crash leaves
 * the previous checkpoint or the new one, and concurrent saves to one `dir` all succeed. Refuses,
 * leaving it untouched, to replace a file or a non-empty directory that is not an agent checkpoint.
 * @example await saveAgent(agent, "runs/cartpole/model");
 */
export async function saveAgent(agent: Checkpointable, dir: string): Promise<void> {
  if (!isCheckpointable(agent ?? {})) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `saveAgent: expected an agent with checkpoint() and restore() (a DqnAgent), got ${describeValue(agent)}.`,
    );
  }
  await writeAgentDir(dir, await agent.checkpoint(), {
    format: CHECKPOINT_FORMAT,
    what: "an agent-dqn checkpoint",
  });
}

/** Restores into `agent` what {@link saveAgent} wrote to `dir`; errors name the file at fault. */
export async function restoreAgent(agent: Checkpointable, dir: string): Promise<void> {
  await agent.restore(await readAgentDir(dir), dir);
}

/**
 * Rebuilds the agent saved in `dir` from the checkpoint alone (Stable-Baselines3's
 * `DQN.load(path)`); see `agentFromCheckpoint`. `registry` holds agent-dqn and the buffer plugin.
 * @example const agent = await loadAgent("runs/cartpole/model", new Registry().use(replayMemory).use(agentDqn));
 */
export async function loadAgent(dir: string, registry: Registry): Promise<DqnAgent> {
  if (!(registry instanceof Registry)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `loadAgent(dir, registry): registry must be a Registry using agent-dqn and the buffer's plugin (new Registry().use(replayMemory).use(agentDqn)), got ${describeValue(registry)}.`,
    );
  }
  return agentFromCheckpoint(await readAgentDir(dir), registry, dir);
}
