import {
  Box,
  createRng,
  Discrete,
  definePart,
  definePlugin,
  Registry,
  type ReplayBuffer,
  type Rng,
  z,
} from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { cartPoleSpaces, fill, makeBuffer, transition } from "../test/helpers.js";
import type { MutableBatch } from "./batch.js";
import { ColumnStorage } from "./column-storage.js";
import plugin from "./index.js";
import { transitionLayout } from "./layout.js";
import { NewestFirstSampler } from "./newest-sampler.js";
import { PrioritizedSampler } from "./prioritized-sampler.js";
import { ReplayMemory } from "./replay-memory.js";
import { RowStorage } from "./row-storage.js";
import type { Sampler } from "./sampler.js";
import type { TransitionStorage } from "./storage.js";
import { UniformSampler } from "./uniform-sampler.js";

const layout = () => {
  const { observationSpace, actionSpace } = cartPoleSpaces();
  return transitionLayout(observationSpace, actionSpace, "buffer");
};

/** A sampler that is not one of ours: the oldest k slots in order, counting what it was told. */
class OldestFirstSampler implements Sampler {
  readonly weighted = false;
  readonly random = false;
  addedSlots: number[] = [];
  clears = 0;
  sample(storage: TransitionStorage, k: number, _rng: Rng, out: MutableBatch): void {
    const full = storage.size === storage.capacity;
    for (let i = 0; i < k; i++) out.indices[i] = full ? (storage.cursor + i) % storage.capacity : i;
  }
  added(slot: number): void {
    this.addedSlots.push(slot);
  }
  clear(): void {
    this.clears++;
  }
  hint(capacity: number): string {
    return `at most ${capacity}.`;
  }
}

describe("ReplayMemory(storage, sampler)", () => {
  it("each registered kind is a configuration of it: its storage and its sampler", () => {
    const kinds: Array<[string, unknown, unknown]> = [
      ["uniform", ColumnStorage, UniformSampler],
      ["online", ColumnStorage, NewestFirstSampler],
      ["prioritized", RowStorage, PrioritizedSampler],
    ];
    for (const [kind, storage, sampler] of kinds) {
      const b = makeBuffer(kind, { capacity: 8 }) as ReplayMemory;
      expect(b).toBeInstanceOf(ReplayMemory);
      expect(b.storage).toBeInstanceOf(storage as typeof ColumnStorage);
      expect(b.sampler).toBeInstanceOf(sampler as typeof UniformSampler);
    }
  });

  it("works with any Sampler: tells it each written slot and each clear, gathers the slots it picks", () => {
    const sampler = new OldestFirstSampler();
    const m = new ReplayMemory("oldest", new ColumnStorage("oldest", 4, layout()), sampler);
    fill(m, 6);
    expect(sampler.addedSlots).toEqual([0, 1, 2, 3, 0, 1]);
    m.addBatch({
      count: 1,
      observations: transition(6).observation,
      nextObservations: transition(6).nextObservation,
      actions: [0],
      rewards: [6.25],
      terminated: [1],
      truncated: [0],
    });
    expect(sampler.addedSlots.at(-1)).toBe(2);
    // The oldest kept are 3, 4, 5, 6 (slots 3, 0, 1, 2): a rejected add tells the sampler nothing.
    expect(() => m.add({ ...transition(9), action: 5 })).toThrow(/Nothing was stored/);
    expect(sampler.addedSlots).toHaveLength(7);
    const batch = m.sample(4, undefined as unknown as Rng, { copy: true });
    expect(Array.from(batch.indices)).toEqual([3, 0, 1, 2]);
    expect(Array.from(batch.rewards)).toEqual([3.25, 4.25, 5.25, 6.25]);
    expect(batch.weights).toBeUndefined();
    expect(() => m.sample(5, createRng(1))).toThrowError(
      'Replay buffer "oldest": cannot sample 5 from 4 stored transitions; at most 4.',
    );
    m.clear();
    expect([m.size, sampler.clears]).toEqual([0, 1]);
  });

  it("serializes a sampler without checkpoint state as the rows alone, and restores them", () => {
    const a = new ReplayMemory("oldest", new ColumnStorage("oldest", 4, layout()), new OldestFirstSampler());
    fill(a, 5);
    const b = new ReplayMemory("oldest", new ColumnStorage("oldest", 4, layout()), new OldestFirstSampler());
    b.deserialize(a.serialize());
    expect(b.serialize()).toEqual(a.serialize());
    const u = makeBuffer("uniform", { capacity: 4 });
    expect(() => u.deserialize!(a.serialize(), "x.rb")).toThrowError(
      'Replay buffer checkpoint "x.rb" does not fit this buffer: it holds a "oldest" buffer, this is a "uniform" buffer.',
    );
  });

  it("a weighted sampler gets a batch with weights; a random one is refused a missing generator", () => {
    const per = new ReplayMemory(
      "per",
      new RowStorage("per", 8, layout()),
      new PrioritizedSampler({
        capacity: 8,
        alpha: 0.6,
        beta: 0.4,
        betaFinal: 1,
        betaAnnealSteps: 10,
        epsilon: 1e-6,
      }),
    );
    fill(per, 8);
    expect(per.sample(4, createRng(3)).weights).toBeInstanceOf(Float32Array);
    expect(() => per.sample(4, 42 as unknown as Rng)).toThrowError(
      /sample\(batchSize, rng\) needs a generator/,
    );
  });
});

describe("buffer factories get their config path", () => {
  /** A part that takes a buffer, as an agent does: its buffer's path is `holder.buffer`. */
  const holder = definePart({
    slot: "agent",
    id: "holder",
    options: z.strictObject({}),
    needs: { buffer: { slot: "buffer", default: { kind: "uniform" } } },
    create: (_o, context) => context.need("buffer"),
  });
  const registry = new Registry()
    .use(plugin)
    .use(definePlugin({ name: "holder", register: (c) => c.add(holder) }));
  const create = (kind: string, env: { observationSpace: unknown; actionSpace: unknown }) =>
    registry.create("agent", "holder", { buffer: { kind } }, { env } as never);

  it.each(["uniform", "prioritized", "online"])("%s: errors about the spaces name agent.buffer", (kind) => {
    expect(() =>
      create(kind, { observationSpace: new Box(-1, 1, []), actionSpace: new Discrete(4) }),
    ).toThrowError(
      "Invalid config at agent.buffer.observationSpace: expected a Box observation space (float32 or float64, non-empty shape of positive integers), got Box(-1.0, 1.0, (), float32). Pass env.observationSpace.",
    );
    // Issue 21: a Discrete(n) observation space is stored one-hot, n numbers per row.
    expect(
      (
        create(kind, {
          observationSpace: new Discrete(16),
          actionSpace: new Discrete(4),
        }) as unknown as ReplayBuffer
      ).observationSize,
    ).toBe(16);
    expect(() =>
      create(kind, { observationSpace: new Box(-1, 1, [2]), actionSpace: new Box(-1, 1, [1], "float64") }),
    ).toThrowError(/^Invalid config at agent\.buffer\.actionSpace: Box actions of dtype float64/);
    expect(() =>
      create(kind, { observationSpace: new Box(-1, 1, [2]), actionSpace: new Box(-1, 1, [1]) }),
    ).not.toThrow();
  });
});
