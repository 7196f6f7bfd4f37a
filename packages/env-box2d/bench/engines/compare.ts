/**
 * The engine choice, measured: the same env code (LanderSim: draws, engines, reward) on planck
 * 1.4.2 (what ships) and on box2d-wasm 7.0.0 (Box2D 2.4.1), against Gymnasium 1.3's golden data.
 * Prints a markdown table (in the package README). Run from packages/env-box2d:
 *   npx tsx --conditions=@gymkit/source bench/engines/compare.ts [seeds=1000]
 * Speed here is in-process and machine-dependent; compare the two rows of one run.
 */
import { createNumpyRng } from "@gymkit/core";
import { LanderSim, LcgPolicy, type WorldFactory } from "../../src/index.js";
import { goldenEpisodes, goldenStats } from "../../test/golden.js";
import { meanCi } from "../../test/lcg-rollouts.js";
import { loadBox2DWasm, wasmWorldFactory } from "./box2d-wasm-world.js";

const SEEDS = Number(process.argv[2] ?? 1000);
const physics = (continuous: boolean) => ({
  continuous,
  gravity: -10,
  enableWind: false,
  windPower: 15,
  turbulencePower: 1.5,
});
const obsDiff = (sim: LanderSim, golden: readonly number[]) =>
  Math.max(...Array.from(Float32Array.from(sim.state), (v, k) => Math.abs(v - golden[k]!)));

function goldenChecks(makeWorld: WorldFactory) {
  let reset = 0;
  let first10 = 0;
  let free = 0;
  let sameOutcome = 0;
  const lcg = goldenEpisodes().filter((ep) => ep.policy === "lcg");
  for (const ep of goldenEpisodes()) {
    const sim = new LanderSim(physics(ep.continuous), makeWorld);
    sim.generator = createNumpyRng(ep.seed);
    sim.reset();
    reset = Math.max(reset, obsDiff(sim, ep.reset_obs));
    ep.free_flight.forEach((g, t) => {
      const a = ep.actions[t]!;
      if (typeof a === "number") sim.step(a, 0);
      else sim.step(a[0], a[1]);
      const d = obsDiff(sim, g.obs);
      if (t < 10) first10 = Math.max(first10, d);
      free = Math.max(free, d);
    });
  }
  for (const ep of lcg) {
    const [length, endedBy] = episode(makeWorld, ep.seed, ep.continuous);
    if (length === ep.length && endedBy === ep.ended_by) sameOutcome++;
  }
  return { reset, first10, free, sameOutcome, lcg: lcg.length };
}

/** One LCG episode (to termination or 1000 steps): length, how it ended, return. */
function episode(makeWorld: WorldFactory, seed: number, continuous: boolean): [number, string, number] {
  const sim = new LanderSim(physics(continuous), makeWorld);
  sim.generator = createNumpyRng(seed);
  sim.reset();
  const policy = new LcgPolicy(seed);
  let ret = 0;
  for (let t = 1; t <= 1000; t++) {
    if (continuous) {
      const a = policy.continuous();
      ret += sim.step(a[0]!, a[1]!);
    } else ret += sim.step(policy.discrete(), 0);
    if (sim.terminated) {
      const by = !sim.world!.awake ? "at_rest" : sim.world!.gameOver ? "crash" : "out_of_bounds";
      return [t, by, ret];
    }
  }
  return [1000, "time_limit", ret];
}

const engines: Array<[string, WorldFactory]> = [
  ["planck 1.4.2 (shipped)", (t, f, g) => new LanderSim(physics(false)).makeWorld(t, f, g)],
  ["box2d-wasm 7.0.0 (Box2D 2.4.1)", wasmWorldFactory(await loadBox2DWasm())],
];
const stats = goldenStats();
const rows: string[] = [];
for (const [name, makeWorld] of engines) {
  const g = goldenChecks(makeWorld);
  const cells: string[] = [
    g.reset.toExponential(1),
    g.first10.toExponential(1),
    g.free.toExponential(1),
    `${g.sameOutcome} of ${g.lcg}`,
  ];
  let steps = 0;
  const t0 = performance.now();
  for (const continuous of [false, true]) {
    const ref = (continuous ? stats.continuous : stats.discrete).per_episode.slice(0, SEEDS);
    const ours = ref.map(([seed]) => episode(makeWorld, seed, continuous));
    steps += ours.reduce((s, r) => s + r[0], 0);
    const ret = meanCi(ours.map((r) => r[2]));
    const refRet = meanCi(ref.map((r) => r[2]));
    const same = ours.filter((r, i) => r[0] === ref[i]![1] && r[1] === ref[i]![3]).length;
    const crash = ours.filter((r) => r[1] === "crash").length;
    const refCrash = ref.filter((r) => r[3] === "crash").length;
    cells.push(
      `${ret.mean.toFixed(1)} (Gymnasium ${refRet.mean.toFixed(1)} [${refRet.lo.toFixed(1)}, ${refRet.hi.toFixed(1)}])`,
      `${crash} (${refCrash})`,
      `${same} of ${ref.length}`,
    );
  }
  const rate = steps / ((performance.now() - t0) / 1000);
  rows.push(`| ${name} | ${cells.join(" | ")} | ${(rate / 1e3).toFixed(1)} k |`);
  console.error(`${name}: done`);
}
console.log(
  `| engine | reset obs, max abs diff | steps 1-10 | free flight | 40 LCG episodes: same end step and way | discrete: mean return, ${SEEDS} seeds | crashes (Gymnasium's) | same length and ending | continuous: mean return | crashes | same length and ending | steps/s (this loop, same run) |`,
);
console.log(`|${" --- |".repeat(12)}`);
for (const r of rows) console.log(r);
