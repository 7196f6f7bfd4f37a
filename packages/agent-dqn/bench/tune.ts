/**
 * Tuning harness for the `dqn` preset on CartPole-v1 (not part of `npm run bench`):
 *   tsx --conditions=@gymkit/source bench/tune.ts '<json overrides>' [seeds=0,1,2,3,4] [budget=50000]
 * Trains each seed with core's `train()`, a 20-episode greedy evaluation every `every` steps,
 * stopping at a mean of 475, and prints steps and wall-clock seconds to solve.
 */
import { Registry } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";
import plugin, { prepareBackend } from "../src/index.js";

const overrides = JSON.parse(process.argv[2] ?? "{}") as Record<string, unknown>;
const seeds = (process.argv[3] ?? "0,1,2,3,4").split(",").map(Number);
const budget = Number(process.argv[4] ?? 50_000);
const every = Number(process.env.EVERY ?? 2500);
const preset = process.env.PRESET ?? "dqn";
await prepareBackend((process.env.BACKEND as "wasm") ?? "wasm", { log: false });
const registry = new Registry().use(plugin).use(replayMemory).use(cartpole);
const rows: string[] = [];
for (const seed of seeds) {
  const t0 = performance.now();
  const run = await registry.compose({
    env: "CartPole-v1",
    agent: { kind: preset, ...overrides },
    budget: { steps: budget },
    eval: { every, episodes: 20, stopAtMean: 475 },
    seed,
  });
  const r = await run.train();
  await run.dispose();
  const wall = (performance.now() - t0) / 1000;
  const last = r.evaluations.at(-1);
  const best = Math.max(...r.evaluations.map((e) => e.mean));
  const solved = r.stoppedBy === "stopAtMean";
  rows.push(
    `seed ${seed}: ${solved ? "SOLVED" : "not solved"} at ${r.steps} steps, ${wall.toFixed(1)} s; last eval ${last?.mean.toFixed(1)}, best ${best.toFixed(1)}; evals ${r.evaluations.map((e) => Math.round(e.mean)).join(" ")}`,
  );
  console.log(rows.at(-1));
}
