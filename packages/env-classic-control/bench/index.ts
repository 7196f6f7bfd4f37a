/**
 * Classic-control step throughput: each env through `registry.make` (TimeLimit, OrderEnforcing,
 * PassiveEnvChecker), unwrapped, and as a 64- and 1024-env vector; beside Gymnasium 1.3 itself when
 * a Python with gymnasium is found (`GYMNASIUM_PYTHON`, else `python3`), run in the same session
 * before and after (bench/gymnasium_bench.py).
 * Without a Python that has gymnasium, the ratios use Gymnasium's figures recorded on this machine
 * kind (RECORDED_GYMNASIUM). Rows marked "correctly-rounded" use `trig: "correctly-rounded"`.
 * Run: `npm run bench` in packages/env-classic-control. Writes docs/benchmarks.md, section
 * env-classic-control (`BENCH_ONLY=scalar|vector` measures without writing; `BENCH_STEPS`, `BENCH_REPS` and
 * `BENCH_GYM_SECONDS`, CPU seconds per Gymnasium measurement, size the runs).
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
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

/**
 * Gymnasium 1.3.0 / NumPy 2.4.6 steps per CPU-second, measured by bench/gymnasium_bench.py on this
 * machine kind (2-vCPU Xeon, 2026-12-07, mean of a run before and after the gymkit runs; the
 * previous version of this section): the baseline when no Python with gymnasium is at hand.
 */
const RECORDED_GYMNASIUM = {
  version:
    "Gymnasium 1.3.0, NumPy 2.4.6 (recorded 2026-12-07 on this machine kind; no Python with gymnasium here now)",
  results: {
    "Acrobot-v1": { make: 20.9e3, unwrapped: 20.5e3 },
    "MountainCar-v0": { make: 81.8e3, unwrapped: 93.0e3 },
    "MountainCarContinuous-v0": { make: 323.5e3, unwrapped: 404.6e3 },
    "Pendulum-v1": { make: 56.6e3, unwrapped: 66.5e3 },
  } as Record<string, { make: number; unwrapped: number }>,
};

/** `uptime`'s line (the machine's load), or the 1-minute load average where there is no uptime. */
function uptime(): string {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return `load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(", ")}`;
  }
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

const VECTORS: Record<Id, (n: number, o?: Record<string, unknown>) => ClassicVector> = {
  "Acrobot-v1": (n, o) => new AcrobotVector(n, o),
  "MountainCar-v0": (n, o) => new MountainCarVector(n, o),
  "MountainCarContinuous-v0": (n, o) => new MountainCarContinuousVector(n, o),
  "Pendulum-v1": (n, o) => new PendulumVector(n, o),
};
const CR = { trig: "correctly-rounded" };

/**
 * The `trig: "correctly-rounded"` rows, measured in a child process: once V8 has seen both kinds of
 * sin/cos at the same call sites, it compiles both into the hot code, which slows the default kind
 * (Acrobot's vector measured ~5.4 -> ~2.4 M env-steps/CPU-s in one process running both).
 */
