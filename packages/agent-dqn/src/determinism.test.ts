import { prepareBackend } from "@gymkit/tfjs";
import { describe, expect, it } from "vitest";
import { runTwice } from "../test/determinism.js";

describe.each(["cpu", "wasm"] as const)("determinism on %s", (backend) => {
  it("same seed and config → identical episode returns and weights; another seed differs", async () => {
    expect(await prepareBackend(backend, { log: false })).toBe(backend);
    const { a, b, sameWeights } = runTwice(11);
    expect(a.length).toBeGreaterThan(20);
    expect(b).toEqual(a);
    expect(sameWeights).toBe(true);
    const other = runTwice(12, 600).a;
    expect(other).not.toEqual(a.slice(0, other.length));
  });
});
