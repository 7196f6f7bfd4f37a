import { makeAgent, trainSteps } from "./helpers.js";

/** Two runs with one seed and config; they must give identical episode returns and weights. */
export function runTwice(seed: number, steps = 2500): { a: number[]; b: number[]; sameWeights: boolean } {
  const run = () => {
    const { agent, env } = makeAgent(
      "dqn",
      { hidden: [16, 16], learningStarts: 200, batchSize: 32, trainFreq: 1 },
      { seed, totalSteps: steps },
    );
    const returns = trainSteps(agent, env, steps, { seed });
    const weights = agent.online.read();
    agent.dispose();
    return { returns, weights };
  };
  const x = run();
  const y = run();
  return {
    a: x.returns,
    b: y.returns,
    sameWeights: x.weights.every((w, i) => w.every((v, k) => Object.is(v, y.weights[i]![k]))),
  };
}
