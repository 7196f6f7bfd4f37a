import { tmpdir } from "node:os";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { Registry } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import loggers, { type MemoryLogger, runPath } from "@gymkit/loggers";
import replayMemory from "@gymkit/replay-memory";

await prepareBackend("wasm");
const registry = new Registry().use(cartpole).use(replayMemory).use(agentDqn).use(loggers);
// metrics.jsonl, progress.csv, events.out.tfevents.*, learning-curves.svg/.png go here.
const dir = runPath(tmpdir(), "gymkit-readme", "seed-0");
const run = await registry.compose({
  env: "CartPole-v1",
  agent: { kind: "dqn", learningStarts: 500 },
  loggers: [
    "console",
    { kind: "jsonl", dir },
    { kind: "csv", dir },
    { kind: "tensorboard", dir },
    { kind: "plot", dir },
    "memory",
  ],
  budget: { steps: 3000 },
  eval: { every: 1000, episodes: 5 },
  seed: 0,
});
try {
  await run.train();
} finally {
  await run.dispose(); // closes every logger: files flushed, the figure written
}
const memory = run.loggers[5] as MemoryLogger;
console.log(`${memory.episodes.length} episodes, last evaluation ${memory.evaluations.at(-1)?.mean}`);
