import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { Registry, type TrainResult } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";

/** Options of the quickstart run. */
export interface QuickstartOptions {
  /** Env steps to train for. @default 50_000 */
  steps?: number;
  seed?: number;
  /** Agent preset: "dqn", "dqn-blog" or "qlearning". @default "dqn" */
  agent?: string;
  /** Stop early once a greedy evaluation (10 episodes) averages this much. @default 475 */
  stopAtMean?: number;
  /** Print each evaluation. @default false */
  verbose?: boolean;
}

/**
 * Trains an agent on CartPole-v1 from a config object: `registry.compose` builds the run (env,
 * evaluation env, buffer, target sync, ε schedule, agent) and `run.train()` trains it.
 */
export async function quickstart(options: QuickstartOptions = {}): Promise<TrainResult> {
  const { steps = 50_000, seed = 0, agent = "dqn", stopAtMean = 475, verbose = false } = options;
  await prepareBackend("auto", { log: verbose ? console.info : false });

  const registry = new Registry().use(cartpole).use(replayMemory).use(agentDqn);
  const run = await registry.compose({
    env: "CartPole-v1",
    agent,
    budget: { steps },
    eval: { every: 5_000, episodes: 10, stopAtMean },
    seed,
  });
  if (verbose) {
    run.events.on("evaluation", (e) =>
      console.log(`step ${e.step}: greedy return ${e.mean.toFixed(1)} ± ${e.std.toFixed(1)}`),
    );
  }
  try {
    return await run.train();
  } finally {
    await run.dispose();
  }
}
