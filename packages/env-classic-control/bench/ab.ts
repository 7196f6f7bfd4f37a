/**
 * A/B harness for whole-process timing: steps one env kind for a fixed amount of work and exits.
 * `AB_SRC=<dir with index.ts>` picks the code under test (default ../src), `AB_TRIG` the `trig`
 * option (default "v8"). Usage:
 * `tsx --conditions=@gymkit/source bench/ab.ts <Acrobot-v1|MountainCar-v0|MountainCarContinuous-v0|Pendulum-v1> <vector|make> [env-steps]`
 */
import { type Env, Registry } from "@gymkit/core";

const [id = "Acrobot-v1", kind = "vector", stepsArg = "20000000"] = process.argv.slice(2);
const steps = Number(stepsArg);
const src = process.env.AB_SRC ?? "../src/index.js";
const mod = (await import(src)) as typeof import("../src/index.js");
const options = { trig: process.env.AB_TRIG ?? "v8" };
const continuous = id === "MountainCarContinuous-v0" || id === "Pendulum-v1";
const high = id === "Pendulum-v1" ? 2 : 1;
const N = 1 << 12;
const discrete = new Int32Array(N);
const box = new Float32Array(N);
let x = 12345;
for (let i = 0; i < N; i++) {
  x = (Math.imul(1664525, x) + 1013904223) >>> 0;
  discrete[i] = x % 3;
  box[i] = Math.fround((2 * (x / 2 ** 32) - 1) * 1.5 * high);
}
let sink = 0;
if (kind === "vector") {
  const n = 64;
  const vec = {
    "Acrobot-v1": () => new mod.AcrobotVector(n, options),
    "MountainCar-v0": () => new mod.MountainCarVector(n, options),
    "MountainCarContinuous-v0": () => new mod.MountainCarContinuousVector(n, options),
    "Pendulum-v1": () => new mod.PendulumVector(n, options),
  }[id]!();
  vec.reset({ seed: 0 });
  const source = continuous ? box : discrete;
  for (let c = 0, calls = steps / n; c < calls; c++) {
    const r = vec.step(source.subarray((c & 63) * n, (c & 63) * n + n) as never);
    sink += r.rewards[0]!;
  }
} else {
  const env = new Registry().use(mod.default).make<Env<Float32Array, unknown>>(id, options);
  env.reset({ seed: 0 });
  const boxes = Array.from(box, (a) => Float32Array.of(a));
  for (let t = 0; t < steps; t++) {
    const r = env.step(continuous ? boxes[t & (N - 1)]! : discrete[t & (N - 1)]!);
    sink += r.reward;
    if (r.terminated || r.truncated) env.reset();
  }
}
if (Number.isNaN(sink)) console.log("unreachable");
