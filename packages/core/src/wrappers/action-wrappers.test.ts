/** Issue 21: Box.clip, ClipAction and RescaleAction with Gymnasium's semantics, against hand-computed values. */
import { describe, expect, it } from "vitest";
import type { StepResult } from "../env.js";
import { Box } from "../spaces/box.js";
import { Discrete } from "../spaces/discrete.js";
import { PointMassEnv } from "../testing/point-mass.js";
import { ClipAction, RescaleAction } from "./action-wrappers.js";

/** An env with the given action box that records what each step got (its observations are the point mass's). */
class BoxEnv extends PointMassEnv {
  readonly got: number[][] = [];
  constructor(box: Box) {
    super();
    Object.defineProperty(this, "actionSpace", { value: box });
  }
  override step(action: Float32Array): StepResult<Float32Array> {
    this.got.push(Array.from(action));
    return super.step(new Float32Array(1));
  }
}

describe("Box.clip", () => {
  it("clamps each component into [low, high] (NaN stays NaN), into out or a new array of the dtype", () => {
    const box = new Box([-1, 0, Number.NEGATIVE_INFINITY], [1, 2, 3]);
    expect(Array.from(box.clip([5, -1, -1e30]))).toEqual([1, 0, -1e30].map(Math.fround));
    expect(box.clip([0, 0, 0])).toBeInstanceOf(Float32Array);
    expect(new Box(0, 1, [1], "float64").clip([2])).toBeInstanceOf(Float64Array);
    const inPlace = new Float32Array([0.5, 3, Number.NaN]);
    expect(box.clip(inPlace, inPlace)).toBe(inPlace);
    expect(Array.from(inPlace)).toEqual([0.5, 2, Number.NaN]);
    expect(() => box.clip([1, 2])).toThrowError("Box: clip: action [1,2] must have 3 numbers (shape (3,)).");
  });
});

describe("ClipAction", () => {
  it("steps the env with the action clipped into its box, under an unbounded action space", () => {
    const env = new BoxEnv(new Box(-2, 2, [1]));
    const wrapped = new ClipAction(env);
    expect(String(wrapped.actionSpace)).toBe("Box(-inf, inf, (1,), float32)");
    wrapped.reset({ seed: 0 });
    const action = new Float32Array([5]);
    for (const a of [5, -3, 0.5]) {
      action[0] = a;
      wrapped.step(action);
    }
    expect(env.got).toEqual([[2], [-2], [0.5]]);
    expect(action[0]).toBe(0.5); // the caller's array is not changed
  });

  it("refuses an env without Box actions", () => {
    const discrete = Object.assign(new PointMassEnv(), { actionSpace: new Discrete(2) });
    expect(() => new ClipAction(discrete as never)).toThrowError(
      "ClipAction: the env's action space must be a Box, got Discrete(2). Wrap an env with continuous actions.",
    );
  });
});

describe("RescaleAction", () => {
  it("maps [-1, 1] onto [-2, 2]: gradient 0.5, intercept 0", () => {
    const env = new BoxEnv(new Box(-2, 2, [1]));
    const wrapped = new RescaleAction(env, -1, 1);
    expect(String(wrapped.actionSpace)).toBe("Box(-1.0, 1.0, (1,), float32)");
    wrapped.reset({ seed: 0 });
    for (const a of [1, 0.5, -1, 0, 1.5]) wrapped.step(new Float32Array([a]));
    expect(env.got).toEqual([[2], [1], [-2], [0], [3]]); // 1.5 → 3: not clipped, as Gymnasium
  });

  it("per element: low [0, -1, -inf], high [10, 1, 5] from [-1, 1] × 2 and (-inf, 1]", () => {
    const env = new BoxEnv(new Box([0, -1, Number.NEGATIVE_INFINITY], [10, 1, 5]));
    const wrapped = new RescaleAction(env, [-1, -1, Number.NEGATIVE_INFINITY], [1, 1, 1]);
    wrapped.reset({ seed: 0 });
    wrapped.step(new Float32Array([1, 1, 1]));
    wrapped.step(new Float32Array([0, 0.5, 0]));
    // Element 0: gradient = f32(2 / 10) = 0.2 (0.20000000298...), intercept = f32(0.2 · −0) + −1 = −1;
    //   (1 + 1) / 0.2 → 10, (0 + 1) / 0.2 → 5 (float32). Element 1: gradient 1, intercept 0.
    // Element 2 (unbounded below): gradient 1, intercept = 1 − 5 = −4; 1 → 5, 0 → 4.
    expect(env.got).toEqual([
      [10, 1, 5],
      [5, 0.5, 4],
    ]);
  });

  it("float32 arithmetic as numpy's: [-1, 1] onto [0, 0.3]", () => {
    const env = new BoxEnv(new Box(0, 0.3, [1]));
    const wrapped = new RescaleAction(env, -1, 1);
    wrapped.reset({ seed: 0 });
    wrapped.step(new Float32Array([0.1]));
    // gradient = f32(2 / f32(0.3) as float64) = 6.666666..., intercept = f32(f32(g · −0) + −1) = −1;
    // (0.1f + 1) rounded to float32, then / g rounded to float32 (numpy float32 arithmetic).
    const g = Math.fround(2 / Math.fround(0.3));
    expect(env.got[0]![0]).toBe(Math.fround(Math.fround(Math.fround(0.1) + 1) / g));
    expect(env.got[0]![0]).toBeCloseTo(0.165, 7);
  });

  it("refuses bounds that cannot be mapped", () => {
    const env = new BoxEnv(new Box(-2, 2, [1]));
    expect(() => new RescaleAction(env, 1, -1)).toThrowError(
      "RescaleAction: element 0: [1, -1] cannot be mapped onto the env's [-2, 2]; give minAction <= maxAction, finite where the env's bound is finite and the same infinity where it is not.",
    );
    expect(() => new RescaleAction(env, [0, 0], 1)).toThrowError(
      "RescaleAction: minAction must be a number or 1 numbers (the shape of Box(-2.0, 2.0, (1,), float32)), got [0,0].",
    );
  });
});
