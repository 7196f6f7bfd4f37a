import { prepareBackend } from "@gymkit/tfjs";
import { expectNoTensorLeak, tensorCount } from "@gymkit/tfjs/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAgent, trainSteps } from "../test/helpers.js";

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
          if (t === 1000 || t === 20_000) counts.set(t, tensorCount());
        },
      });
      expect(agent.updates).toBeGreaterThan(19_000);
      expect(counts.get(20_000)).toBe(counts.get(1000));
      const held = counts.get(1000)!;
      agent.dispose();
      expect(tensorCount()).toBeLessThan(held);
    },
  );

  it("act, actBatch, update (autodiff path too), checkpoint and restore leave no tensor behind", async () => {
    const { agent, env } = makeAgent("dqn", { hidden: [8], batchSize: 8, learningStarts: 50, dueling: true });
    trainSteps(agent, env, 100);
    const obs = env.reset({ seed: 1 }).observation;
    expectNoTensorLeak(() => agent.act(obs), "act()");
    expectNoTensorLeak(() => agent.actBatch(new Float32Array(4 * 5), 5), "actBatch()");
    expectNoTensorLeak(() => trainSteps(agent, env, 20), "20 training steps");
    const files = await expectNoTensorLeak(() => agent.checkpoint(), "checkpoint()");
    await expectNoTensorLeak(() => agent.restore(files), "restore()");
    agent.dispose();
  });
});
