/**
 * CartPole step throughput: the scalar env through `registry.make` (TimeLimit, OrderEnforcing,
 * PassiveEnvChecker), the unwrapped `CartPoleEnv`, and `CartPoleVector` at n = 1, 64, 1024 through
 * `registry.makeVec` (inside core's PassiveVectorEnvChecker, as users get it).
 * Run: `npm run bench` in packages/env-cartpole (the lead runs it under flock on a quiet machine).
 * Writes the figures into docs/benchmarks.md, section env-cartpole.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import { createRng, type Env, Registry } from "@gymkit/core";
import { writeBenchSection } from "../../../scripts/bench-section.js";
import cartpole, { CartPoleEnv, type CartPoleVector } from "../src/index.js";

const REPS = Number(process.env.BENCH_REPS ?? 7);
/** Env steps per timed repetition (scalar) and env-steps per repetition (vector). */
const STEPS = Number(process.env.BENCH_STEPS ?? 5_000_000);
const WARMUP_STEPS = 2_000_000;

// Precomputed random actions (Bernoulli(0.5), from the seeded gymkit Rng): the policy costs
// nothing inside the timed loop, and every run sees the same stream.
const STREAM_BITS = 20;
const STREAM_MASK = (1 << STREAM_BITS) - 1;
const actionRng = createRng(0);
const actions = new Uint8Array(1 << STREAM_BITS);
for (let i = 0; i < actions.length; i++) actions[i] = actionRng.int(2);

let gcCount = 0;
const gcObserver = new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
});
gcObserver.observe({ entryTypes: ["gc"] });

interface Result {
  name: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  episodes: number;
  gcPerRep: number;
}

/** Random-policy loop with resets on terminated/truncated; returns episodes finished. */
function runScalar(env: Env, steps: number, offset: number): number {
  let episodes = 0;
  for (let t = 0; t < steps; t++) {
    const r = env.step(actions[(t + offset) & STREAM_MASK]!);
    if (r.terminated || r.truncated) {
      env.reset();
      episodes++;
    }
  }
  return episodes;
}

/** `calls` vector steps over precomputed action batches; returns episodes finished. */
function runVector(vec: CartPoleVector, calls: number, batches: Uint8Array[]): number {
  let episodes = 0;
  const n = vec.numEnvs;
  for (let c = 0; c < calls; c++) {
    const r = vec.step(batches[c % batches.length]!);
    const term = r.terminated;
    const trunc = r.truncated;
    for (let i = 0; i < n; i++) episodes += term[i]! | trunc[i]!;
  }
  return episodes;
}

async function measure(name: string, unit: string, run: () => number, workPerRun: number): Promise<Result> {
  run(); // warm-up (the first run is also sized to reach the optimizing compiler)
  const rates: number[] = [];
  let episodes = 0;
  let gcs = 0;
  for (let rep = 0; rep < REPS; rep++) {
    await new Promise((resolve) => setImmediate(resolve)); // let GC entries of earlier reps arrive
    const gcBefore = gcCount;
    const t0 = process.hrtime.bigint();
    episodes = run();
    const t1 = process.hrtime.bigint();
    await new Promise((resolve) => setImmediate(resolve));
    gcs += gcCount - gcBefore;
    rates.push(workPerRun / (Number(t1 - t0) / 1e9));
  }
  rates.sort((a, b) => a - b);
  const result = {
    name,
    unit,
    median: rates[Math.floor(rates.length / 2)]!,
    min: rates[0]!,
    max: rates.at(-1)!,
    episodes,
    gcPerRep: gcs / REPS,
  };
  console.log(
    `${name.padEnd(50)} ${(result.median / 1e6).toFixed(2).padStart(7)} M ${unit}  (min ${(result.min / 1e6).toFixed(2)}, max ${(result.max / 1e6).toFixed(2)}, ${episodes} episodes/rep, ${result.gcPerRep.toFixed(1)} GCs/rep)`,
  );
  return result;
}

