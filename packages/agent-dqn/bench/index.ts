/**
 * agent-dqn benchmark: `npm run bench` (from packages/agent-dqn). Each case runs in a fresh
 * process (bench/case.ts); the figures go into docs/benchmarks.md, section agent-dqn.
 *
 * - ms per gradient step (median of repetitions), gymkit vs the naive tfjs-layers way, on wasm
 *   and cpu, MLP 64×64 and 256×256, batch 64 and 128;
 * - µs per greedy `act` (1 observation) and `actBatch` (64), with constant weights;
 * - env-steps/s end to end: the `dqn` preset on CartPole-v1 through core's `train()`.
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import { writeBenchSection } from "../../../scripts/bench-section.js";
import type { BenchCase } from "./case.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const quick = process.argv.includes("--quick");

function run(c: BenchCase): Record<string, number | string> {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "--conditions=@gymkit/source", `${here}case.ts`, JSON.stringify(c)],
    { encoding: "utf8", cwd: `${here}..`, stdio: ["ignore", "pipe", "ignore"] },
  );
  const line = out.trim().split("\n").at(-1)!;
  const r = JSON.parse(line) as Record<string, number | string>;
  console.log(JSON.stringify(r));
  return r;
}

/** Repetition counts: enough for stable medians, small where a step costs tens of ms. */
function stepCase(
  backend: "wasm" | "cpu",
  impl: "gymkit" | "naive",
  hidden: number,
  batch: number,
): BenchCase {
  const cost = (backend === "cpu" ? 20 : 1) * (hidden === 256 ? 8 : 1) * (impl === "naive" ? 5 : 1);
  const calls = Math.max(2, Math.round(200 / cost));
  const warmup = impl === "gymkit" && cost === 1 ? 1000 : Math.max(3, Math.round(400 / cost));
  const reps = quick ? 3 : cost >= 100 ? 5 : 11;
  return { kind: "step", backend, impl, hidden, batch, warmup, reps, calls };
}

const startLoad = loadavg()[0]!;
const steps: Array<Record<string, number | string>> = [];
for (const backend of ["wasm", "cpu"] as const)
  for (const hidden of [64, 256])
    for (const batch of [64, 128])
      for (const impl of ["gymkit", "naive"] as const)
        steps.push(run(stepCase(backend, impl, hidden, batch)));

const e2e: Array<Record<string, number | string>> = [];
for (const [backend, hidden, trainFreq, calls] of [
  ["wasm", 64, 1, 10_000],
  ["wasm", 64, 4, 20_000],
  ["wasm", 256, 1, 2_000],
  ["wasm", 256, 4, 5_000],
  ["cpu", 64, 1, 1_000],
  ["cpu", 64, 4, 3_000],
] as const) {
  e2e.push(
    run({
      kind: "e2e",
      backend,
      impl: "gymkit",
      hidden,
      batch: 64,
      trainFreq,
      warmup: 3000,
      reps: 1,
      calls: quick ? calls / 5 : calls,
    }),
  );
}

// ---- markdown ----
const f = (x: unknown, d = 2) => (typeof x === "number" ? x.toFixed(d) : "–");
const find = (backend: string, impl: string, hidden: number, batch: number) =>
  steps.find((s) => s.backend === backend && s.impl === impl && s.hidden === hidden && s.batch === batch)!;