function measureCorrectlyRounded(registry: Registry, only: string | undefined): Result[] {
  const results: Result[] = [];
  for (const id of IDS) {
    if (only !== "vector") {
      const exact = registry.make<Env<Float32Array, unknown>>(id, CR);
      exact.reset({ seed: 0 });
      results.push(measure(id, "make, correctly-rounded", (w) => runScalar(exact, id, w), STEPS));
    }
    if (only !== "scalar") {
      const vec = VECTORS[id](64, CR);
      vec.reset({ seed: 0 });
      const calls = Math.ceil(STEPS / 64);
      results.push(
        measure(
          id,
          "vector n=64, correctly-rounded",
          (w) => runVector(vec, id, Math.ceil(w / 64)),
          calls * 64,
        ),
      );
    }
  }
  return results;
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  const registry = new Registry().use(classic);
  if (process.env.BENCH_CHILD === "correctly-rounded") {
    console.log(`RESULTS ${JSON.stringify(measureCorrectlyRounded(registry, only))}`);
    return;
  }
  const uptimeAtStart = uptime();
  const before = only ? undefined : gymnasium();
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
  const child = execFileSync("npx", ["tsx", "--conditions=@gymkit/source", fileURLToPath(import.meta.url)], {
    encoding: "utf8",
    env: { ...process.env, BENCH_CHILD: "correctly-rounded" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  for (const line of child.split("\n")) {
    if (line.startsWith("RESULTS ")) results.push(...(JSON.parse(line.slice(8)) as Result[]));
    else if (line) console.log(line);
  }
  if (only) {
    console.log(`BENCH_ONLY=${only}: docs/benchmarks.md left unchanged`);
    return;
  }
  const after = gymnasium();
  const uptimeAtEnd = uptime();
  const recorded = !before && !after;
  const gym = (id: string, key: "make" | "unwrapped") => {
    const v = (
      recorded
        ? [RECORDED_GYMNASIUM.results[id]?.[key]]
        : [before?.results[id]?.[key], after?.results[id]?.[key]]
    ).filter((x): x is number => x !== undefined);
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
  const aims = IDS.map((id) => {
    const made = results.find((r) => r.id === id && r.name === "make (all wrappers)");
    const vec = results.find((r) => r.id === id && r.name === "vector n=64");
    const g = gym(id, "make");
    const ratio = made && g ? made.median / g : undefined;
    const yes = (ok: boolean | undefined) => (ok === undefined ? "?" : ok ? "met" : "**not met**");
    return `| ${id} | ${ratio ? `${Math.round(ratio)}×` : "?"}: ${yes(ratio === undefined ? undefined : ratio >= 100)} | ${vec ? fmt(vec.median) : "?"}: ${yes(vec ? vec.median >= 10e6 : undefined)} |`;
  });
  const markdown = `
Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${cpus().length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB), Node ${process.version}, by \`npm run bench\` in \`packages/env-classic-control\` (\`bench/index.ts\`). Machine load (\`uptime\`) at the start: \`${uptimeAtStart}\`; at the end: \`${uptimeAtEnd}\`. Figures from a busy machine are low and spread out; CPU-time rates suffer less than wall-clock ones.

Method: the golden data's LCG actions (Discrete(3): x % 3; Box: out of the bounds a third of the time), precomputed; episodes reset on \`terminated || truncated\` (the numpy-compatible reset draws included). Per configuration a warm-up of a quarter repetition, then ${REPS} timed repetitions of ${STEPS.toLocaleString("en-US")} env-steps; the table shows the median and the range in steps per second of the process's CPU time (user + system; env-steps for vectors), which a busy machine disturbs far less than wall-clock rates (shown beside). ${before || after ? `Gymnasium: ${(before ?? after)!.version}, the same actions through \`gym.make\` and unwrapped, run before and after in this session (\`bench/gymnasium_bench.py\`, mean of the two); the ratio is gymkit's median over it.` : `Gymnasium: ${RECORDED_GYMNASIUM.version}: the same actions through \`gym.make\` and unwrapped (\`bench/gymnasium_bench.py\`, per CPU-second); the ratio is gymkit's median over it.`} Rows marked "correctly-rounded" are made with \`{ trig: "correctly-rounded" }\` (correctly rounded sin/cos, closer to Gymnasium's results; the default is V8's \`Math.sin\`/\`Math.cos\`).

| env | configuration | median (per CPU-s) | min–max | wall-clock | Gymnasium per CPU-s (ratio) |
|---|---|---|---|---|---|
${rows.join("\n")}

Aims (issue 22), default options:

| env | through \`make\` ≥ 100× Gymnasium | 64-env vector ≥ 10 M env-steps/CPU-s |
|---|---|---|
${aims.join("\n")}
`;
  const file = writeBenchSection("env-classic-control", markdown);
  console.log(`\nwrote section env-classic-control of ${file}`);
}

await main();
