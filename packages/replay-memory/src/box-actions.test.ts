import { readFileSync } from "node:fs";
import { Box, createRng, GymkitError, type ReplayBuffer } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { fill, makeBuffer, transition } from "../test/helpers.js";
import type { PrioritizedReplayBuffer } from "./prioritized-buffer.js";

/** Pendulum-like bounds, per element, on a (2, 3) action: 6 float32 per transition. */
const actionSpace = () => new Box([-2, -1, 0, -0.5, -3, -1], [2, 1, 0.5, 0.5, 3, 1], [2, 3]);
const KINDS = ["uniform", "prioritized", "online"] as const;

/** Action of transition i: six float32-exact numbers inside `actionSpace()`. */
const action = (i: number) =>
  Float32Array.of((i % 9) / 4 - 1, -(i % 5) / 5, (i % 3) / 8, 0.5, -3 + (i % 7), (i % 2) - 1);
const withAction = (i: number) => ({ ...transition(i), action: action(i) });
const fillBox = (b: ReplayBuffer, count: number, from = 0) => {
  for (let i = from; i < from + count; i++) b.add(withAction(i));
};
const make = (kind: string, capacity: number) => makeBuffer(kind, { capacity, actionSpace: actionSpace() });
const rng = () => createRng(11).fork("replay");