const torch: Record<string, string> = {
  "64/64": "0.33",
  "64/128": "0.37",
  "256/64": "0.91",
  "256/128": "0.96",
};
const lines: string[] = [];
lines.push(
  `Run: \`npm run bench -w @gymkit/agent-dqn\` on ${cpus().length}× ${cpus()[0]?.model ?? "?"}, Node ${process.version}, TensorFlow.js ${tf.version_core} (wasm = SIMD build, 1 thread); load average ${startLoad.toFixed(2)} at start${quick ? "; **--quick run (few repetitions)**" : ""}. Every case runs in a fresh process: warm-up calls, then repetitions of N calls; tables give the **median** ms (or µs) per call.`,
  "",
  "### Gradient step (ms per step, median; lower is better)",
  "",
  "One `agent.update()` with `trainFreq` 1: replay sampling from a `uniform` buffer, upload, target-net forward, TD targets, loss, gradients, global-norm clipping, Adam, new weights (hard sync every 500 updates, as rare as in the PyTorch figure). *naive* = the tutorial way: tfjs-layers `tf.sequential`, `optimizer.minimize`, `tf.oneHot` mask, target via `predict`, same sampling. PyTorch = 1.13 CPU, 1 thread, measured on this machine for the issue (Adam, MSE, gather; no sampling).",
  "",
  "| backend | MLP | batch | gymkit | naive | speed-up | PyTorch (ref.) |",
  "|---|---|---|---|---|---|---|",
);
for (const backend of ["wasm", "cpu"])
  for (const hidden of [64, 256])
    for (const batch of [64, 128]) {
      const g = find(backend, "gymkit", hidden, batch);
      const n = find(backend, "naive", hidden, batch);
      lines.push(
        `| ${backend} | ${hidden}×${hidden} | ${batch} | **${f(g.stepMs, hidden === 64 && backend === "wasm" ? 3 : 2)}** | ${f(n.stepMs)} | ${f(Number(n.stepMs) / Number(g.stepMs), 1)}× | ${torch[`${hidden}/${batch}`]} |`,
      );
    }
lines.push(
  "",
  "### Action selection (µs per call, median, constant weights)",
  "",
  "| backend | MLP | gymkit `act` (1 obs) | naive `predict`+`argMax` (1 obs) | gymkit `actBatch` (64) | naive (64) |",
  "|---|---|---|---|---|---|",
);
for (const backend of ["wasm", "cpu"])
  for (const hidden of [64, 256]) {
    const g = find(backend, "gymkit", hidden, 64);
    const n = find(backend, "naive", hidden, 64);
    lines.push(
      `| ${backend} | ${hidden}×${hidden} | **${f(g.actUs, 1)}** | ${f(n.actUs, 1)} | **${f(g.actBatchUs, 1)}** | ${f(n.actBatchUs, 1)} |`,
    );
  }
lines.push(
  "",
  "### End to end (env-steps/s, higher is better)",
  "",
  "The `dqn` preset (soft target sync τ=0.005 after every update, batch 64) on CartPole-v1 through core's `train()`: ε-greedy `act`, `env.step`, `observe`, `update`. Timed after 3 000 warm-up steps (which include `learningStarts`).",
  "",
  "| backend | MLP | trainFreq 1 | trainFreq 4 |",
  "|---|---|---|---|",
);
for (const [backend, hidden] of [
  ["wasm", 64],
  ["wasm", 256],
  ["cpu", 64],
] as const) {
  const r = (tf: number) =>
    e2e.find((e) => e.backend === backend && e.hidden === hidden && e.trainFreq === tf);
  lines.push(
    `| ${backend} | ${hidden}×${hidden} | ${f(r(1)?.stepsPerSecond, 0)} | ${f(r(4)?.stepsPerSecond, 0)} |`,
  );
}
lines.push(
  "",
  "Aims (issue 5, wasm, batch 64): ≤ 0.4 ms per step at 64×64, ≤ 2.5 ms at 256×256, ≥ 4× the naive baseline. How: raw `runKernel` calls with `_FusedMatMul` (bias + activation fused), non-transposed `BatchMatMul` only (tfjs-wasm sends transposed matmuls to a scalar loop), weights as the left operand in backward (XNNPACK keeps their packed copy), TD target / loss / dLoss/dQ and Adam in JS (doubles: no f32 denormal slowdown), new weight tensors `assign`ed. The gradients are checked against `tf.variableGrads` in `src/trainer.test.ts`.",
);
const md = lines.join("\n");
console.log(`\n${md}`);
console.log(`\nwrote ${writeBenchSection("agent-dqn", md)}`);
