/**
 * Issue 21, "Done when": a test agent with Box(1) actions stores and samples its transitions in
 * `uniform` and `prioritized` through `train()`. Box actions are stored in the layout-driven action
 * column (Float32 × size); box-actions.test.ts covers the buffers' own API.
 */
import { type Batch, createRng, type ReplayBuffer, train } from "@gymkit/core";
import { LinearBoxAgent, PointMassEnv } from "@gymkit/core/testing";
import { describe, expect, it } from "vitest";
import { PrioritizedReplayBuffer } from "./prioritized-buffer.js";
import { UniformReplayBuffer } from "./uniform-buffer.js";

const env = new PointMassEnv();
const spaces = { observationSpace: env.observationSpace, actionSpace: env.actionSpace };
const makers: Record<string, () => ReplayBuffer> = {
  uniform: () => new UniformReplayBuffer({ capacity: 500, ...spaces }),
  prioritized: () => new PrioritizedReplayBuffer({ capacity: 512, ...spaces }),
};
describe.each(Object.keys(makers))("Box(1) actions in %s", (kind) => {
  it("stores every transition of a train() run and samples them back with their float actions", async () => {
    const buffer = makers[kind]!();
    const agent = new LinearBoxAgent({ ...spaces, observationSize: 2, weights: [-1, -1], seed: 3, buffer });
    await train({ env: new PointMassEnv(), agent, budget: { steps: 200 }, seed: 1 });
    expect(buffer.size).toBe(200);
    expect(agent.updates).toBeGreaterThan(0); // update() sampled the buffer
    const batch: Batch = buffer.sample(64, createRng(0), { copy: true });
    expect(batch.actions).toBeInstanceOf(Float32Array);
    expect(batch.actionSize).toBe(1);
    const seen = new Set(agent.seenActions.map(([a]) => a));
    for (const a of batch.actions) expect(seen.has(a)).toBe(true);
    if (buffer.updatePriorities) buffer.updatePriorities(batch.indices, new Float32Array(64).fill(0.5));
  });
});
