import { createRng } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import { describe, expect, it } from "vitest";
import { makeAgent } from "../test/helpers.js";

const UPDATES = 300;

/**
 * Builds an agent on `backend`, feeds it one fixed stream of transitions (not its own actions, so
 * the stream cannot fork) and returns its weights after `UPDATES` gradient steps.
 */
async function weightsAfterUpdates(backend: "cpu" | "wasm", updates: number) {
  await prepareBackend(backend, { log: false });
  const { agent } = makeAgent(
    "dqn",
    // nStep 1: the random transitions below are no trajectory. A uniform buffer: prioritized
    // sampling follows |δ|, whose last bits differ across backends, so the batches would too.
    { hidden: [32, 32], learningStarts: 64, batchSize: 32, nStep: 1, buffer: { kind: "uniform" } },
    { seed: 4 },
  );
  const initial = agent.online.read().map((w) => w.slice());
  const rng = createRng(99);
  const obs = new Float32Array(4);
  const next = new Float32Array(4);
  for (let t = 0; agent.updates < updates; t++) {
    for (let k = 0; k < 4; k++) {
      obs[k] = rng.uniform(-1, 1);
      next[k] = obs[k]! + rng.uniform(-0.05, 0.05);
    }
    agent.observe({
      observation: obs,
      action: rng.int(2),
      reward: 1,
      nextObservation: next,
      terminated: t % 50 === 49,
      truncated: false,
    });
    agent.update();
  }
  const final = agent.online.read().map((w) => w.slice());
  agent.dispose();
  return { initial, final };
}

const maxDiff = (a: Float32Array[], b: Float32Array[]) =>
  Math.max(...a.map((w, i) => Math.max(...w.map((v, k) => Math.abs(v - b[i]![k]!)))));

describe("across backends (README: what one seed gives on cpu and on wasm)", () => {
  it(`same initial weights bit for bit; after ${UPDATES} updates on the same transitions, equal within 1e-4`, async () => {
    const cpu = await weightsAfterUpdates("cpu", UPDATES);
    const wasm = await weightsAfterUpdates("wasm", UPDATES);
    expect(maxDiff(cpu.initial, wasm.initial)).toBe(0);
    const diff = maxDiff(cpu.final, wasm.final);
    console.log(`cpu vs wasm after ${UPDATES} updates: max |Δw| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
    expect(maxDiff(cpu.final, cpu.initial)).toBeGreaterThan(1e-3); // the weights did move
  });
});
