/** Issue 19: a capacity that cannot be allocated is refused with what it would take, never a RangeError. */
import { Box, Discrete } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { MAX_PRIORITIZED_CAPACITY, PrioritizedReplayBuffer, UniformReplayBuffer } from "./index.js";

const spaces = (size: number) => ({ observationSpace: new Box(-1, 1, [size]), actionSpace: new Discrete(2) });

describe("capacities that cannot be allocated", () => {
  it("prioritized: the schema stops at 2^26, the most its one array of rows can hold in Node 20", () => {
    expect(() => new PrioritizedReplayBuffer({ capacity: 2 ** 28, ...spaces(4) })).toThrow(
      `Invalid config at buffer.capacity: expected an integer >= 1 and <= ${MAX_PRIORITIZED_CAPACITY}, got ${2 ** 28}.`,
    );
  });

  it.each([
    ["prioritized", PrioritizedReplayBuffer, "rows", 2 ** 20, "800064"],
    ["uniform", UniformReplayBuffer, "observations", 2 ** 22, "1600000"],
  ] as const)(
    "%s: rows too long for one typed array say how much and what to lower",
    (kind, Buffer, what, capacity, mib) => {
      // Large observations make the arrays too long without allocating anything.
      expect(() => new Buffer({ capacity, ...spaces(100_000) })).toThrow(
        new RegExp(
          `^Replay buffer "${kind}": cannot allocate ${capacity} transitions of 100000 numbers: ${mib} MiB of ${what} in one array, which is longer than the longest typed array this JavaScript engine allows; lower capacity\\.$`,
        ),
      );
    },
  );
});
