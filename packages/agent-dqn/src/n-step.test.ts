import { type CheckpointFiles, createRng, type ReplayBuffer, type Transition } from "@gymkit/core";
import { prepareBackend } from "@gymkit/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAgent, testRegistry, trainSteps } from "../test/helpers.js";
import type { DqnAgent } from "./dqn-agent.js";
import { NStepWindow } from "./n-step.js";

type T = Transition<ArrayLike<number>, number>;

/** An episode of `rewards.length` steps through observations [0], [1], [2], … */
function episode(rewards: number[], end: "terminated" | "truncated" | "running", from = 0): T[] {
  return rewards.map((reward, i) => ({
    observation: [from + i],
    action: i % 2,
    reward,
    nextObservation: [from + i + 1],
    terminated: end === "terminated" && i === rewards.length - 1,
    truncated: end === "truncated" && i === rewards.length - 1,
  }));
}

const flat = (t: T) => ({
  s: Array.from(t.observation)[0],
  a: t.action,
  r: t.reward,
  next: Array.from(t.nextObservation)[0],
  terminated: t.terminated,
  truncated: t.truncated,
});

function run(n: number, gamma: number, steps: T[]): ReturnType<typeof flat>[] {
  const out: T[] = [];
  const w = new NStepWindow(n, gamma, (t) => out.push(t));
  for (const t of steps) w.push(t);
  return out.map(flat);
}

describe("NStepWindow", () => {
  it("emits (s_t, a_t, r_t + γ r_t+1 + γ² r_t+2, s_t+3) once a window of 3 fills", () => {
    expect(run(3, 0.5, episode([1, 2, 4, 8, 16], "running"))).toEqual([
      { s: 0, a: 0, r: 1 + 0.5 * 2 + 0.25 * 4, next: 3, terminated: false, truncated: false },
      { s: 1, a: 1, r: 2 + 0.5 * 4 + 0.25 * 8, next: 4, terminated: false, truncated: false },
      { s: 2, a: 0, r: 4 + 0.5 * 8 + 0.25 * 16, next: 5, terminated: false, truncated: false },
    ]);
  });

  it("at a termination emits every pending window with the rewards up to the end, terminal", () => {
    expect(run(3, 0.5, episode([1, 2, 4, 8], "terminated"))).toEqual([
      { s: 0, a: 0, r: 1 + 1 + 1, next: 3, terminated: false, truncated: false },
      { s: 1, a: 1, r: 2 + 2 + 2, next: 4, terminated: true, truncated: false },
      { s: 2, a: 0, r: 4 + 4, next: 4, terminated: true, truncated: false },
      { s: 3, a: 1, r: 8, next: 4, terminated: true, truncated: false },
    ]);
    // an episode shorter than n
    expect(run(5, 0.5, episode([1, 2], "terminated"))).toEqual([
      { s: 0, a: 0, r: 2, next: 2, terminated: true, truncated: false },
      { s: 1, a: 1, r: 2, next: 2, terminated: true, truncated: false },
    ]);
  });

  it("at a truncation emits the full window (it bootstraps with γⁿ) and drops the shorter ones", () => {
    expect(run(3, 0.5, episode([1, 2, 4, 8], "truncated"))).toEqual([
      { s: 0, a: 0, r: 3, next: 3, terminated: false, truncated: false },
      { s: 1, a: 1, r: 6, next: 4, terminated: false, truncated: true },
    ]);
  });

  it("starts afresh after an episode ends, and nStep 1 passes steps through unchanged", () => {
    const steps = [...episode([1, 1], "terminated"), ...episode([2, 2, 2], "running", 10)];
    expect(run(2, 0.9, steps).map((t) => [t.s, t.next])).toEqual([
      [0, 2],
      [1, 2],
      [10, 12],
      [11, 13],
    ]);
    expect(run(1, 0.9, steps)).toEqual(steps.map(flat));
  });

  it("keeps one window per source (a vector env's sub-envs), interleaved as train() hands them", () => {
    const a = episode([1, 1, 1, 1], "running", 0);
    const b = episode([2, 2, 2, 2], "terminated", 100).map((t) => ({ ...t, source: 1 }));
    const out: T[] = [];
    const w = new NStepWindow(2, 0.5, (t) => out.push(t));
    for (let i = 0; i < 4; i++) {
      w.push(a[i]!);
      w.push(b[i]!);
    }
    expect(out.map(flat).map((t) => [t.s, t.r, t.next, t.terminated])).toEqual([
      [0, 1.5, 2, false],
      [100, 3, 102, false],
      [1, 1.5, 3, false],
      [101, 3, 103, false],
      [2, 1.5, 4, false],
      [102, 3, 104, true],
      [103, 2, 104, true],
    ]);
    expect(w.pending).toEqual([{ source: 0, steps: [expect.objectContaining({ observation: [3] })] }]);
  });

  it("drops an episode left unfinished (a new one starts without an end), as at a truncation", () => {
    const steps = [...episode([1, 1, 1], "running", 0), ...episode([2, 2, 2], "running", 50)];
    expect(run(2, 0.5, steps).map((t) => [t.s, t.next])).toEqual([
      [0, 2],
      [1, 3],
      [50, 52],
      [51, 53],
    ]);
  });

  it("refuses transitions that twice in a row do not continue their source's previous one, saying what to do", () => {
    const w = new NStepWindow(3, 0.9, () => {});
    // two envs' steps without source: A, B, A — the second break is refused
    w.push(episode([1], "running", 0)[0]!);
    w.push(episode([1], "running", 50)[0]!);
    expect(() => w.push(episode([1, 1], "running", 0)[1]!)).toThrow(
      "observe: with nStep 3 the agent follows each env's episodes step by step, but transitions from source 0 twice in a row did not continue the previous one (observation ≠ the previous nextObservation). Transitions of several envs need their index in transition.source (core's train() sets it for a vector env's sub-envs); for data that is not a trajectory use nStep 1.",
    );
  });
});

