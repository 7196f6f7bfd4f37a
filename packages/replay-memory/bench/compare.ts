/**
 * Same-process A/B of the replay buffers: this checkout's `src` against the `src` of a git
 * revision (`npm run bench:compare -w @gymkit/replay-memory -- <rev>`, default `HEAD`). The
 * revision's `src` is extracted with `git archive` into `.scratch/` (git-ignored) and imported
 * beside ours, so both run in one process on the same machine state. Each row alternates the two
 * (A B, B A, A B, …) for BENCH_ROUNDS rounds (default 5) of BENCH_REPS repetitions (default 5) of
 * ≥ BENCH_MS ms (default 100); the table gives, per side, the median over rounds of each round's
 * median, the median of the per-round ratios B/A with their range, and the ratio of the best
 * repetitions (on a busy machine other load only ever slows a repetition down, so the best of
 * many is the steadiest estimate of each side's own speed). Writes the section
 * `replay-memory-compare` of docs/benchmarks.md (another with BENCH_SECTION; none with
 * BENCH_WRITE=0). Comparing a revision with itself (A/A) shows the noise floor and any bias of
 * running second-loaded code.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng, type ReplayBuffer, type Rng } from "@gymkit/core";
import { writeBenchSection } from "../../../scripts/bench-section.js";
import * as ours from "../src/index.js";
import { actionSpace, observationSpace, transitionPool } from "./fixtures.js";
import { formatMicros, formatRate, type MeasureSettings, measure } from "./measure.js";

type Kinds = Pick<typeof ours, "UniformReplayBuffer" | "PrioritizedReplayBuffer" | "OnlineReplayBuffer">;
type Prioritized = ReplayBuffer & Required<Pick<ReplayBuffer, "updatePriorities">>;

const rev = process.argv[2] ?? "HEAD";
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const settings: MeasureSettings = {
  reps: Number(process.env.BENCH_REPS ?? 5),
  minMs: Number(process.env.BENCH_MS ?? 100),
};
const BATCH = 64;
/** BENCH_ONLY: a regular expression; only rows whose "operation capacity" match are run. */
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "..");
const sha = execFileSync("git", ["rev-parse", "--short", rev], { cwd: pkg, encoding: "utf8" }).trim();
const dir = join(pkg, ".scratch", `rev-${sha}`);
if (!existsSync(join(dir, "src", "index.ts"))) {
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync("git", ["archive", sha, "src"], { cwd: pkg });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
}
const theirs = (await import(join(dir, "src", "index.ts"))) as Kinds;
const sides: Array<[string, Kinds]> = [
  [`A: ${sha}`, theirs],
  ["B: working tree", ours],
];

const rng = createRng(2024);
const pool = transitionPool(rng);

function fill(buffer: ReplayBuffer): void {
  for (let i = 0; i < buffer.capacity; i++) buffer.add(pool[i & 1023]!);
}

/** Spread the priorities so the tree is not flat (as after some training), identically per side. */
function spread(per: Prioritized, r: Rng): void {
  const slots = new Int32Array(4096);
  const td = new Float32Array(4096);
  for (let start = 0; start < per.capacity; start += 4096) {
    const m = Math.min(4096, per.capacity - start);
    for (let i = 0; i < m; i++) {
      slots[i] = start + i;
      td[i] = r.float() * 2;
    }
    per.updatePriorities(slots.subarray(0, m), td.subarray(0, m));
  }
}

/** One timed operation: `run(n)` performs n calls on its side's buffer. */
type Case = (n: number) => void;
let sink = 0;
const add = (b: ReplayBuffer): Case => {
  let k = 0;
  return (n) => {
    for (let i = 0; i < n; i++) b.add(pool[k++ & 1023]!);
  };
};
const sample = (b: ReplayBuffer, k: number, r: Rng): Case => {
  return (n) => {
    for (let i = 0; i < n; i++) sink += b.sample(k, r).indices[0]!;
  };
};
const sampleUpdate = (b: Prioritized, r: Rng): Case => {
  const td = Float32Array.from({ length: BATCH }, () => rng.float() * 2);
  return (n) => {
    for (let i = 0; i < n; i++) b.updatePriorities(b.sample(BATCH, r).indices, td);
  };
};

