import type { CheckpointFiles, LoopState, ReplayBuffer, Run, TrainResult } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import { describe, expect, it } from "vitest";
import { testRegistry } from "../test/helpers.js";
import type { DqnAgent } from "./dqn-agent.js";

/** Issue #11's run: DQN on CartPole-v1, evaluated every 1000 steps. */
const compose = (backend: "cpu" | "wasm"): Promise<Run> =>
  testRegistry().compose({
    env: "CartPole-v1",
    agent: { kind: "dqn", hidden: [32, 32], learningStarts: 200, backend },
    budget: { steps: 3000 },
    eval: { every: 1000, episodes: 3 },
    seed: 5,
  });

/** What the runner writes at a checkpoint, kept in memory here. */
interface Checkpoint {
  step: number;
  agent: CheckpointFiles;
  buffer: Uint8Array;
  loop: LoopState;
}

const weights = (run: Run) => (run.agent as DqnAgent).online.read().map((w) => Array.from(w));
const buffer = (run: Run) => run.parts.buffer as ReplayBuffer;

/** The result without wall-clock fields. */
const comparable = (r: TrainResult) => ({
  steps: r.steps,
  episodes: r.episodes,
  reason: r.reason,
  stoppedBy: r.stoppedBy,
  episodeReturns: r.episodeReturns,
  episodeLengths: r.episodeLengths,
  evaluations: r.evaluations.map((e) => ({
    step: e.step,
    mean: e.mean,
    returns: e.returns,
    lengths: e.lengths,
  })),
});

describe.each(["cpu", "wasm"] as const)("exact resume on %s (issue #11)", (backend) => {
  it("a run stopped after its checkpoint at step 1400 and resumed from it ends exactly as an uninterrupted run", async () => {
    await prepareBackend(backend, { log: false });

    // (a) uninterrupted
    const a = await compose(backend);
    const resultA = await a.train();
    const weightsA = weights(a);
    await a.dispose();

    // (b) checkpoints every 700 steps; killed (aborted) right after the first one at or past 1400
    const b = await compose(backend);
    const abort = new AbortController();
    const saved: Checkpoint[] = [];
    const stopped = await b.train({
      signal: abort.signal,
      checkpoint: {
        every: 700,
        save: async (step, state) => {
          const agent = await (b.agent as DqnAgent).checkpoint();
          saved.push({ step, agent, buffer: buffer(b).serialize!(), loop: state() });
          if (step >= 1400) abort.abort();
          return undefined;
        },
      },
    });
    await b.dispose();
    expect(saved.map((c) => c.step)).toEqual([700, 1400]);
    expect(stopped.stoppedBy).toBe("signal");
    const last = saved.at(-1)!;

    // (c) a fresh run restores agent, buffer and loop (through JSON, as the runner writes it)
    const c = await compose(backend);
    await (c.agent as DqnAgent).restore(last.agent);
    buffer(c).deserialize!(last.buffer);
    const loop = JSON.parse(JSON.stringify(last.loop)) as LoopState;
    const starts: Array<number | undefined> = [];
    c.events.on("runStart", (e) => starts.push(e.resumedFrom));
    const resultC = await c.train({ resume: loop });
    const weightsC = weights(c);
    await c.dispose();

    expect(starts).toEqual([1400]);
    expect(loop.step).toBe(1400);
    expect(comparable(resultC)).toEqual(comparable(resultA));
    expect(resultC.steps).toBe(3000);
    expect(resultC.evaluations.map((e) => e.step)).toEqual([1000, 2000, 3000]);
    expect(resultC.episodeReturns.length).toBeGreaterThan(loop.episodeReturns.length); // it trained on
    expect(weightsC).toEqual(weightsA);
  });
});
