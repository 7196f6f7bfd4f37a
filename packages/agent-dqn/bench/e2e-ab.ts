/**
 * End-to-end env-steps/s of one agent-dqn source tree, for A/B runs across commits:
 *   tsx --conditions=@gymkit/source bench/e2e-ab.ts <src dir> '<agent options json>' [steps]
 * e.g. the working tree against a commit's `src` extracted next to it (`git archive <commit>
 * packages/agent-dqn/src | tar -x -C bench/.ab`). CartPole-v1 through core's `train()`, wasm,
 * seed 1; timed after 3 000 warm-up steps (learningStarts included). Prints one JSON line.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Env, Registry, train } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";

const [dir = "src", optionsJson = "{}", stepsArg = "15000"] = process.argv.slice(2);
const steps = Number(stepsArg);
const mod = await import(pathToFileURL(resolve(dir, "index.ts")).href);
await mod.prepareBackend("wasm", { log: false });
const registry = new Registry().use(mod.default).use(replayMemory).use(cartpole);
const env = registry.make<Env<Float32Array, number>>("CartPole-v1");
const agent = registry.create("agent", "dqn", JSON.parse(optionsJson), {
  seed: 1,
  budget: { steps: 3000 + steps },
  env,
});
await train({ env, agent, budget: { steps: 3000 }, seed: 1 });
const t0 = performance.now();
await train({ env, agent, budget: { steps }, seed: 2 });
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({ dir, options: JSON.parse(optionsJson), steps, stepsPerSecond: steps / seconds }),
);