describe.each(KINDS)("Box actions in the %s buffer", (kind) => {
  it("stores float32 × 6 per transition and samples each action row exactly", () => {
    const b = make(kind, 16);
    expect(b.actionSize).toBe(6);
    fillBox(b, 5);
    const batch = b.sample(4, rng(), { copy: true });
    expect(batch.actions).toBeInstanceOf(Float32Array);
    expect(batch.actionSize).toBe(6);
    for (let r = 0; r < batch.size; r++) {
      const id = batch.rewards[r]! - 0.25;
      expect(Array.from(batch.actions.subarray(r * 6, r * 6 + 6))).toEqual(Array.from(action(id)));
    }
  });

  it("addBatch stores what add does, actions row-major", () => {
    const [a, b] = [make(kind, 8), make(kind, 8)];
    fillBox(a, 11);
    const n = 11;
    const rows = Array.from({ length: n }, (_, i) => withAction(i));
    b.addBatch({
      count: n,
      observations: Float32Array.from(rows.flatMap((t) => Array.from(t.observation))),
      nextObservations: Float32Array.from(rows.flatMap((t) => Array.from(t.nextObservation))),
      actions: Float32Array.from(rows.flatMap((t) => Array.from(t.action))),
      rewards: Float32Array.from(rows.map((t) => t.reward)),
      terminated: rows.map((t) => t.terminated),
      truncated: rows.map((t) => t.truncated),
    });
    expect(b.serialize!()).toEqual(a.serialize!());
  });

  it("refuses an action outside the Box with the element, the value and the bounds; stores nothing", () => {
    const b = make(kind, 4);
    fillBox(b, 2);
    const image = b.serialize!();
    const space = "Box([[-2.0 -1.0 0.0] [-0.5 -3.0 -1.0]], [[2.0 1.0 0.5] [0.5 3.0 1.0]], (2, 3), float32)";
    const cases: Array<[unknown, string]> = [
      [
        Float32Array.of(0, 0, 0.75, 0, 0, 0),
        `action[2] is 0.75, not in the action space ${space}: expected a finite number in [0, 0.5]`,
      ],
      [
        Float32Array.of(0, Number.NaN, 0, 0, 0, 0),
        `action[1] is NaN, not in the action space ${space}: expected a finite number in [-1, 1]`,
      ],
      [
        Float32Array.of(0, 0),
        `action Float32Array[0, 0] of length 2 is not in the action space ${space}: expected 6 numbers (an array, also for one number)`,
      ],
      [1, `action 1 is not in the action space ${space}: expected 6 numbers (an array, also for one number)`],
    ];
    for (const [bad, message] of cases) {
      const err = (() => {
        try {
          b.add({ ...withAction(9), action: bad as Float32Array });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(GymkitError);
      expect((err as GymkitError).code).toBe("GYMKIT_INVALID_ACTION");
      expect((err as Error).message).toBe(`Replay buffer "${kind}": ${message}. Nothing was stored.`);
    }
    const rows = [withAction(5), withAction(6)];
    const batch = {
      count: 2,
      observations: Float32Array.from(rows.flatMap((t) => Array.from(t.observation))),
      nextObservations: Float32Array.from(rows.flatMap((t) => Array.from(t.nextObservation))),
      actions: Float32Array.from(rows.flatMap((t) => Array.from(t.action))),
      rewards: Float32Array.of(1, 2),
      terminated: [false, false],
      truncated: [false, false],
    };
    const outside = batch.actions.slice();
    outside[6 + 4] = 3.5;
    expect(() => b.addBatch({ ...batch, actions: outside })).toThrowError(
      `Replay buffer "${kind}": actions[1][4] is 3.5, not in the action space ${space}: expected a finite number in [-3, 3]. Nothing was stored.`,
    );
    expect(() => b.addBatch({ ...batch, actions: new Float32Array(6) })).toThrowError(
      `Replay buffer "${kind}": addBatch(): actions must hold at least 12 values (count 2 × action size 6), got length 6. Nothing was stored.`,
    );
    expect(b.serialize!()).toEqual(image);
  });

  it("round-trips through serialize/deserialize, and an image of other actions does not load", () => {
    const b = make(kind, 8);
    fillBox(b, 13);
    const c = make(kind, 8);
    c.deserialize!(b.serialize!());
    expect(c.serialize!()).toEqual(b.serialize!());
    expect(c.sample(4, rng(), { copy: true })).toEqual(b.sample(4, rng(), { copy: true }));
    const discrete = makeBuffer(kind, { capacity: 8 });
    expect(() => discrete.deserialize!(b.serialize!(), "box.rb")).toThrowError(
      /"box\.rb" does not fit this buffer: config mismatch: actionCount is undefined in the file, 2 in this buffer/,
    );
    const narrow = makeBuffer(kind, { capacity: 8, actionSpace: new Box(-1, 1, [6]) });
    expect(() => narrow.deserialize!(b.serialize!(), "box.rb")).toThrowError(
      /config mismatch: actionShape is \[2,3\] in the file, \[6\] in this buffer/,
    );
  });
});

describe("version-1 images (before Box actions)", () => {
  it.each(KINDS)("a %s image written by the previous format still loads, and samples as before", (kind) => {
    const image = new Uint8Array(readFileSync(new URL(`../test/fixtures/${kind}-v1.rb`, import.meta.url)));
    expect(new DataView(image.buffer).getUint32(8, true)).toBe(1);
    // The fixture: capacity 8, transitions 0..10 added (3..10 kept); prioritized with updated priorities.
    const fresh = makeBuffer(kind, { capacity: 8 });
    fill(fresh, 11);
    if (kind === "prioritized") {
      (fresh as PrioritizedReplayBuffer).updatePriorities(Int32Array.of(0, 3, 5), Float32Array.of(0.5, 2, 7));
    }
    const loaded = makeBuffer(kind, { capacity: 8 });
    loaded.deserialize!(image, `${kind}-v1.rb`);
    expect(loaded.serialize!()).toEqual(fresh.serialize!());
    expect(loaded.sample(6, rng(), { copy: true })).toEqual(fresh.sample(6, rng(), { copy: true }));
  });
});

describe("prioritized sampling does not depend on the action column", () => {
  it("draws the same slots with the same weights for Discrete and Box actions", () => {
    const d = makeBuffer("prioritized", { capacity: 64 }) as unknown as PrioritizedReplayBuffer;
    const b = make("prioritized", 64) as unknown as PrioritizedReplayBuffer;
    fill(d, 100);
    fillBox(b, 100);
    const slots = Int32Array.from({ length: 64 }, (_, i) => i);
    const td = Float32Array.from(slots, (i) => ((i * 37) % 11) * 0.3 + 0.2);
    d.updatePriorities(slots, td);
    b.updatePriorities(slots, td);
    const [rd, rb] = [rng(), rng()];
    for (let k = 0; k < 50; k++) {
      const x = d.sample(32, rd);
      const y = b.sample(32, rb);
      expect(Array.from(y.indices)).toEqual(Array.from(x.indices));
      expect(Array.from(y.weights!)).toEqual(Array.from(x.weights!));
      expect(Array.from(y.rewards)).toEqual(Array.from(x.rewards));
    }
  });
});
