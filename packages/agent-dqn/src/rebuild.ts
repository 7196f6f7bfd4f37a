import { type CheckpointFiles, GymkitError, type Registry, spaceFromJSON } from "@gymkit/core";
import { filesToArtifacts } from "@gymkit/tfjs";
import { decodeSnapshot } from "./checkpoint.js";
import type { DqnAgent } from "./dqn-agent.js";
import { DQN_OPTIONS } from "./options.js";

/**
 * Rebuilds an agent from a checkpoint alone (Stable-Baselines3's `DQN.load(path)`): its preset,
 * options, parts (buffer, target sync, ε schedule), spaces and step budget come from the
 * checkpoint's own config, then its state is restored. `registry` must hold the plugins of those
 * parts (agent-dqn, and replay-memory for the buffer); the agent runs on the prepared backend,
 * whichever it was saved on.
 * @example const agent = await agentFromCheckpoint(files, new Registry().use(replayMemory).use(agentDqn));
 */
export async function agentFromCheckpoint(
  files: CheckpointFiles,
  registry: Registry,
  source?: string,
): Promise<DqnAgent> {
  const { config } = decodeSnapshot(filesToArtifacts(files, source), source);
  const where = source ?? "the checkpoint";
  const preset = typeof config.preset === "string" ? config.preset : "dqn";
  if (!registry.has("agent", preset)) {
    throw new GymkitError(
      "GYMKIT_UNKNOWN_COMPONENT",
      `${where} holds a "${preset}" agent, which this registry does not know; use the agent-dqn plugin (registry.use(agentDqn)).`,
    );
  }
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(DQN_OPTIONS.shape)) if (config[key] !== undefined) options[key] = config[key];
  for (const key of ["buffer", "targetSync", "epsilon", "lrSchedule"])
    if (config[key] !== undefined) options[key] = config[key];
  // Checkpoints from before nStep existed hold 1-step transitions (the default is now 3).
  if (config.nStep === undefined) options.nStep = 1;
  options.backend = "auto"; // the backend prepared now, not necessarily the one it was saved on
  const env = {
    observationSpace: spaceFromJSON(config.observationSpace),
    actionSpace: spaceFromJSON(config.actionSpace),
  };
  const budget = typeof config.budgetSteps === "number" ? { steps: config.budgetSteps } : undefined;
  const agent = registry.create("agent", preset, options, { env, budget, path: "agent" }) as DqnAgent;
  try {
    await agent.restore(files, source);
    return agent;
  } catch (e) {
    agent.dispose();
    throw e;
  }
}