/** Where `make`'s time goes: ns per step of PassiveEnvChecker and of TimeLimit + OrderEnforcing. */
function overhead(results: Result[]): string {
  const ns = (name: string) => {
    const r = results.find((x) => x.name.startsWith(name));
    return r ? 1e9 / r.median : Number.NaN;
  };
  const all = ns('make("CartPole-v1") (all');
  const unchecked = ns('make("CartPole-v1", {');
  const bare = ns("CartPoleEnv");
  if (!Number.isFinite(all + unchecked + bare)) return "";
  // Differences under half a nanosecond are below this method's resolution.
  const extra = (d: number) => (d < 0.5 ? "under 0.5 ns (within noise)" : `${d.toFixed(1)} ns`);
  return `Per step: the unwrapped env takes ${bare.toFixed(1)} ns; TimeLimit + OrderEnforcing add ${extra(unchecked - bare)}; core's PassiveEnvChecker adds ${extra(all - unchecked)} (every step it checks the action against \`actionSpace\`, that the reward is a finite number and the flags booleans, and the observation's size, finiteness and bounds in one loop).`;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const registry = new Registry().use(cartpole);
  const results: Result[] = [];

  const only = process.env.BENCH_ONLY; // "scalar" or "vector", for quick iterations
  if (only !== "vector") {
    const made = registry.make<Env>("CartPole-v1");
    made.reset({ seed: 0 });
    runScalar(made, WARMUP_STEPS, 0);
    results.push(
      await measure('make("CartPole-v1") (all wrappers)', "steps/s", () => runScalar(made, STEPS, 17), STEPS),
    );
    // The same without PassiveEnvChecker, to show where make's overhead goes.
    const unchecked = registry.make<Env>("CartPole-v1", { disableEnvChecker: true });
    unchecked.reset({ seed: 0 });
    runScalar(unchecked, WARMUP_STEPS, 0);
    results.push(
      await measure(
        'make("CartPole-v1", { disableEnvChecker: true })',
        "steps/s",
        () => runScalar(unchecked, STEPS, 17),
        STEPS,
      ),
    );
    const bare = new CartPoleEnv();
    bare.reset({ seed: 0 });
    runScalar(bare, WARMUP_STEPS, 0);
    results.push(
      await measure("CartPoleEnv (unwrapped)", "steps/s", () => runScalar(bare, STEPS, 17), STEPS),
    );
  }

  for (const n of only === "scalar" ? [] : [1, 64, 1024]) {
    const vec = registry.makeVec("CartPole-v1", n) as CartPoleVector;
    vec.reset({ seed: 0 });
    // At most 4096 distinct batches, cycled: enough variety, and small enough to stay in cache.
    const batches = Array.from({ length: Math.min(4096, Math.floor(actions.length / n)) }, (_, b) =>
      actions.slice(b * n, b * n + n),
    );
    const calls = Math.ceil(STEPS / n);
    runVector(vec, Math.ceil(WARMUP_STEPS / n), batches);
    results.push(
      await measure(`CartPoleVector n=${n}`, "env-steps/s", () => runVector(vec, calls, batches), calls * n),
    );
  }

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const fmt = (r: Result) =>
    `| ${r.name} | **${(r.median / 1e6).toFixed(1)} M** ${r.unit} | ${(r.min / 1e6).toFixed(1)}–${(r.max / 1e6).toFixed(1)} M | ${r.gcPerRep.toFixed(1)} |`;
  const markdown = `
Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${cpus().length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB), Node ${process.version}, 1-minute load average ${loadAtStart.toFixed(2)} at the start (figures from a busy machine are low and spread out), by \`npm run bench\` in \`packages/env-cartpole\` (\`bench/index.ts\`).

Method: a random policy from a precomputed stream of ${actions.length.toLocaleString("en-US")} actions (Bernoulli(0.5), seeded), so choosing an action costs nothing in the loop; episodes reset on \`terminated || truncated\` (about ${Math.round(STEPS / (results[0]?.episodes || 1))} steps each, so the numpy-compatible reset draws are included). ${WARMUP_STEPS.toLocaleString("en-US")} warm-up steps per configuration, then ${REPS} timed repetitions of ${STEPS.toLocaleString("en-US")} env-steps each; the table shows the median and the range. "GCs/rep" counts garbage collections observed during a timed repetition (the hot paths allocate nothing per step; resets allocate a small result object).

| configuration | median | min–max | GCs/rep |
|---|---|---|---|
${results.map(fmt).join("\n")}

${overhead(results)}

Aims (issue 3): unwrapped ≥ 25 M steps/s, through \`make\` ≥ 10 M steps/s, vector ≥ 30 M env-steps/s.

Reference figures on this machine (issue 3): Gymnasium 1.4 does 112 k steps/s through \`gym.make\`, 156 k unwrapped, and 1.5 M env-steps/s with its numpy \`CartPoleVectorEnv\` at n = 64; a plain TypeScript CartPole step that allocates nothing runs at about 30–35 M steps/s, one that allocates a new observation array each step at about 10 M.
`;
  if (only) {
    console.log(`BENCH_ONLY=${only}: docs/benchmarks.md left unchanged`);
    return;
  }
  const file = writeBenchSection("env-cartpole", markdown);
  console.log(`\nwrote section env-cartpole of ${file}`);
  gcObserver.disconnect();
}

await main();
