/**
 * One benchmark case in a fresh process (JIT and backend state never leak between cases):
 *   tsx --conditions=@gymkit/source bench/case.ts '<json BenchCase>'
 * Prints one JSON line with the measured figures. bench/index.ts runs all cases.
 */
import { type Batch, Box, Discrete, type Env, Registry, runSeeds, train } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";
import plugin, { type DqnAgent, prepareBackend } from "../src/index.js";
import { NaiveDqn } from "./naive.js";

/** What to measure. */
export interface BenchCase {
  kind: "step" | "e2e";
  backend: "wasm" | "cpu";
  impl: "gymkit" | "naive";
  hidden: number;
  batch: number;
  trainFreq?: number;
  /** Agent options over the `dqn` preset's (e.g. `{ "nStep": 1 }`), for A/B runs. */
  options?: Record<string, unknown>;
  /** Calls: warm-up, repetitions, calls per repetition (step); env steps (e2e). */
  warmup: number;
  reps: number;
  calls: number;
}

const c = JSON.parse(process.argv[2]!) as BenchCase;
await prepareBackend(c.backend, { log: false });
const registry = new Registry().use(plugin).use(replayMemory).use(cartpole);

/** Median and min of `reps` repetitions of `calls` calls of `f`, in ms per call. */
function timeIt(f: () => void, warmup: number, reps: number, calls: number): { median: number; min: number } {
  for (let i = 0; i < warmup; i++) f();
  const per: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) f();
    per.push((performance.now() - t0) / calls);
  }
  per.sort((a, b) => a - b);
  return { median: per[Math.floor(per.length / 2)]!, min: per[0]! };
}

function makeAgent(extra: Record<string, unknown>, totalSteps: number): DqnAgent {
  return registry.create(
    "agent",
    "dqn",
    { hidden: [c.hidden, c.hidden], batchSize: c.batch, ...extra, ...c.options },
    {
      seed: 1,
      budget: { steps: totalSteps },
      env: { observationSpace: new Box(-5, 5, [4]), actionSpace: new Discrete(2) },
    },
  );
}

/** A uniform buffer of CartPole-like random transitions, for the step benchmark. */
function fill(agent: DqnAgent): void {
  const rng = runSeeds(2).stream("bench");
  const o = new Float32Array(4);
  const n = new Float32Array(4);
  for (let i = 0; i < 5000; i++) {
    for (let k = 0; k < 4; k++) {
      o[k] = rng.normal(0, 0.5);
      n[k] = rng.normal(0, 0.5);
    }
    const t = {
      observation: o,
      action: rng.int(2),
      reward: 1,
      nextObservation: n,
      terminated: rng.float() < 0.05,
      truncated: false,
    };
    agent.observe(t);
  }
}

let result: Record<string, unknown>;
if (c.kind === "step") {
  const obs1 = Float32Array.of(0.01, -0.02, 0.03, 0.04);
  const obs64 = Float32Array.from({ length: 64 * 4 }, (_, i) => Math.sin(i) * 0.1);
  // Hard sync every 500 updates and a vanilla DQN target (no double DQN): the step is compared
  // with PyTorch's, which does the same. nStep 1: the random transitions below are no trajectory.
  const agent = makeAgent(
    { learningStarts: 0, trainFreq: 1, targetSync: { kind: "hard", every: 500 }, doubleDqn: false, nStep: 1 },
    1e7,
  );
  fill(agent);
  let step: { median: number; min: number };
  let act: { median: number; min: number };
  let actBatch: { median: number; min: number };
  if (c.impl === "gymkit") {
    step = timeIt(() => agent.update(), c.warmup, c.reps, c.calls);
    act = timeIt(() => agent.act(obs1, { explore: false }), 2000, 15, 500);
    actBatch = timeIt(() => agent.actBatch(obs64, 64, { explore: false }), 500, 15, 100);
  } else {
    const naive = new NaiveDqn([c.hidden, c.hidden]);
    const rng = runSeeds(3).stream("bench");
    const sample = (): Batch => agent.buffer.sample(c.batch, rng);
    step = timeIt(() => naive.trainStep(sample()), c.warmup, c.reps, c.calls);
    act = timeIt(() => naive.act(obs1), 500, 15, 200);
    actBatch = timeIt(() => naive.actBatch(obs64, 64), 200, 15, 50);
  }
  result = {
    ...c,
    stepMs: step.median,
    stepMinMs: step.min,
    actUs: act.median * 1000,
    actBatchUs: actBatch.median * 1000,
  };
} else {
  const env = registry.make<Env<Float32Array, number>>("CartPole-v1");
  const agent = makeAgent({ trainFreq: c.trainFreq }, c.warmup + c.calls);
  await train({ env, agent, budget: { steps: c.warmup }, seed: 1 }); // includes learningStarts
  const t0 = performance.now();
  await train({ env, agent, budget: { steps: c.calls }, seed: 2 });
  const seconds = (performance.now() - t0) / 1000;
  result = { ...c, stepsPerSecond: c.calls / seconds, updates: agent.updates };
}
console.log(JSON.stringify(result));
