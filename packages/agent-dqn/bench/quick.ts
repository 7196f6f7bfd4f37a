import { Box, Discrete, Registry } from "@gymkit/core";
import replayMemory from "@gymkit/replay-memory";
import plugin, { type DqnAgent, prepareBackend } from "../src/index.js";

const backend = (process.argv[2] ?? "wasm") as "wasm" | "cpu";
await prepareBackend(backend, { log: false });
const registry = new Registry().use(plugin).use(replayMemory);
for (const [h, b] of [
  [64, 64],
  [64, 128],
  [256, 64],
  [256, 128],
] as const) {
  const scope = registry.scope({ seed: 1, totalSteps: 1e6 });
  const agent = scope.create("agent", "dqn", {
    observationSpace: new Box(-5, 5, [4]),
    actionSpace: new Discrete(2),
    hidden: [h, h],
    batchSize: b,
    learningStarts: 1000,
    trainFreq: 1,
  }) as DqnAgent;
  const rng = scope.rng.fork("data");
  for (let i = 0; i < 5000; i++) {
    const o = Float32Array.from({ length: 4 }, () => rng.normal());
    const n = Float32Array.from({ length: 4 }, () => rng.normal());
    agent.observe({
      observation: o,
      action: rng.int(2),
      reward: 1,
      nextObservation: n,
      terminated: rng.float() < 0.05,
      truncated: false,
    });
  }
  const N = h === 64 ? 500 : 100;
  for (let i = 0; i < 3 * N; i++) agent.update();
  const times: number[] = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) agent.update();
    times.push((performance.now() - t0) / N);
  }
  times.sort((a, b) => a - b);
  const obs = new Float32Array(4).fill(0.1);
  for (let i = 0; i < 2000; i++) agent.act(obs, { explore: false });
  const t0 = performance.now();
  for (let i = 0; i < 5000; i++) agent.act(obs, { explore: false });
  const act = ((performance.now() - t0) / 5000) * 1000;
  console.log(
    `${backend} ${h}x${h} B=${b}: ${times[4]!.toFixed(3)} ms/step (min ${times[0]!.toFixed(3)}), act ${act.toFixed(1)} us`,
  );
  agent.dispose();
}
