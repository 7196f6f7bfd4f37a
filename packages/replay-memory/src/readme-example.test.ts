import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Box, createRng, Discrete, Registry } from "@gymkit/core";
import { expect, it } from "vitest";
import replayMemory from "./index.js";
import { loadBuffer, saveBuffer } from "./node.js";

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

it("the README checkpoint example runs (in a temporary directory)", async () => {
  const registry = new Registry().use(replayMemory);
  const env = { observationSpace: new Box(-10, 10, [4]), actionSpace: new Discrete(2) };
  const buffer = registry.create("buffer", "uniform", { capacity: 100 }, { env });
  const restored = registry.create("buffer", "uniform", { capacity: 100 }, { env });
  const rng = createRng(1);
  for (let i = 0; i < 10; i++) {
    const observation = env.observationSpace.sample(rng);
    buffer.add({
      observation,
      action: 1,
      reward: 1,
      nextObservation: observation,
      terminated: false,
      truncated: false,
    });
  }
  const dir = mkdtempSync(join(tmpdir(), "gymkit-readme-"));
  const path = join(dir, "runs/cartpole/buffer.rb");
  try {
    mkdirSync(join(dir, "runs/cartpole"), { recursive: true });
    await saveBuffer(buffer, path);
    await loadBuffer(restored, path); // same kind and config, or it throws
    expect(restored.serialize!()).toEqual(buffer.serialize!());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
