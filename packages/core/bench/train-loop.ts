/**
 * The training loop's own cost: core's `train()` with a trivial agent (act by the pole angle,
 * learn nothing) on bare CartPole, so nearly all the time is the loop's bookkeeping.
 * Run: `npx tsx --conditions=@gymkit/source packages/core/bench/train-loop.ts` (prints M steps/s).
 * To compare two trees, pass the root of the other checkout: `... train-loop.ts /path/to/other`
 * (an extract inside this tree resolves the dependencies: `git archive <commit> packages/core/src
 * packages/env-cartpole/src | tar -x -C packages/core/bench/.ab`, then pass `packages/core/bench/.ab`).
 * A third argument `vector` runs a `CartPoleVector` of 16 sub-envs with `actBatch` instead.
 */
const root = process.argv[2] ?? new URL("../../..", import.meta.url).pathname;
const vector = process.argv[3] === "vector";
const { train } = (await import(`${root}/packages/core/src/train.ts`)) as typeof import("../src/train.js");
const { CartPoleEnv } = (await import(`${root}/packages/env-cartpole/src/cartpole-env.ts`)) as {
  CartPoleEnv: new () => import("../src/env.js").Env<Float32Array, number>;
};
const { CartPoleVector } = (await import(`${root}/packages/env-cartpole/src/cartpole-vector.ts`)) as {
  CartPoleVector: new (n: number) => import("../src/vector.js").VectorEnv;
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
const steps = 3_000_000;
const env = vector ? new CartPoleVector(16) : new CartPoleEnv();
await train({ env, agent, budget: { steps: 200_000 } }); // warm-up
const t0 = performance.now();
await train({ env, agent, budget: { steps } });
const s = (performance.now() - t0) / 1000;
console.log(
  `${vector ? "vector(16)" : "scalar"} ${(steps / s / 1e6).toFixed(2)} M steps/s (${((s / steps) * 1e9).toFixed(1)} ns/step)`,
);
