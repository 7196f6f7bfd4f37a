import { describe, expect, it } from "vitest";
import type { Transition } from "../agent.js";
import type { Batch, ReplayBuffer, TransitionBatch } from "../buffer.js";
import { createRng } from "../rng.js";
import { Box } from "../spaces/box.js";
import { Discrete } from "../spaces/discrete.js";

/**
 * What `describeReplayBufferContract`'s `make` receives: build a buffer of this capacity for these
 * spaces. (A type, not an interface, so it passes as an options record.)
 */
export type MakeReplayBufferOptions = { capacity: number; observationSpace: Box; actionSpace: Discrete };

/** Options of `describeReplayBufferContract`. */
export interface ReplayBufferContractOptions {
  /**
   * `"fifo"`: once full, each add evicts the oldest transition (`uniform`, `prioritized`, `online`);
   * `"any"`: the buffer chooses what it keeps (reservoir sampling), and the suite only checks that
   * what it samples was added. @default "fifo"
   */
  eviction?: "fifo" | "any";
}

const OBS = 3;

/**
 * Transition number `i`: every field is a distinct float32-exact function of i, so a sampled row
 * names the transition it came from (its reward minus 0.25) and can be compared exactly.
 */
function transition(i: number): Transition<Float32Array, number> {
  const observation = Float32Array.of(i, i + 0.125, i + 0.25);
  return {
    observation,
    action: i % 2,
    reward: i + 0.25,
    nextObservation: observation.map((x) => -x - 0.5),
    terminated: i % 3 === 0,
    truncated: i % 5 === 0,
  };
}

const fill = (b: ReplayBuffer, count: number, from = 0) => {
  for (let i = from; i < from + count; i++) b.add(transition(i));
};

/** The ids of a batch's rows, each checked to be an exact copy of the transition it names. */
function rowIds(batch: Batch): number[] {
  const ids: number[] = [];
  for (let r = 0; r < batch.size; r++) {
    const id = batch.rewards[r]! - 0.25;
    const t = transition(id);
    const row = (a: Float32Array) => Array.from(a.subarray(r * OBS, (r + 1) * OBS));
    expect(
      {
        observation: row(batch.observations),
        action: batch.actions[r],
        nextObservation: row(batch.nextObservations),
        terminated: batch.terminated[r] === 1,
        truncated: batch.truncated[r] === 1,
      },
      `row ${r} is an exact copy of transition ${id}`,
    ).toEqual({
      observation: Array.from(t.observation),
      action: t.action,
      nextObservation: Array.from(t.nextObservation),
      terminated: t.terminated,
      truncated: t.truncated,
    });
    ids.push(id);
  }
  return ids;
}

/** Transitions `from .. from+count-1` as one structure-of-arrays batch. */
function transitionBatch(count: number, from = 0): TransitionBatch {
  const ts = Array.from({ length: count }, (_, k) => transition(from + k));
  return {
    count,
    observations: Float32Array.from(ts.flatMap((t) => Array.from(t.observation))),
    nextObservations: Float32Array.from(ts.flatMap((t) => Array.from(t.nextObservation))),
    actions: Int32Array.from(ts.map((t) => t.action)),
    rewards: Float32Array.from(ts.map((t) => t.reward)),
    terminated: Uint8Array.from(ts.map((t) => (t.terminated ? 1 : 0))),
    truncated: ts.map((t) => t.truncated),
  };
}

