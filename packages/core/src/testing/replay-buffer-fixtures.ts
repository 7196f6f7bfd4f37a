import { expect } from "vitest";
import type { Transition } from "../agent.js";
import type { Batch, TransitionBatch } from "../buffer.js";
import { Box } from "../spaces/box.js";
import { Discrete } from "../spaces/discrete.js";

/** Numbers per observation in the replay contract: observations are `Box(3)`. */
export const OBS = 3;

/** An action the contract stores: a number (`Discrete`) or numbers (`Box`). */
export type ContractAction = number | Float32Array;
export type ContractTransition = Transition<Float32Array, ContractAction>;

/**
 * One action column the contract runs against: the space, the action of transition i, and
 * actions outside the space.
 */
export interface ActionCase {
  readonly type: "Discrete" | "Box";
  readonly space: () => Discrete | Box;
  /** Numbers per action. */
  readonly size: number;
  /** The batch array type `sample` returns for this space. */
  readonly arrayType: Int32ArrayConstructor | Float32ArrayConstructor;
  readonly action: (i: number) => ContractAction;
  readonly bad: ReadonlyArray<readonly [string, unknown]>;
}

export const ACTION_CASES: Record<"Discrete" | "Box", ActionCase> = {
  Discrete: {
    type: "Discrete",
    space: () => new Discrete(2),
    size: 1,
    arrayType: Int32Array,
    action: (i) => i % 2,
    bad: [
      ["an action outside Discrete(2)", 2],
      ["a fractional action", 0.5],
    ],
  },
  Box: {
    type: "Box",
    space: () => new Box(-1, 1, [2]),
    size: 2,
    arrayType: Float32Array,
    // float32-exact, distinct per i mod 24, inside [-1, 1]
    action: (i) => Float32Array.of((i % 8) / 8 - 0.5, ((i % 3) - 1) / 2),
    bad: [
      ["an action outside Box(-1, 1, (2,))", Float32Array.of(0, 2)],
      ["an action of the wrong length", Float32Array.of(0)],
      ["a NaN in the action", Float32Array.of(Number.NaN, 0)],
      ["a number for a Box action", 0.5],
    ],
  },
};

/**
 * Transition number `i`: every field is a distinct float32-exact function of i, so a sampled row
 * names the transition it came from (its reward minus 0.25) and can be compared exactly.
 */
export function transition(i: number, actions: ActionCase): ContractTransition {
  const observation = Float32Array.of(i, i + 0.125, i + 0.25);
  return {
    observation,
    action: actions.action(i),
    reward: i + 0.25,
    nextObservation: observation.map((x) => -x - 0.5),
    terminated: i % 3 === 0,
    truncated: i % 5 === 0,
  };
}

const asList = (a: ContractAction): number[] => (typeof a === "number" ? [a] : Array.from(a));

/** The ids of a batch's rows, each checked to be an exact copy of the transition it names. */
export function rowIds(batch: Batch, actions: ActionCase): number[] {
  const a = actions.size;
  expect(batch.actionSize, "batch.actionSize").toBe(a);
  expect(batch.actions, "batch.actions' array type").toBeInstanceOf(actions.arrayType);
  const ids: number[] = [];
  for (let r = 0; r < batch.size; r++) {
    const id = batch.rewards[r]! - 0.25;
    const t = transition(id, actions);
    const row = (x: Float32Array) => Array.from(x.subarray(r * OBS, (r + 1) * OBS));
    expect(
      {
        observation: row(batch.observations),
        action: Array.from(batch.actions.subarray(r * a, (r + 1) * a)),
        nextObservation: row(batch.nextObservations),
        terminated: batch.terminated[r] === 1,
        truncated: batch.truncated[r] === 1,
      },
      `row ${r} is an exact copy of transition ${id}`,
    ).toEqual({
      observation: Array.from(t.observation),
      action: asList(t.action),
      nextObservation: Array.from(t.nextObservation),
      terminated: t.terminated,
      truncated: t.truncated,
    });
    ids.push(id);
  }
  return ids;
}

/** Transitions `from .. from+count-1` as one structure-of-arrays batch. */
export function transitionBatch(count: number, actions: ActionCase, from = 0): TransitionBatch {
  const ts = Array.from({ length: count }, (_, k) => transition(from + k, actions));
  const flat = ts.flatMap((t) => asList(t.action));
  return {
    count,
    observations: Float32Array.from(ts.flatMap((t) => Array.from(t.observation))),
    nextObservations: Float32Array.from(ts.flatMap((t) => Array.from(t.nextObservation))),
    actions: actions.type === "Discrete" ? Int32Array.from(flat) : Float32Array.from(flat),
    rewards: Float32Array.from(ts.map((t) => t.reward)),
    terminated: Uint8Array.from(ts.map((t) => (t.terminated ? 1 : 0))),
    truncated: ts.map((t) => t.truncated),
  };
}
