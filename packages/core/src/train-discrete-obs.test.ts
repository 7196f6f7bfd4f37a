/** Issue 21: an env with a Discrete observation space (the cell index, a number) trains and evaluates. */
import { describe, expect, it } from "vitest";
import type { Agent, BatchActor, Transition } from "./agent.js";
import type { Env, ResetResult, StepResult } from "./env.js";
import { Discrete } from "./spaces/discrete.js";
import { evaluate, train } from "./train.js";
import { SyncVectorEnv } from "./vector/sync-vector-env.js";

/** A ring of 5 cells: action 1 moves right, 0 stays; the episode ends on cell 4. Observation: the cell. */
class RingEnv implements Env<number, number> {
  readonly observationSpace = new Discrete(5);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: [] };
  readonly renderMode = undefined;
  spec = undefined;
  cell = 0;
  get unwrapped(): this {
    return this;
  }
  reset(): ResetResult<number> {
    this.cell = 0;
    return { observation: 0, info: {} };
  }
  step(action: number): StepResult<number> {
    this.cell = Math.min(4, this.cell + action);
    return { observation: this.cell, reward: 1, terminated: this.cell === 4, truncated: false, info: {} };
  }
  render(): undefined {
    return undefined;
  }
  close(): void {}
}

/** Always moves right; records the observations it acts on and the transitions it sees. */
class Recorder implements Agent, BatchActor {
  readonly acted: number[][] = [];
  readonly seen: string[] = [];
  act(observation: Float32Array): number {
    this.acted.push(Array.from(observation));
    return 1;
  }
  actBatch(observations: Float32Array, count: number, _o?: unknown, out = new Int32Array(count)): Int32Array {
    this.acted.push(Array.from(observations));
    return out.fill(1);
  }
  observe(t: Transition): void {
    this.seen.push(
      `${t.source}:${Array.from(t.observation)}→${Array.from(t.nextObservation)}${t.terminated ? "!" : ""}`,
    );
  }
  update(): undefined {
    return undefined;
  }
  dispose(): void {}
}

describe("Discrete observations through train() and evaluate()", () => {
  it("reach the agent as a Float32Array of 1 holding the index, on one env and on a SyncVectorEnv", async () => {
    const agent = new Recorder();
    const result = await train({ env: new RingEnv(), agent, budget: { steps: 5 } });
    expect(result.episodeLengths).toEqual([4]);
    expect(agent.acted).toEqual([[0], [1], [2], [3], [0]]);
    expect(agent.seen.slice(0, 4)).toEqual(["0:0→1", "0:1→2", "0:2→3", "0:3→4!"]);

    const batched = new Recorder();
    await train({
      env: new SyncVectorEnv([() => new RingEnv(), () => new RingEnv()]),
      agent: batched,
      budget: { steps: 4 },
    });
    expect(batched.acted).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(batched.seen).toEqual(["0:0→1", "1:0→1", "0:1→2", "1:1→2"]);
  });

  it("evaluate() hands the index to act() likewise", async () => {
    const agent = new Recorder();
    const r = await evaluate(new RingEnv(), agent, { episodes: 1 });
    expect([r.mean, agent.acted]).toEqual([4, [[0], [1], [2], [3]]]);
  });
});
