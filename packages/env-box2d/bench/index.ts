/**
 * LunarLander step throughput, measured as Gymnasium's figure was (shared/golden README, "Speed"):
 * the golden data's LCG discrete policy, episodes reset when they end (~92 steps each), through
 * `registry.make` (TimeLimit, OrderEnforcing, PassiveEnvChecker), without the checker, unwrapped,
 * continuous, and the vector env (n = 1, 16, 64) against `SyncVectorEnv` over `make` envs at
 * n = 16 (what batching buys). Run: `npm run bench` in packages/env-box2d; `BENCH_ONLY=scalar`
 * or `vector` for quick iterations (docs/benchmarks.md is then left alone). Also prints the
 * steps/s of one configuration when called as `bench/index.ts steps N` (for whole-process timing).
 */
import { cpus, loadavg, totalmem } from "node:os";
import { type Env, Registry, SyncVectorEnv } from "@gymkit/core";
import { writeBenchSection } from "../../../scripts/bench-section.js";
import box2d, { LcgPolicy, LunarLanderEnv, type LunarLanderVector } from "../src/index.js";

const REPS = Number(process.env.BENCH_REPS ?? 5);
const STEPS = Number(process.env.BENCH_STEPS ?? 100_000);
const WARMUP_STEPS = 20_000;

// The LCG discrete actions, precomputed (policy cost out of the loop; the same stream every run).
const actions = new Uint8Array(1 << 18);
{
  const lcg = new LcgPolicy(0);
  for (let i = 0; i < actions.length; i++) actions[i] = lcg.discrete();
}
const continuousActions = new Float32Array(2 * (1 << 16));
{
  const lcg = new LcgPolicy(1);
  for (let i = 0; i < continuousActions.length; i += 2) continuousActions.set(lcg.continuous(), i);
}

interface Result {
  name: string;
  /** Steps per second of this process's CPU time (user + system): what a free core would do. */
  median: number;
  min: number;
  max: number;
  /** Steps per wall-clock second, median: lower than `median` when other processes share the cores. */
  wall: number;
  stepsPerEpisode: number;
}

/** `limit` stands in for the TimeLimit on the unwrapped env (an episode can hover for long). */
function runScalar(env: Env<Float32Array, number>, steps: number, limit = Number.POSITIVE_INFINITY): number {
  let episodes = 0;
  let length = 0;
  for (let t = 0; t < steps; t++) {
    const r = env.step(actions[t & (actions.length - 1)]!);
    if (r.terminated || r.truncated || ++length >= limit) {
      env.reset();
      episodes++;
      length = 0;
    }
  }
  return episodes;
}

function runContinuous(env: Env<Float32Array, Float32Array>, steps: number): number {
  let episodes = 0;
  const n = continuousActions.length / 2;
  for (let t = 0; t < steps; t++) {
    const k = t % n;
    const r = env.step(continuousActions.subarray(2 * k, 2 * k + 2));
    if (r.terminated || r.truncated) {
      env.reset();
      episodes++;
    }
  }
  return episodes;
}

function runVector(
  vec: { step(a: ArrayLike<number>): { terminated: Uint8Array; truncated: Uint8Array } },
  n: number,
  calls: number,
): number {
  let episodes = 0;
  const batches = Array.from({ length: 256 }, (_, b) => actions.slice(b * n, b * n + n));
  for (let c = 0; c < calls; c++) {
    const r = vec.step(batches[c & 255]!);
    for (let i = 0; i < n; i++) episodes += r.terminated[i]! | r.truncated[i]!;
  }
  return episodes;
}

/**
 * Times `run` by this process's CPU time (user + system, `process.cpuUsage`) as well as by the
 * wall clock: on a machine shared with other work the wall clock counts their time too, the CPU
 * time does not (it still includes garbage collection on helper threads).
 */
async function measure(name: string, run: () => number, steps: number): Promise<Result> {
  run(); // warm-up
  const rates: number[] = [];
  const walls: number[] = [];
  let episodes = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    episodes = run();
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    rates.push(steps / ((cpu.user + cpu.system) / 1e6));
    walls.push(steps / wall);
  }
  rates.sort((a, b) => a - b);
  walls.sort((a, b) => a - b);
  const r = {
    name,
    median: rates[REPS >> 1]!,
    min: rates[0]!,
    max: rates.at(-1)!,
    wall: walls[REPS >> 1]!,
    stepsPerEpisode: steps / episodes,
  };
  console.log(
    `${name.padEnd(52)} ${(r.median / 1e3).toFixed(1).padStart(7)} k steps/CPU-s  (min ${(r.min / 1e3).toFixed(1)}, max ${(r.max / 1e3).toFixed(1)}; wall ${(r.wall / 1e3).toFixed(1)} k/s; ${r.stepsPerEpisode.toFixed(0)} steps/episode)`,
  );
  return r;
}

