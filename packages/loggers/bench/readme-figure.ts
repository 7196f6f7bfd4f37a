/**
 * Makes docs/learning-curves.png (shown in the README and docs/metrics.md): the `dqn` preset on
 * CartPole-v1, 30,000 env steps, seed 0, with the `plot` logger.
 * Run: `npx tsx --conditions=@gymkit/source bench/readme-figure.ts` from packages/loggers.
 */
import { fileURLToPath } from "node:url";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { Registry } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";
import loggers from "../src/index.js";

await prepareBackend("wasm", { log: false });
const dir = fileURLToPath(new URL("../docs", import.meta.url));
const run = await new Registry()
  .use(cartpole)
  .use(replayMemory)
  .use(agentDqn)
  .use(loggers)
  .compose({
    env: "CartPole-v1",
    agent: "dqn",
    loggers: [
      { kind: "console", mode: "lines" },
      { kind: "plot", dir, every: 500, scale: 1.25 },
    ],
    budget: { steps: 30_000 },
    eval: { every: 2500, episodes: 5 },
    seed: 0,
  });
try {
  await run.train();
} finally {
  await run.dispose();
}
