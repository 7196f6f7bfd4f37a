import { describe, expect, it } from "vitest";
import type { Transition } from "../agent.js";
import type { ReplayBuffer } from "../buffer.js";
import { createRng } from "../rng.js";
import { Box } from "../spaces/box.js";
import type { Discrete } from "../spaces/discrete.js";
import {
  ACTION_CASES,
  type ActionCase,
  OBS,
  rowIds as rowIdsOf,
  transitionBatch as transitionBatchOf,
  transition as transitionOf,
} from "./replay-buffer-fixtures.js";

/**
 * What `describeReplayBufferContract`'s `make` receives: build a buffer of this capacity for these
 * spaces. (A type, not an interface, so it passes as an options record.)
 */
export type MakeReplayBufferOptions = {
  capacity: number;
  observationSpace: Box;
  actionSpace: Discrete | Box;
};

/** Options of `describeReplayBufferContract`. */
export interface ReplayBufferContractOptions {
  /**
   * `"fifo"`: once full, each add evicts the oldest transition (`uniform`, `prioritized`, `online`);
   * `"any"`: the buffer chooses what it keeps (reservoir sampling), and the suite only checks that
   * what it samples was added. @default "fifo"
   */
  eviction?: "fifo" | "any";
  /**
   * The action spaces to run the suite with: `Discrete(2)` (actions stored as one int32) and
   * `Box(-1, 1, (2,), float32)` (two float32 per action). A buffer for one kind of action only
   * names it. @default ["Discrete", "Box"]
   */
  actionSpaces?: ReadonlyArray<"Discrete" | "Box">;
}

/**
 * The `ReplayBuffer` contract as vitest tests, for plugin authors: call it from a test file with a
 * function that builds your buffer (usually through the registry). Observations are `Box(3)`; the
 * suite runs once with `Discrete(2)` actions and once with `Box(-1, 1, (2,))` actions (see
 * `actionSpaces`). It checks that the buffer:
 *
 * - starts empty with the capacity, observation size and action size it was made with, and never holds more;
 * - samples actions as `Int32Array` (Discrete) or `Float32Array` of `actionSize` per row (Box);
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
  for (const type of options.actionSpaces ?? ["Discrete", "Box"]) {
    describeWithActions(name, make, options, ACTION_CASES[type]);
  }
}

function describeWithActions(
  name: string,
  make: (options: MakeReplayBufferOptions) => ReplayBuffer,
  options: ReplayBufferContractOptions,
  actions: ActionCase,
): void {
  const fifo = (options.eviction ?? "fifo") === "fifo";
  const transition = (i: number) => transitionOf(i, actions);
  const rowIds = (batch: Parameters<typeof rowIdsOf>[0]) => rowIdsOf(batch, actions);
  const transitionBatch = (count: number, from = 0) => transitionBatchOf(count, actions, from);
  const fill = (b: ReplayBuffer, count: number, from = 0) => {
    for (let i = from; i < from + count; i++) b.add(transition(i));
  };
  const spaces = () => ({
    observationSpace: new Box(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, [OBS]),
    actionSpace: actions.space(),
  });
  const buffer = (capacity: number) => make({ capacity, ...spaces() });
  const rng = () => createRng(7).fork("replay");
  /** `draws` copied samples of `k` rows with a fresh generator of the same seed. */
  const samples = (b: ReplayBuffer, k: number, draws = 5) => {
    const r = rng();
    return Array.from({ length: draws }, () => b.sample(k, r, { copy: true }));
  };

  describe(`replay buffer contract: ${name} (${actions.type} actions)`, () => {
    it("starts empty with the capacity, observation size and action size it was made with", () => {
      const b = buffer(8);
      expect(typeof b.kind === "string" && b.kind.length > 0, "kind is a non-empty string").toBe(true);
      expect({
        size: b.size,
        capacity: b.capacity,
        observationSize: b.observationSize,
        actionSize: b.actionSize,
      }).toEqual({ size: 0, capacity: 8, observationSize: OBS, actionSize: actions.size });
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
        ...actions.bad.map(([what, action]) => [what, { action }] as [string, Record<string, unknown>]),
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
      // One action outside the space (2 is in neither Discrete(2) nor [-1, 1]) stores no row.
      const before = samples(b, 3);
      const bad = transitionBatch(4, 100);
      const wrong = Float32Array.from(bad.actions);
      wrong[wrong.length - 1] = 2;
      const column = actions.type === "Discrete" ? Int32Array.from(wrong) : wrong;
      expect(() => b.addBatch({ ...bad, actions: column }), "addBatch with a bad action").toThrow();
      expect(b.size).toBe(a.size);
      expect(samples(b, 3)).toEqual(before);
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
