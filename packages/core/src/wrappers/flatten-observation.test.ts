import { describe, expect, it } from "vitest";
import { StatefulChainEnv } from "../../test/chain-env.js";
import type { Env, ResetResult, StepResult } from "../env.js";
import type { EnvState } from "../env-state.js";
import { Box } from "../spaces/box.js";
import { Discrete } from "../spaces/discrete.js";
import { FlattenObservation } from "./flatten-observation.js";
import { TimeLimit } from "./time-limit.js";

/** Observations are Discrete(4, start=1): the position 1..4; action 1 walks right. Stateful. */
class WalkEnv implements Env<number, number> {
  readonly observationSpace = new Discrete(4, 1);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: [] };
  readonly renderMode = undefined;
  spec = undefined;
  position = 1;
  get unwrapped(): this {
    return this;
  }
  reset(): ResetResult<number> {
    this.position = 1;
    return { observation: this.position, info: { start: true } };
  }
  step(action: number): StepResult<number> {
    this.position = Math.min(4, Math.max(1, this.position + (action === 1 ? 1 : -1)));
    return {
      observation: this.position,
      reward: 1,
      terminated: this.position === 4,
      truncated: false,
      info: {},
    };
  }
  render() {
    return undefined;
  }
  close() {}
  getState(): EnvState {
    return { position: this.position };
  }
  setState(state: EnvState): void {
    this.position = (state as { position: number }).position;
  }
}

describe("FlattenObservation", () => {
  it("turns Discrete(n, start) observations into one-hot Box(0, 1, [n]) vectors", () => {
    const env = new FlattenObservation(new WalkEnv());
    expect(String(env.observationSpace)).toBe("Box(0.0, 1.0, (4,), float32)");
    const r = env.reset();
    expect(Array.from(r.observation)).toEqual([1, 0, 0, 0]);
    expect(r.info).toEqual({ start: true });
    expect(env.observationSpace.contains(r.observation)).toBe(true);
    env.step(1);
    const s = env.step(1);
    expect(Array.from(s.observation)).toEqual([0, 0, 1, 0]);
    expect(s).toMatchObject({ reward: 1, terminated: false, truncated: false });
    expect(env.step(1)).toMatchObject({ terminated: true });
    expect(Array.from(env.step(0).observation)).toEqual([0, 0, 1, 0]);
  });

  it("flattens a Box to one dimension, keeping its bounds", () => {
    const inner = new StatefulChainEnv() as unknown as Env<unknown, number>;
    Object.defineProperty(inner, "observationSpace", { value: new Box(-1, [1, 2, 3, 4], [2, 2], "float64") });
    const env = new FlattenObservation(inner);
    expect(env.observationSpace.shape).toEqual([4]);
    expect(Array.from(env.observationSpace.high)).toEqual([1, 2, 3, 4]);
  });

  it("forwards getState/setState nested under its own name, through other wrappers", () => {
    const a = new TimeLimit(new FlattenObservation(new WalkEnv()), 10);
    a.reset();
    a.step(1);
    const state = a.getState();
    expect(state).toEqual({
      wrapper: "TimeLimit",
      elapsedSteps: 1,
      inner: { wrapper: "FlattenObservation", inner: { position: 2 } },
    });
    const b = new TimeLimit(new FlattenObservation(new WalkEnv()), 10);
    b.reset();
    b.setState(state);
    expect(Array.from(b.step(1).observation)).toEqual(Array.from(a.step(1).observation));
  });

  it("names a space it cannot flatten", () => {
    const odd = new WalkEnv() as unknown as Env<unknown, number>;
    Object.defineProperty(odd, "observationSpace", { value: { shape: [], toString: () => "Tuple()" } });
    expect(() => new FlattenObservation(odd)).toThrowError(
      'FlattenObservation: cannot flatten observation space "Tuple()"; it flattens Discrete and Box spaces.',
    );
  });
});
