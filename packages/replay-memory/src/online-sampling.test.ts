import { createRng } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { fill, makeBuffer, registryWithPlugin, rowMatches } from "../test/helpers.js";

describe("online buffer", () => {
  it("keeps one transition by default and sample(1) returns the newest", () => {
    const b = makeBuffer("online");
    expect(b.capacity).toBe(1);
    const rng = createRng(0);
    for (let i = 0; i < 5; i++) {
      fill(b, 1, i);
      expect(b.size).toBe(1);
      expect(rowMatches(b.sample(1, rng), 0)).toBe(i);
    }
  });

  it("sample(k) returns the k newest, newest first", () => {
    const b = makeBuffer("online", { capacity: 4 });
    fill(b, 7);
    const batch = b.sample(3, createRng(0));
    expect([0, 1, 2].map((r) => rowMatches(batch, r))).toEqual([6, 5, 4]);
  });

  it("refuses k above size instead of repeating transitions", () => {
    const b = makeBuffer("online");
    fill(b, 3);
    expect(() => b.sample(32, createRng(0))).toThrowError(
      /"online": cannot sample 32 from 1 stored transitions; .*capacity 1.*batchSize <= 1/,
    );
  });
});

describe("replay-memory plugin", () => {
  it("registers the three buffer kinds", () => {
    expect(registryWithPlugin().ids("buffer")).toEqual(["online", "prioritized", "uniform"]);
  });
});
