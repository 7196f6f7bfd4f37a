import { describe, expect, it } from "vitest";
import { OneHotEncoder } from "./one-hot.js";
import { parseSpaces } from "./options.js";

describe("Discrete observations, one-hot encoded (SB3's preprocess_obs)", () => {
  it("parseSpaces gives the network n inputs for Discrete(n, start)", () => {
    const spaces = parseSpaces({
      observationSpace: { type: "Discrete", n: 16, start: 2 },
      actionSpace: { type: "Discrete", n: 4, start: 0 },
    });
    expect([spaces.observationSize, spaces.observationShape, spaces.oneHot]).toEqual([
      16,
      [16],
      { n: 16, start: 2 },
    ]);
  });

  it("encodes indices into reused one-hot rows, and the transition's two observations", () => {
    const enc = new OneHotEncoder(4, 1);
    const row = enc.encode(Float32Array.of(3), 1, "act");
    expect(Array.from(row)).toEqual([0, 0, 1, 0]);
    expect(enc.encode([1], 1, "act")).toBe(row);
    expect(Array.from(enc.encode(Float32Array.of(4, 1), 2, "actBatch"))).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
    const t = enc.transition({
      ...{ observation: Float32Array.of(2), action: 3, reward: 1, nextObservation: Float32Array.of(4) },
      ...{ terminated: true, truncated: false, source: 5 },
    });
    expect({
      ...t,
      observation: Array.from(t.observation),
      nextObservation: Array.from(t.nextObservation),
    }).toEqual({
      ...{ observation: [0, 1, 0, 0], action: 3, reward: 1, nextObservation: [0, 0, 0, 1] },
      ...{ terminated: true, truncated: false, source: 5 },
    });
  });

  it("names an observation outside the space", () => {
    const enc = new OneHotEncoder(4, 1);
    expect(() => enc.encode([0], 1, "act")).toThrowError(
      "act: observation 0 is not in Discrete(4, start=1); pass the env's cell index.",
    );
    expect(() => enc.encode([1, 2], 1, "act")).toThrowError(
      "act: expected 1 observation of Discrete(4, start=1) (one cell index each), got [1,2].",
    );
  });
});
