/**
 * A/B of the training loop's own cost in one process: this tree's `train()` and another tree's,
 * alternated 8 times (1 M CartPole steps each, a trivial agent), min and median ns/step of each.
 * Interleaving in one process keeps a busy machine's load alike for both sides.
 *   git archive <commit> packages/core/src packages/env-cartpole/src | tar -x -C packages/core/bench/.ab
 *   npx tsx --conditions=@gymkit/source packages/core/bench/train-ab.ts packages/core/bench/.ab [vector]
 */
import { resolve } from "node:path";
import type { Env } from "../src/env.js";
import type { TrainOptions, TrainResult } from "../src/train.js";
import type { VectorEnv } from "../src/vector.js";

interface Tree {
  train: (options: TrainOptions<number>) => Promise<TrainResult>;
  CartPoleEnv: new () => Env<Float32Array, number>;
  CartPoleVector: new (n: number) => VectorEnv;
}
const load = async (root: string): Promise<Tree> => ({
  train: (await import(`${root}/packages/core/src/train.ts`)).train,
  CartPoleEnv: (await import(`${root}/packages/env-cartpole/src/cartpole-env.ts`)).CartPoleEnv,
  CartPoleVector: (await import(`${root}/packages/env-cartpole/src/cartpole-vector.ts`)).CartPoleVector,
});
const other = resolve(process.argv[2] ?? "packages/core/bench/.ab");
const vector = process.argv[3] === "vector";
const trees: Record<string, Tree> = {
  other: await load(other),
  this: await load(new URL("../../..", import.meta.url).pathname),
};
const agent = {
  act: (o: Float32Array) => (o[2]! > 0 ? 1 : 0),
  actBatch(o: Float32Array, count: number, _options?: unknown, out = new Int32Array(count)) {
    for (let i = 0; i < count; i++) out[i] = o[i * 4 + 2]! > 0 ? 1 : 0;
    return out;
  },
  observe() {},
  update: () => undefined,
  dispose() {},
};
const nsPerStep: Record<string, number[]> = { other: [], this: [] };
for (let round = 0; round < 8; round++) {
  for (const name of round % 2 ? ["this", "other"] : ["other", "this"]) {
    const t = trees[name]!;
    const env = vector ? new t.CartPoleVector(16) : new t.CartPoleEnv();
    await t.train({ env, agent, budget: { steps: 100_000 } }); // warm-up
    const t0 = performance.now();
    await t.train({ env, agent, budget: { steps: 1_000_000 } });
    nsPerStep[name]!.push(performance.now() - t0); // ms per 1 M steps = ns per step
  }
}
for (const [name, v] of Object.entries(nsPerStep)) {
  v.sort((a, b) => a - b);
  console.log(
    `${vector ? "vector(16)" : "scalar"} ${name}: min ${v[0]!.toFixed(1)} ns/step, median ${v[4]!.toFixed(1)}`,
  );
}