const registry = new Registry().use(box2d);

if (process.argv[2] === "steps") {
  // Fixed work for whole-process timing: N steps through make() with all wrappers.
  const n = Number(process.argv[3] ?? 200_000);
  const env = registry.make<Env<Float32Array, number>>("LunarLander-v3");
  env.reset({ seed: 0 });
  runScalar(env, n);
} else {
  const loadAtStart = loadavg()[0]!;
  const results: Result[] = [];
  const only = process.env.BENCH_ONLY;
  if (only !== "vector") {
    const made = registry.make<Env<Float32Array, number>>("LunarLander-v3");
    made.reset({ seed: 0 });
    runScalar(made, WARMUP_STEPS);
    results.push(await measure('make("LunarLander-v3") (all wrappers)', () => runScalar(made, STEPS), STEPS));
    const unchecked = registry.make<Env<Float32Array, number>>("LunarLander-v3", { disableEnvChecker: true });
    unchecked.reset({ seed: 0 });
    results.push(
      await measure(
        'make("LunarLander-v3", { disableEnvChecker: true })',
        () => runScalar(unchecked, STEPS),
        STEPS,
      ),
    );
    const bare = new LunarLanderEnv();
    bare.reset({ seed: 0 });
    results.push(
      await measure(
        "LunarLanderEnv (unwrapped; reset at 1000 steps)",
        () => runScalar(bare as Env<Float32Array, number>, STEPS, 1000),
        STEPS,
      ),
    );
    const cont = registry.make<Env<Float32Array, Float32Array>>("LunarLanderContinuous-v3");
    cont.reset({ seed: 0 });
    results.push(
      await measure(
        'make("LunarLanderContinuous-v3") (all wrappers)',
        () => runContinuous(cont, STEPS),
        STEPS,
      ),
    );
  }
  if (only !== "scalar") {
    for (const n of [1, 16, 64]) {
      const vec = registry.makeVec("LunarLander-v3", n) as unknown as LunarLanderVector;
      vec.reset({ seed: 0 });
      const calls = Math.ceil(STEPS / n);
      results.push(await measure(`LunarLanderVector n=${n}`, () => runVector(vec, n, calls), calls * n));
    }
    const sync = new SyncVectorEnv(
      Array.from({ length: 16 }, () => () => registry.make<Env<Float32Array, number>>("LunarLander-v3")),
    );
    sync.reset({ seed: 0 });
    const calls = Math.ceil(STEPS / 16);
    results.push(
      await measure("SyncVectorEnv over 16 make() envs", () => runVector(sync, 16, calls), calls * 16),
    );
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const fmt = (r: Result) =>
    `| ${r.name} | **${(r.median / 1e3).toFixed(1)} k** | ${(r.min / 1e3).toFixed(1)}–${(r.max / 1e3).toFixed(1)} k | ${(r.wall / 1e3).toFixed(1)} k |`;
  const markdown = `
Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${cpus().length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB), Node ${process.version}, 1-minute load average ${loadAtStart.toFixed(2)} at the start, by \`npm run bench\` in \`packages/env-box2d\` (\`bench/index.ts\`).

Method, as Gymnasium's figure was taken (shared golden data README, "Speed"): the golden data's LCG random policy (discrete \`a = x >>> 30\`; continuous from its own LCG stream), precomputed; episodes reset when they end (about ${Math.round(results[0]?.stepsPerEpisode ?? 92)} steps each, so every reset's world building and 16 draws are counted). ${WARMUP_STEPS.toLocaleString("en-US")} warm-up steps, then ${REPS} timed repetitions of ${STEPS.toLocaleString("en-US")} env-steps; median and range.

Rates are per second of the process's CPU time (user + system, \`process.cpuUsage\`): the machine was shared, and the wall clock (last column) also counts other processes' time.

| configuration | steps per CPU second, median | min–max | steps per wall second, median |
|---|---|---|---|
${results.map(fmt).join("\n")}
`;
  if (only) console.log(`BENCH_ONLY=${only}: docs/benchmarks.md left unchanged`);
  else console.log(`\nwrote section env-box2d of ${writeBenchSection("env-box2d", markdown)}`);
}
