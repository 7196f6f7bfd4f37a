import { describe, expect, it } from "vitest";
import { createBatch } from "./batch.js";
import { RowStorage } from "./row-storage.js";
import { PREFETCH_FROM } from "./storage.js";

const layout = (d: number) => ({
  observationShape: [d],
  observationSize: d,
  observationDType: "float32" as const,
  actionCount: 5,
  actionStart: -2,
});

describe("RowStorage (interleaved rows)", () => {
  it("pads rows to whole 64-byte lines: a CartPole row is one line", () => {
    expect(new RowStorage("prioritized", 4, layout(4)).stride).toBe(16);
    expect(new RowStorage("prioritized", 4, layout(7)).stride).toBe(32);
    expect(new RowStorage("prioritized", 4, layout(4)).byteLength).toBe(4 * 64);
  });

  it("gathers every field exactly, multi-line rows and the touched (large) path included", () => {
    const d = 7;
    const s = new RowStorage("prioritized", PREFETCH_FROM, layout(d));
    const n = 300;
    for (let i = 0; i < n; i++) {
      const observation = Float32Array.from({ length: d }, (_, j) => i + j / 8);
      const nextObservation = observation.map((v) => -v - 0.5);
      const t = { observation, nextObservation, action: (i % 5) - 2, reward: i / 4 };
      if (i % 2 === 0) s.write({ ...t, terminated: i % 3 === 0, truncated: i % 7 === 0 });
      else {
        s.writeBatchRow(
          {
            count: 1,
            observations: observation,
            nextObservations: nextObservation,
            actions: Int32Array.of(t.action),
            rewards: Float32Array.of(t.reward),
            terminated: Uint8Array.of(+(i % 3 === 0)),
            truncated: Uint8Array.of(+(i % 7 === 0)),
          },
          0,
        );
      }
    }
    const slots = Int32Array.from([0, 299, 17, 17, 150]);
    const out = createBatch(slots.length, d, false);
    s.gather(slots, slots.length, out);
    slots.forEach((i, k) => {
      expect(out.indices[k]).toBe(i);
      expect(Array.from(out.observations.subarray(k * d, k * d + d))).toEqual(
        Array.from({ length: d }, (_, j) => i + j / 8),
      );
      expect(out.nextObservations[k * d + d - 1]).toBe(-(i + (d - 1) / 8) - 0.5);
      expect([out.actions[k], out.rewards[k], out.terminated[k], out.truncated[k]]).toEqual([
        (i % 5) - 2,
        i / 4,
        +(i % 3 === 0),
        +(i % 7 === 0),
      ]);
    });
    // fields() and restore() are inverse: a second storage rebuilt from the fields is identical.
    const copy = new RowStorage("prioritized", PREFETCH_FROM, layout(d));
    copy.restore(s.fields(), s.size, s.cursor);
    expect([copy.size, copy.cursor]).toEqual([n, n]);
    expect(copy.fields()).toEqual(s.fields());
    expect(copy.rows.subarray(0, n * copy.stride)).toEqual(s.rows.subarray(0, n * s.stride));
  });
});
