/**
 * Classic-control step throughput: each env through `registry.make` (TimeLimit, OrderEnforcing,
 * PassiveEnvChecker), unwrapped, and as a 64- and 1024-env vector; beside Gymnasium 1.3 itself when
 * a Python with gymnasium is found (`GYMNASIUM_PYTHON`, else `python3`), run in the same session
 * before and after (bench/gymnasium_bench.py).
 * Run: `npm run bench` in packages/env-classic-control. Writes docs/benchmarks.md, section
 * env-classic-control (`BENCH_ONLY=scalar|vector` measures without writing; `BENCH_STEPS`, `BENCH_REPS` and
 * `BENCH_GYM_SECONDS`, CPU seconds per Gymnasium measurement, size the runs).
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { type Env, Registry } from "@gymkit/core";
import { writeBenchSection } from "../../../scripts/bench-section.js";
import classic, {
  AcrobotVector,
  type ClassicVector,
  MountainCarContinuousVector,
  MountainCarVector,
  PendulumVector,
} from "../src/index.js";

const REPS = Number(process.env.BENCH_REPS ?? 5);
/** Env-steps per timed repetition. */
const STEPS = Number(process.env.BENCH_STEPS ?? 2_000_000);
const IDS = ["Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"] as const;
type Id = (typeof IDS)[number];
const CONTINUOUS = new Set<Id>(["MountainCarContinuous-v0", "Pendulum-v1"]);
const HIGH: Record<string, number> = { "MountainCarContinuous-v0": 1, "Pendulum-v1": 2 };

/** The golden data's LCG actions (Discrete: x % 3; Box: out of bounds a third of the time), precomputed. */
const STREAM = 1 << 16;
function actionStream(id: Id): { discrete: Int32Array; continuous: Float32Array } {
  const discrete = new Int32Array(STREAM);
  const continuous = new Float32Array(STREAM);
  let x = 12345;
  for (let i = 0; i < STREAM; i++) {
    x = (Math.imul(1664525, x) + 1013904223) >>> 0;
    discrete[i] = x % 3;
    continuous[i] = Math.fround((2 * (x / 2 ** 32) - 1) * 1.5 * (HIGH[id] ?? 1));
  }
  return { discrete, continuous };
}

function runScalar(env: Env<Float32Array, unknown>, id: Id, steps: number): void {
  const { discrete, continuous } = actionStream(id);
  const boxes = Array.from(continuous.subarray(0, 4096), (a) => Float32Array.of(a)); // no allocation per step
  const isBox = CONTINUOUS.has(id);
  for (let t = 0; t < steps; t++) {
    const r = env.step(isBox ? boxes[t & 4095]! : discrete[t & (STREAM - 1)]!);
    if (r.terminated || r.truncated) env.reset();
  }
}

function runVector(vec: ClassicVector, id: Id, calls: number): void {
  const { discrete, continuous } = actionStream(id);
  const n = vec.numEnvs;
  const source = CONTINUOUS.has(id) ? continuous : discrete;
  const batches = Array.from({ length: Math.max(1, Math.min(64, Math.floor(STREAM / n))) }, (_, b) =>
    source.subarray(b * n, b * n + n),
  );
  for (let c = 0; c < calls; c++) vec.step(batches[c % batches.length]! as Float32Array);
}

interface Result {
  id: Id;
  name: string;
  /** Steps per second of this process's CPU time (user + system): robust on a shared machine. */
  median: number;
  min: number;
  max: number;
  /** Steps per wall-clock second, median. */
  wall: number;
}

function measure(id: Id, name: string, run: (work: number) => void, work: number): Result {
  run(Math.ceil(work / 4)); // warm-up, long enough for the optimizing compiler
  const rates: number[] = [];
  const walls: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    run(work);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    rates.push(work / ((c.user + c.system) / 1e6));
    walls.push(work / wall);
  }
  rates.sort((a, b) => a - b);
  walls.sort((a, b) => a - b);
  const mid = Math.floor(rates.length / 2);
  const r = { id, name, median: rates[mid]!, min: rates[0]!, max: rates.at(-1)!, wall: walls[mid]! };
  console.log(
    `${id.padEnd(25)} ${name.padEnd(22)} ${(r.median / 1e6).toFixed(2).padStart(7)} M/cpu-s (min ${(r.min / 1e6).toFixed(2)}, max ${(r.max / 1e6).toFixed(2)}; wall ${(r.wall / 1e6).toFixed(2)} M/s)`,
  );
  return r;
}

