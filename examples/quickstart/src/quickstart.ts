import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { Registry, type TrainResult, train } from "@gymkit/core";
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
 * Trains an agent on CartPole-v1 with the three public pieces only: `make`,
 * `registry.create` and `train`.
 */
export async function quickstart(options: QuickstartOptions = {}): Promise<TrainResult> {
  const { steps = 50_000, seed = 0, agent: preset = "dqn", stopAtMean = 475, verbose = false } = options;
  await prepareBackend("auto", { log: verbose ? console.info : false });

  const registry = new Registry().use(cartpole).use(replayMemory).use(agentDqn);
  const env = registry.make("CartPole-v1");
  const evalEnv = registry.make("CartPole-v1");
  const scope = registry.scope({ seed, totalSteps: steps });
  const agent = registry.create(
    "agent",
    preset,
    { observationSpace: env.observationSpace, actionSpace: env.actionSpace },
    scope,
  );
  if (verbose) {
    scope.events.on("evaluation", (e) =>
      console.log(`step ${e.step}: greedy return ${e.mean.toFixed(1)} ± ${e.std.toFixed(1)}`),
    );
  }
  try {
    return await train({
      env,
      agent,
      events: scope.events,
      budget: { steps },
      seed,
      evaluation: { env: evalEnv, every: 5_000, episodes: 10, seed: 1_000 + seed, stopAtMean },
    });
  } finally {
    agent.dispose();
    env.close();
    evalEnv.close();
    await scope.dispose();
  }
}
