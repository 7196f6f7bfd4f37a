import { Box, createRng, Discrete, Registry } from "@gymkit/core";
import { expect, it } from "vitest";
import replayMemory from "./index.js";

it("the README example runs as written", () => {
  const registry = new Registry().use(replayMemory);
  const observationSpace = new Box(-10, 10, [4]);
  const buffer = registry.create(
    "buffer",
    "uniform",
    { capacity: 50_000 },
    { env: { observationSpace, actionSpace: new Discrete(2) } }, // or { env } for a made env
  );
  const rng = createRng(42).fork("replay");
  for (let i = 0; i < 100; i++) {
    const observation = observationSpace.sample(rng);
    buffer.add({
      observation,
      action: i % 2,
      reward: 1,
      nextObservation: observation,
      terminated: false,
      truncated: false,
    });
  }
  const batch = buffer.sample(64, rng);
  expect([batch.size, batch.observations.length]).toEqual([64, 256]);
});
