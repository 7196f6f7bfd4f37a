import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { saveAgent } from "@gymkit/agent-dqn/node";
import { type EvaluationResult, evaluate, isCheckpointable, Registry, type TrainResult } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";

/**
 * DQN on CartPole-v1 from a config object: compose the run, train it, evaluate the greedy policy
 * on 20 fresh episodes, save the agent (`loadAgent(dir, registry)` or `gymkit eval` brings it back).
 */
export async function quickstart({
  agent = "dqn",
  steps = 50_000,
  seed = 0,
  out = "runs/quickstart/model",
} = {}) {
  await prepareBackend("auto"); // tfjs-node if installed, else wasm, else cpu; says which
  const registry = new Registry().use(cartpole).use(replayMemory).use(agentDqn);
  const run = await registry.compose({
    env: "CartPole-v1",
    agent, // a preset: "dqn", "dqn-blog" or "qlearning"
    budget: { steps },
    eval: { every: 5_000, episodes: 10, stopAtMean: 475 },
    seed,
  });
  try {
    const trained: TrainResult = await run.train();
    const evaluation: EvaluationResult = await evaluate(run.evalEnv!, run.agent, {
      episodes: 20,
      seed: 10_000 + seed,
    });
    console.log(
      `${trained.steps} steps (${trained.stoppedBy}); greedy return ${evaluation.mean} ± ${evaluation.std.toFixed(1)} over 20 episodes`,
    );
    if (isCheckpointable(run.agent)) await saveAgent(run.agent, out); // dqn agents are
    return { trained, evaluation };
  } finally {
    await run.dispose();
  }
}
