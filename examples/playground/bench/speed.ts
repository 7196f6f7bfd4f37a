/**
 * Env-steps/s of the `dqn` preset in headless Chromium (the built playground: a wasm Web Worker)
 * against the same config in Node (wasm backend, this process), alternating, 3 runs each; prints
 * the medians and the ratio. Run it when the machine is idle: `npm run bench -w @gymkit/example-playground`.
 */
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { Registry } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";
import { build } from "vite";
import { launchChromium } from "../test/chromium.js";
import { serveStatic } from "../test/serve.js";

const STEPS = 5_000;
const REPEATS = 3;
const config = {
  env: "CartPole-v1",
  agent: { kind: "dqn", learningStarts: 1_000 },
  budget: { steps: STEPS },
  eval: false,
  seed: 0,
};
const here = fileURLToPath(new URL("..", import.meta.url));
const load = loadavg()[0]!;

await build({ root: here, logLevel: "error", configFile: join(here, "vite.config.ts") });
const server = await serveStatic(join(here, "dist"));
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(server.url);
await prepareBackend("wasm", { log: false });
const registry = new Registry().use(cartpole).use(replayMemory).use(agentDqn);

type Runs = Record<string, { steps: number; wallSeconds?: number; error?: string }>;
async function inBrowser(): Promise<number> {
  await page.evaluate(
    (c) => (globalThis as unknown as { __gymkitTrain(c: unknown): void }).__gymkitTrain(c),
    config,
  );
  await page.waitForFunction(
    () => {
      const run = (globalThis as unknown as { __gymkit: { runs: Runs } }).__gymkit.runs.run;
      return run?.wallSeconds !== undefined || run?.error !== undefined;
    },
    null,
    { timeout: 600_000 },
  );
  const run = await page.evaluate(
    () => (globalThis as unknown as { __gymkit: { runs: Runs } }).__gymkit.runs.run!,
  );
  if (run.error) throw new Error(run.error);
  return run.steps / run.wallSeconds!;
}

async function inNode(): Promise<number> {
  const run = await registry.compose(config);
  try {
    const result = await run.train();
    return result.steps / result.wallSeconds;
  } finally {
    await run.dispose();
  }
}

const browserRates: number[] = [];
const nodeRates: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  browserRates.push(await inBrowser());
  nodeRates.push(await inNode());
}
const version = browser.version();
await browser.close();
await server.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const b = median(browserRates);
const n = median(nodeRates);
const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
console.log(`CPU: ${cpus()[0]?.model} × ${cpus().length}; 1-min load average at start ${load.toFixed(2)}`);
console.log(`Chromium ${version}, Node ${process.version}`);
console.log(
  `headless Chromium (playground worker, wasm): median ${Math.round(b)} env-steps/s (${fmt(browserRates)})`,
);
console.log(
  `Node (registry.compose + run.train, wasm):    median ${Math.round(n)} env-steps/s (${fmt(nodeRates)})`,
);
console.log(`browser / Node: ${((100 * b) / n).toFixed(0)}%`);
