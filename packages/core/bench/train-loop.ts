/**
 * The training loop's own cost: core's `train()` with a trivial agent (act by the pole angle,
 * learn nothing) on bare CartPole, so nearly all the time is the loop's bookkeeping.
 * Run: `npx tsx --conditions=@gymkit/source packages/core/bench/train-loop.ts` (prints M steps/s).
 * To compare two trees, pass the root of the other checkout: `... train-loop.ts /path/to/other`.
 */
const root = process.argv[2] ?? new URL("../../..", import.meta.url).pathname;
const { train } = (await import(`${root}/packages/core/src/train.ts`)) as typeof import("../src/train.js");
const { CartPoleEnv } = (await import(`${root}/packages/env-cartpole/src/cartpole-env.ts`)) as {
  CartPoleEnv: new () => import("../src/env.js").Env<Float32Array, number>;
};
const agent = {
  act: (o: Float32Array) => (o[2]! > 0 ? 1 : 0),
  observe() {},
  update: () => undefined,
  dispose() {},
};
const steps = 3_000_000;
const env = new CartPoleEnv();
await train({ env, agent, budget: { steps: 200_000 } }); // warm-up
const t0 = performance.now();
await train({ env, agent, budget: { steps } });
const s = (performance.now() - t0) / 1000;
console.log(`${(steps / s / 1e6).toFixed(2)} M steps/s (${((s / steps) * 1e9).toFixed(1)} ns/step)`);
