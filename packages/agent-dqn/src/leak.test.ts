import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAgent, trainSteps } from "../test/helpers.js";
import { prepareBackend } from "./backend.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

describe("tensor hygiene", () => {
  it.each([
    ["dqn", { hidden: [8], batchSize: 8, learningStarts: 100, targetSync: { kind: "soft", tau: 0.01 } }],
    ["qlearning", { hidden: [8] }],
  ] as const)(
    "%s: tf.memory().numTensors is the same after step 1 000 and step 20 000",
    (preset, options) => {
      const { agent, env } = makeAgent(preset, options, { totalSteps: 20_000 });
      const counts = new Map<number, number>();
      trainSteps(agent, env, 20_000, {
        onStep: (t) => {
          if (t === 1000 || t === 20_000) counts.set(t, tf.memory().numTensors);
        },
      });
      expect(agent.updates).toBeGreaterThan(19_000);
      expect(counts.get(20_000)).toBe(counts.get(1000));
      const held = counts.get(1000)!;
      agent.dispose();
      expect(tf.memory().numTensors).toBeLessThan(held);
    },
  );
});