/** Gymnasium's figures, or undefined when no Python with gymnasium is at hand. */
function gymnasium():
  | { version: string; results: Record<string, { make: number; unwrapped: number }> }
  | undefined {
  const python = process.env.GYMNASIUM_PYTHON ?? "python3";
  try {
    const out = execFileSync(
      python,
      [new URL("./gymnasium_bench.py", import.meta.url).pathname, process.env.BENCH_GYM_SECONDS ?? "1"],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    const parsed = JSON.parse(out) as {
      gymnasium: string;
      numpy: string;
      results: Record<string, { make: number; unwrapped: number }>;
    };
    return { version: `Gymnasium ${parsed.gymnasium}, NumPy ${parsed.numpy}`, results: parsed.results };
  } catch {
    return undefined;
  }
}

const VECTORS: Record<Id, (n: number) => ClassicVector> = {
  "Acrobot-v1": (n) => new AcrobotVector(n),
  "MountainCar-v0": (n) => new MountainCarVector(n),
  "MountainCarContinuous-v0": (n) => new MountainCarContinuousVector(n),
  "Pendulum-v1": (n) => new PendulumVector(n),
};

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const only = process.env.BENCH_ONLY;
  const before = only ? undefined : gymnasium();
  const registry = new Registry().use(classic);
  const results: Result[] = [];
  for (const id of IDS) {
    if (only !== "vector") {
      const made = registry.make<Env<Float32Array, unknown>>(id);
      made.reset({ seed: 0 });
      results.push(measure(id, "make (all wrappers)", (w) => runScalar(made, id, w), STEPS));
      const bare = made.unwrapped;
      bare.reset({ seed: 0 });
      results.push(measure(id, "unwrapped", (w) => runScalar(bare, id, w), STEPS));
    }
    for (const n of only === "scalar" ? [] : [64, 1024]) {
      const vec = VECTORS[id](n);
      vec.reset({ seed: 0 });
      const calls = Math.ceil(STEPS / n);
      results.push(measure(id, `vector n=${n}`, (w) => runVector(vec, id, Math.ceil(w / n)), calls * n));
    }
  }
  if (only) {
    console.log(`BENCH_ONLY=${only}: docs/benchmarks.md left unchanged`);
    return;
  }
  const after = gymnasium();
  const gym = (id: string, key: "make" | "unwrapped") => {
    const v = [before?.results[id]?.[key], after?.results[id]?.[key]].filter(
      (x): x is number => x !== undefined,
    );
    return v.length ? v.reduce((a, b) => a + b) / v.length : undefined;
  };
  const fmt = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : `${(v / 1e3).toFixed(1)} k`);
  const rows = results.map((r) => {
    const g = r.name.startsWith("make")
      ? gym(r.id, "make")
      : r.name === "unwrapped"
        ? gym(r.id, "unwrapped")
        : undefined;
    return `| ${r.id} | ${r.name} | **${fmt(r.median)}** | ${fmt(r.min)}–${fmt(r.max)} | ${fmt(r.wall)} | ${g ? `${fmt(g)} (${Math.round(r.median / g)}×)` : ""} |`;
  });
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const markdown = `
Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${cpus().length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB), Node ${process.version}, 1-minute load average ${loadAtStart.toFixed(2)} at the start (figures from a busy machine are low and spread out), by \`npm run bench\` in \`packages/env-classic-control\` (\`bench/index.ts\`).

Method: the golden data's LCG actions (Discrete(3): x % 3; Box: out of the bounds a third of the time), precomputed; episodes reset on \`terminated || truncated\` (the numpy-compatible reset draws included). Per configuration a warm-up of a quarter repetition, then ${REPS} timed repetitions of ${STEPS.toLocaleString("en-US")} env-steps; the table shows the median and the range in steps per second of the process's CPU time (user + system; env-steps for vectors), which a busy machine disturbs far less than wall-clock rates (shown beside). ${before || after ? `Gymnasium: ${(before ?? after)!.version}, the same actions through \`gym.make\` and unwrapped, run before and after in this session (\`bench/gymnasium_bench.py\`, mean of the two); the ratio is gymkit's median over it.` : "No Python with gymnasium was found (set GYMNASIUM_PYTHON), so there is no Gymnasium column; the CartPole section above gives Gymnasium's CartPole on this machine kind (112 k steps/s through gym.make), an upper bound for these four, which are slower in Gymnasium."}

| env | configuration | median (per CPU-s) | min–max | wall-clock | Gymnasium per CPU-s (ratio) |
|---|---|---|---|---|---|
${rows.join("\n")}

Aims (issue 22): through \`make\` at least 100× Gymnasium's steps/s; each 64-env vector at least 10 M env-steps/s on one core.
`;
  const file = writeBenchSection("env-classic-control", markdown);
  console.log(`\nwrote section env-classic-control of ${file}`);
}

await main();
