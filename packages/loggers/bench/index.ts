/**
 * loggers benchmark: `npm run bench` (from packages/loggers). Env-steps/s of the `dqn` preset on
 * CartPole-v1 (wasm backend), composed by core with no logger and with every logger attached
 * (console, jsonl, csv, tensorboard, plot, memory), alternated A/B in one process so drift and
 * load hit both alike. Writes the loggers section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { Registry } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";
import { writeBenchSection } from "../../../scripts/bench-section.js";
import loggers from "../src/index.js";

const quick = process.argv.includes("--quick");
const STEPS = quick ? 4000 : 10_000;
const PAIRS = quick ? 2 : 5;

await prepareBackend("wasm", { log: false });
const registry = new Registry().use(cartpole).use(replayMemory).use(agentDqn).use(loggers);
const startLoad = loadavg()[0]!;

async function once(withLoggers: boolean, seed: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "gymkit-bench-loggers-"));
  const run = await registry.compose({
    env: "CartPole-v1",
    agent: "dqn",
    loggers: withLoggers
      ? [
          { kind: "console", mode: "lines" },
          { kind: "jsonl", dir },
          { kind: "csv", dir },
          { kind: "tensorboard", dir },
          { kind: "plot", dir },
          "memory",
        ]
      : [],
    budget: { steps: STEPS },
    eval: false,
    seed,
  });
  try {
    const result = await run.train();
    return result.steps / result.wallSeconds;
  } finally {
    await run.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

await once(false, 99); // warm-up: JIT, wasm kernels
const without: number[] = [];
const withAll: number[] = [];
for (let i = 0; i < PAIRS; i++) {
  // Alternate the order within each pair too.
  if (i % 2 === 0) {
    without.push(await once(false, i));
    withAll.push(await once(true, i));
  } else {
    withAll.push(await once(true, i));
    without.push(await once(false, i));
  }
  console.error(
    `pair ${i}: without ${without.at(-1)!.toFixed(0)}, with ${withAll.at(-1)!.toFixed(0)} env-steps/s`,
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const f = (x: number) => x.toFixed(0);
const a = median(without);
const b = median(withAll);
const slowdown = (100 * (a - b)) / a;
const ratios = without.map((w, i) => (100 * (w - withAll[i]!)) / w);
const md = `
Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model.trim() ?? "?"} (${cpus().length} logical CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB), Node ${process.version}, 1-minute load average ${startLoad.toFixed(2)} at the start, by \`npm run bench\` in \`packages/loggers\` (\`bench/index.ts\`${quick ? ", --quick" : ""}).

Method: the \`dqn\` preset on CartPole-v1, wasm backend, composed by \`registry.compose\` with \`eval: false\`, ${STEPS.toLocaleString("en-US")} env steps per run (env-steps/s = steps / \`train()\`'s wall seconds, so it includes the first 1,000 steps before learning starts). "All loggers" = \`console\` (lines mode), \`jsonl\`, \`csv\`, \`tensorboard\`, \`plot\` and \`memory\`, every file logger at its default interval of 1,000 steps; the plot renders at run end, after \`train()\` returns its timing. One warm-up run, then ${PAIRS} pairs alternated A/B (the order flips every pair), same seed within a pair.

| configuration | median env-steps/s | runs |
| --- | ---: | --- |
| no logger | **${f(a)}** | ${without.map(f).join(", ")} |
| all loggers | **${f(b)}** | ${withAll.map(f).join(", ")} |

Slowdown with all loggers: **${slowdown.toFixed(1)}%** of the median (per pair: ${ratios.map((r) => `${r.toFixed(1)}%`).join(", ")}). Aim (issue 10): under 5%.
`;
const file = writeBenchSection("loggers", md);
console.error(`wrote ${file}`);
console.error(md);
