import { Box, Discrete } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { createBatch } from "./batch.js";
import { transitionLayout } from "./layout.js";
import { RowStorage } from "./row-storage.js";
import { PREFETCH_FROM } from "./storage.js";

const discrete = new Discrete(5, -2);
const box = new Box(-4, 4, [3]);
const layout = (d: number, actionSpace: Discrete | Box = discrete) =>
  transitionLayout(new Box(-1e9, 1e9, [d]), actionSpace, "buffer");

/** Action of transition i: Discrete(5, start=-2), or three float32-exact numbers in [-4, 4]. */
const actionOf = (i: number, space: Discrete | Box): number | Float32Array =>
  space === discrete ? (i % 5) - 2 : Float32Array.of((i % 9) / 4 - 2, -(i % 7) / 2, 4);

describe("RowStorage (interleaved rows)", () => {
  it("pads rows to whole 64-byte lines: a CartPole row is one line", () => {
    expect(new RowStorage("prioritized", 4, layout(4)).stride).toBe(16);
    expect(new RowStorage("prioritized", 4, layout(7)).stride).toBe(32);
    expect(new RowStorage("prioritized", 4, layout(4)).byteLength).toBe(4 * 64);
    // 2·4 observation words + reward + 3 action words + flags = 13 words: still one line.
    expect(new RowStorage("prioritized", 4, layout(4, box)).stride).toBe(16);
    expect(new RowStorage("prioritized", 4, layout(6, box)).stride).toBe(32);
  });

  for (const space of [discrete, box]) {
    it(`gathers every field exactly (${space}), multi-line rows and the touched (large) path included`, () => {
      const d = 7;
      const a = space === discrete ? 1 : 3;
      const s = new RowStorage("prioritized", PREFETCH_FROM, layout(d, space));
      const n = 300;
      for (let i = 0; i < n; i++) {
        const observation = Float32Array.from({ length: d }, (_, j) => i + j / 8);
        const nextObservation = observation.map((v) => -v - 0.5);
        const t = { observation, nextObservation, action: actionOf(i, space), reward: i / 4 };
        if (i % 2 === 0) s.write({ ...t, terminated: i % 3 === 0, truncated: i % 7 === 0 });
        else {
          s.writeBatchRow(
            {
              count: 1,
              observations: observation,
              nextObservations: nextObservation,
              actions: typeof t.action === "number" ? Int32Array.of(t.action) : t.action,
              rewards: Float32Array.of(t.reward),
              terminated: Uint8Array.of(+(i % 3 === 0)),
              truncated: Uint8Array.of(+(i % 7 === 0)),
            },
            0,
          );
        }
      }
      const slots = Int32Array.from([0, 299, 17, 17, 150]);
      const out = createBatch(slots.length, layout(d, space), false);
      expect(out.actions).toBeInstanceOf(space === discrete ? Int32Array : Float32Array);
      expect(out.actionSize).toBe(a);
      s.gather(slots, slots.length, out);
      slots.forEach((i, k) => {
        expect(out.indices[k]).toBe(i);
        expect(Array.from(out.observations.subarray(k * d, k * d + d))).toEqual(
          Array.from({ length: d }, (_, j) => i + j / 8),
        );
        expect(out.nextObservations[k * d + d - 1]).toBe(-(i + (d - 1) / 8) - 0.5);
        const action = actionOf(i, space);
        expect(Array.from(out.actions.subarray(k * a, (k + 1) * a))).toEqual(
          typeof action === "number" ? [action] : Array.from(action),
        );
        expect([out.rewards[k], out.terminated[k], out.truncated[k]]).toEqual([
          i / 4,
          +(i % 3 === 0),
          +(i % 7 === 0),
        ]);
      });
      // fields() and restore() are inverse: a second storage rebuilt from the fields is identical.
      const copy = new RowStorage("prioritized", PREFETCH_FROM, layout(d, space));
      copy.restore(s.fields(), s.size, s.cursor);
      expect([copy.size, copy.cursor]).toEqual([n, n]);
      expect(copy.fields()).toEqual(s.fields());
      expect(copy.fields().actions.length).toBe(n * a);
      expect(copy.rows.subarray(0, n * copy.stride)).toEqual(s.rows.subarray(0, n * s.stride));
    });
  }
});