interface Row {
  operation: string;
  capacity: number;
  a: number;
  b: number;
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  bestA: number;
  bestB: number;
}
const rows: Row[] = [];
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** Alternates the two sides' `make()`d cases for `rounds` rounds. */
function compare(operation: string, capacity: number, cases: [Case, Case]): void {
  const a: number[] = [];
  const b: number[] = [];
  let bestA = 0;
  let bestB = 0;
  if (only && !only.test(`${operation} ${capacity}`)) return;
  for (let r = 0; r < rounds; r++) {
    // A B, then B A: whichever runs second in a round may find the caches, the branch
    // predictors or the CPU clock in another state, so neither side always goes first.
    const first = r % 2 === 0;
    const y = first ? undefined : measure(cases[1], settings);
    const x = measure(cases[0], settings);
    const yy = y ?? measure(cases[1], settings);
    a.push(x.median);
    b.push(yy.median);
    bestA = Math.max(bestA, x.max);
    bestB = Math.max(bestB, yy.max);
  }
  const ratios = a.map((x, i) => b[i]! / x);
  const row = {
    operation,
    capacity,
    a: median(a),
    b: median(b),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    bestA,
    bestB,
  };
  rows.push(row);
  console.log(
    `${operation.padEnd(48)} ${capacity.toLocaleString("en-US").padStart(9)}  A ${formatRate(row.a).padStart(9)}  B ${formatRate(row.b).padStart(9)}  B/A ${row.ratio.toFixed(3)} (${row.ratioMin.toFixed(3)}–${row.ratioMax.toFixed(3)})  best B/A ${(bestB / bestA).toFixed(3)}`,
  );
}

for (const capacity of [50_000, 1_000_000]) {
  const uni = sides.map(([, k]) => new k.UniformReplayBuffer({ capacity, observationSpace, actionSpace }));
  uni.forEach(fill);
  compare("uniform: add", capacity, [add(uni[0]!), add(uni[1]!)]);
  const ur = sides.map((_, i) => rng.fork(`uniform-${capacity}-${i}`));
  compare("uniform: sample(64)", capacity, [sample(uni[0]!, BATCH, ur[0]!), sample(uni[1]!, BATCH, ur[1]!)]);
  uni.length = 0;

  const per = sides.map(
    ([, k]) => new k.PrioritizedReplayBuffer({ capacity, observationSpace, actionSpace }) as Prioritized,
  );
  per.forEach((b) => {
    fill(b);
    spread(b, createRng(7));
  });
  compare("prioritized: add", capacity, [add(per[0]!), add(per[1]!)]);
  const pr = sides.map((_, i) => rng.fork(`per-${capacity}-${i}`));
  compare("prioritized: sample(64)", capacity, [
    sample(per[0]!, BATCH, pr[0]!),
    sample(per[1]!, BATCH, pr[1]!),
  ]);
  compare("prioritized: sample(64) + updatePriorities(64)", capacity, [
    sampleUpdate(per[0]!, pr[0]!),
    sampleUpdate(per[1]!, pr[1]!),
  ]);
  per.length = 0;
}
const online = sides.map(([, k]) => new k.OnlineReplayBuffer({ capacity: 1, observationSpace, actionSpace }));
online.forEach(fill);
compare("online: add", 1, [add(online[0]!), add(online[1]!)]);
compare("online: sample(1)", 1, [sample(online[0]!, 1, rng), sample(online[1]!, 1, rng)]);
if (sink < 0) console.log(sink);

const markdown = `
Same-process A/B: \`flock /tmp/gymkit/bench.lock env BENCH_ROUNDS=${rounds} BENCH_REPS=${settings.reps} BENCH_MS=${settings.minMs} npm run bench:compare -w @gymkit/replay-memory -- ${rev}\` (\`tsx bench/compare.ts\`), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.
A is \`src\` at ${sha} (extracted with \`git archive\`), B is the working tree; both are imported into one process and each row alternates them (A B, B A, A B, …) for ${rounds} rounds of ${settings.reps} repetitions of ≥ ${settings.minMs} ms (each preceded by its own calibration/warm-up). Columns A and B are the median over rounds of each round's median rate; B/A is the median of the per-round ratios, with their range; best B/A is the ratio of each side's best repetition (other load only slows a repetition, so on a busy machine this is the steadier figure). Workload as above (CartPole transitions, full buffers, spread priorities, batch 64).

| operation | capacity | A (calls/s) | B (calls/s) | A µs/call | B µs/call | B/A | B/A range | best A | best B | best B/A |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.operation} | ${r.capacity.toLocaleString("en-US")} | ${formatRate(r.a)} | ${formatRate(r.b)} | ${formatMicros(r.a)} | ${formatMicros(r.b)} | ${r.ratio.toFixed(2)} | ${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)} | ${formatRate(r.bestA)} | ${formatRate(r.bestB)} | ${(r.bestB / r.bestA).toFixed(2)} |`).join("\n")}
`;
console.log(markdown);
if (process.env.BENCH_WRITE !== "0")
  console.log(`wrote ${writeBenchSection(process.env.BENCH_SECTION ?? "replay-memory-compare", markdown)}`);