/**
 * The `ReplayBuffer` contract as vitest tests, for plugin authors: call it from a test file with a
 * function that builds your buffer (usually through the registry). Observations are `Box(3)`,
 * actions `Discrete(2)`. It checks that the buffer:
 *
 * - starts empty with the capacity and observation size it was made with, and never holds more;
 * - samples exact copies of added transitions (with `eviction: "fifo"`, only the newest `capacity`);
 * - copies what it is given (changing the added arrays afterwards changes nothing stored);
 * - rejects bad transitions (wrong length, NaN, an action outside the space, a NaN reward) and then
 *   holds exactly what it held before;
 * - rejects batch sizes it cannot serve (0, fractions, more than it holds);
 * - samples as a function of its contents and the generator alone, reuses its batch arrays unless
 *   asked for a copy, stores the same through `addBatch` as through `add`, and empties on `clear()`;
 * - when it has `serialize`/`deserialize` (both or neither): restores an image exactly (same size,
 *   same samples, same image, same evictions afterwards), and a damaged image throws and changes nothing;
 * - when it has `updatePriorities`: accepts TD errors for a sampled batch and still samples added transitions.
 * @example
 * // test/contract.test.ts
 * import { Registry } from "@gymkit/core";
 * import { describeReplayBufferContract } from "@gymkit/core/testing";
 * import plugin from "../src/index.js";
 *
 * const registry = new Registry().use(plugin);
 * describeReplayBufferContract("reservoir", ({ capacity, ...env }) =>
 *   registry.create("buffer", "reservoir", { capacity }, { env }), { eviction: "any" });
 */