describe("the dqn agent with nStep", () => {
  beforeAll(async () => {
    await prepareBackend("cpu", { log: false });
  });

  it("stores n-step transitions and bootstraps them with γⁿ", () => {
    const { agent } = makeAgent("dqn", { nStep: 3, gamma: 0.9, learningStarts: 10_000 });
    const steps = episode([1, 1, 1, 1, 1], "running").map((t) => ({
      ...t,
      observation: Float32Array.from([t.observation[0]!, 0, 0, 0]),
      nextObservation: Float32Array.from([t.nextObservation[0]!, 0, 0, 0]),
    }));
    for (const t of steps) agent.observe(t);
    expect(agent.steps).toBe(5);
    expect(agent.buffer.size).toBe(3); // two steps wait for their window
    const batch = agent.buffer.sample(3, createRng(1), { copy: true });
    for (let i = 0; i < 3; i++) {
      expect(batch.rewards[i]).toBeCloseTo(1 + 0.9 + 0.81, 5);
      expect(batch.nextObservations[i * 4]).toBe(batch.observations[i * 4]! + 3);
    }
    expect(agent.config.nStep).toBe(3);
    agent.dispose();
  });

  it("a checkpoint keeps the pending window, so a restored agent continues exactly", async () => {
    const a = makeAgent("dqn", { nStep: 3, hidden: [16], learningStarts: 100, batchSize: 16 }, { seed: 4 });
    const b = makeAgent("dqn", { nStep: 3, hidden: [16], learningStarts: 100, batchSize: 16 }, { seed: 4 });
    // stop a mid-episode, so its window holds steps
    trainSteps(a.agent, a.env, 301, { seed: 1 });
    const files: CheckpointFiles = await a.agent.checkpoint();
    const image = (a.agent.buffer as ReplayBuffer).serialize!();
    await b.agent.restore(files); // the window travels as JSON inside model.json
    b.agent.buffer.deserialize!(image);
    const model = JSON.parse(new TextDecoder().decode(files["model.json"] as Uint8Array));
    expect(model.userDefinedMetadata.pending[0].steps.length).toBeGreaterThan(0);
    // feed both the same continuation of a's episode
    const cont = a.env;
    const obs = Float32Array.from(model.userDefinedMetadata.pending[0].steps.at(-1).nextObservation);
    let o = obs;
    for (let t = 0; t < 200; t++) {
      const action = t % 2;
      const r = cont.step(action);
      const next = r.observation.slice();
      for (const x of [a.agent, b.agent])
        x.observe({
          observation: o,
          action,
          reward: r.reward,
          nextObservation: next,
          terminated: r.terminated,
          truncated: r.truncated,
        });
      a.agent.update();
      b.agent.update();
      o = r.terminated || r.truncated ? cont.reset().observation.slice() : next;
    }
    expect(b.agent.buffer.size).toBe(a.agent.buffer.size);
    expect(b.agent.online.read()).toEqual(a.agent.online.read());
    a.agent.dispose();
    b.agent.dispose();
  });

  it("learns from a vector env (numEnvs 2) through compose, one window per sub-env", async () => {
    const run = await testRegistry().compose({
      env: { id: "CartPole-v1", numEnvs: 2 },
      agent: { kind: "dqn", nStep: 3, learningStarts: 200, hidden: [16] },
      budget: { steps: 600 },
      eval: false,
      seed: 3,
    });
    const result = await run.train();
    const agent = run.agent as DqnAgent;
    expect(result.steps).toBeGreaterThanOrEqual(600);
    expect(agent.updates).toBeGreaterThan(0);
    // every step is in the buffer or waiting in its sub-env's window (truncations drop none here)
    const waiting = (agent as unknown as { window: NStepWindow }).window.pending;
    expect(agent.buffer.size + waiting.reduce((n, w) => n + w.steps.length, 0)).toBe(agent.steps);
    expect(agent.steps).toBe(result.steps);
    // one window shared by both sub-envs would have thrown at the second step (not continuous)
    expect(waiting.every((w) => w.source === 0 || w.source === 1)).toBe(true);
    await run.dispose();
  });

  it("refuses a checkpoint of another nStep, naming both", async () => {
    const a = makeAgent("dqn", { nStep: 3 });
    const b = makeAgent("dqn", { nStep: 2 });
    await expect(b.agent.restore(await a.agent.checkpoint(), "ckpt")).rejects.toThrow(
      "Cannot restore ckpt into this agent: nStep is 3 in the checkpoint but 2 here (its replay buffer holds 3-step transitions).",
    );
    a.agent.dispose();
    b.agent.dispose();
  });
});