export function describeReplayBufferContract(
  name: string,
  make: (options: MakeReplayBufferOptions) => ReplayBuffer,
  options: ReplayBufferContractOptions = {},
): void {
  const fifo = (options.eviction ?? "fifo") === "fifo";
  const spaces = () => ({
    observationSpace: new Box(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, [OBS]),
    actionSpace: new Discrete(2),
  });
  const buffer = (capacity: number) => make({ capacity, ...spaces() });
  const rng = () => createRng(7).fork("replay");
  /** `draws` copied samples of `k` rows with a fresh generator of the same seed. */
  const samples = (b: ReplayBuffer, k: number, draws = 5) => {
    const r = rng();
    return Array.from({ length: draws }, () => b.sample(k, r, { copy: true }));
  };

  describe(`replay buffer contract: ${name}`, () => {
    it("starts empty with the capacity and observation size it was made with", () => {
      const b = buffer(8);
      expect(typeof b.kind === "string" && b.kind.length > 0, "kind is a non-empty string").toBe(true);
      expect({ size: b.size, capacity: b.capacity, observationSize: b.observationSize }).toEqual({
        size: 0,
        capacity: 8,
        observationSize: OBS,
      });
    });

    it("never holds more than its capacity", () => {
      for (const capacity of [1, 2, 8]) {
        const b = buffer(capacity);
        for (let i = 0; i < 3 * capacity + 2; i++) {
          b.add(transition(i));
          expect(b.size).toBe(Math.min(i + 1, capacity));
        }
      }
    });

    it(`samples exact copies of added transitions${fifo ? ", only the newest capacity once full (FIFO)" : ""}`, () => {
      const b = buffer(8);
      fill(b, 5);
      for (const batch of samples(b, 5)) {
        expect(batch.size).toBe(5);
        expect(rowIds(batch).every((id) => id >= 0 && id < 5)).toBe(true);
      }
      fill(b, 16, 5);
      for (const batch of samples(b, 8, 20)) {
        expect(batch.observations.length).toBeGreaterThanOrEqual(8 * OBS);
        expect(batch.indices.length).toBe(8);
        for (const id of rowIds(batch)) expect(id).toBeGreaterThanOrEqual(fifo ? 13 : 0);
      }
    });

    it("copies transitions in: changing the added arrays afterwards changes nothing stored", () => {
      const b = buffer(4);
      const t = transition(1);
      b.add(t);
      t.observation.fill(99);
      t.nextObservation.fill(99);
      expect(rowIds(b.sample(1, rng()))).toEqual([1]);
    });

    it("rejects bad transitions, and holds exactly what it held before", () => {
      const b = buffer(4);
      fill(b, 2);
      const before = samples(b, 2);
      const bad: Array<[string, Record<string, unknown>]> = [
        ["an observation of the wrong length", { observation: new Float32Array(OBS - 1) }],
        ["a NaN in the observation", { observation: Float32Array.of(0, Number.NaN, 0) }],
        [
          "an infinite next observation",
          { nextObservation: Float32Array.of(0, 0, Number.POSITIVE_INFINITY) },
        ],
        ["an action outside Discrete(2)", { action: 2 }],
        ["a fractional action", { action: 0.5 }],
        ["a NaN reward", { reward: Number.NaN }],
      ];
      for (const [what, patch] of bad) {
        expect(() => b.add({ ...transition(50), ...patch } as Transition), what).toThrow();
        expect(b.size, what).toBe(2);
      }
      expect(samples(b, 2)).toEqual(before);
    });

    it("rejects batch sizes it cannot serve", () => {
      expect(() => buffer(4).sample(1, rng()), "sample(1) from an empty buffer").toThrow();
      const b = buffer(16);
      fill(b, 10);
      for (const k of [0, -3, 2.5, Number.NaN, 11])
        expect(() => b.sample(k, rng()), `sample(${k})`).toThrow();
    });

    it("samples as a function of its contents and the generator alone", () => {
      const [a, b] = [buffer(8), buffer(8)];
      fill(a, 11);
      fill(b, 11);
      expect(samples(b, 4)).toEqual(samples(a, 4));
    });

    it("returns arrays the next sample does not change when asked for a copy", () => {
      const b = buffer(10);
      fill(b, 10);
      const r = rng();
      const copy = b.sample(3, r, { copy: true });
      const kept = structuredClone(copy);
      for (let i = 0; i < 5; i++) b.sample(3, r);
      expect(copy).toEqual(kept);
    });

    it("stores the same through addBatch as through one add per row", () => {
      const [a, b] = [buffer(5), buffer(5)];
      fill(a, 7);
      b.addBatch(transitionBatch(7));
      expect(b.size).toBe(a.size);
      expect(samples(b, 3)).toEqual(samples(a, 3));
    });

    it("empties on clear()", () => {
      const b = buffer(4);
      fill(b, 6);
      b.clear();
      expect(b.size).toBe(0);
      expect(() => b.sample(1, rng())).toThrow();
      fill(b, 2, 100);
      for (const batch of samples(b, 2)) expect(rowIds(batch).every((id) => id >= 100)).toBe(true);
    });

    it("implements serialize and deserialize together, or neither", () => {
      const b = buffer(4);
      expect(typeof b.serialize).toBe(typeof b.deserialize);
    });

    it("restores a serialized image exactly, and rejects a damaged one without changing", () => {
      const b = buffer(8);
      if (!b.serialize || !b.deserialize) return; // checkpoints are optional
      fill(b, 11);
      const image = b.serialize();
      const c = buffer(8);
      fill(c, 3, 500);
      c.deserialize!(image.slice());
      expect(c.size).toBe(b.size);
      expect(c.serialize!()).toEqual(image);
      expect(samples(c, 4)).toEqual(samples(b, 4));
      fill(b, 3, 1000);
      fill(c, 3, 1000);
      expect(samples(c, 8)).toEqual(samples(b, 8));

      const d = buffer(8);
      fill(d, 2, 300);
      const kept = d.serialize!();
      const restore = d.deserialize!.bind(d);
      expect(() => restore(image.slice(0, image.length - 5), "truncated.bin")).toThrow();
      expect(() => restore(new Uint8Array(0), "empty.bin")).toThrow();
      expect(d.serialize!()).toEqual(kept);
    });

    it("accepts new priorities for a sampled batch when it has updatePriorities", () => {
      const b = buffer(8);
      if (!b.updatePriorities) return; // prioritized buffers only
      fill(b, 8);
      const batch = b.sample(4, rng(), { copy: true });
      b.updatePriorities(batch.indices, Float32Array.of(0.5, 2, 0, 10));
      for (const s of samples(b, 4)) rowIds(s);
    });
  });
}
