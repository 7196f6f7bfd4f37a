import { describeValue, GymkitError, type Transition, type TransitionBatch } from "@gymkit/core";
import type { TransitionLayout } from "./layout.js";

/** True when `v` is a number that stays finite once stored as float32. */
function isFiniteF32(v: unknown): boolean {
  if (typeof v !== "number") return false;
  const f = Math.fround(v);
  return f - f === 0;
}

/** Flags may be booleans (`Transition`) or 0/1 (vector envs' typed arrays); -1 for anything else. */
export function flag(v: unknown): number {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  return -1;
}

/**
 * The input checks of `add` and `addBatch`, shared by every kind whatever its storage: a buffer
 * checks all of a transition (or of a batch) before its storage writes any of it, so a rejected
 * input leaves the buffer untouched. Messages name the kind, the field and the bad value.
 */
export class TransitionChecker {
  private readonly observationSize: number;
  private readonly actionLow: number;
  private readonly actionHigh: number;

  constructor(
    private readonly kind: string,
    private readonly layout: TransitionLayout,
  ) {
    this.observationSize = layout.observationSize;
    this.actionLow = layout.actionStart;
    this.actionHigh = layout.actionStart + layout.actionCount - 1;
  }

  /** Throws a clear error when `t` cannot be stored. */
  check(t: Transition<ArrayLike<number>, number>): void {
    if (typeof t !== "object" || t === null) {
      this.fail("GYMKIT_INVALID_ARGUMENT", `add() expects a transition object, got ${describeValue(t)}`);
    }
    this.checkObservation(t.observation, "observation");
    this.checkObservation(t.nextObservation, "nextObservation");
    this.checkAction(t.action, "action");
    if (!isFiniteF32(t.reward)) {
      this.fail("GYMKIT_INVALID_ARGUMENT", `reward must be a finite number, got ${describeValue(t.reward)}`);
    }
    if (flag(t.terminated) < 0 || flag(t.truncated) < 0) {
      this.fail(
        "GYMKIT_INVALID_ARGUMENT",
        `terminated and truncated must be booleans (or 0/1), got ${describeValue(t.terminated)} and ${describeValue(t.truncated)}`,
      );
    }
  }

  /** Throws when any row of `b` cannot be stored. */
  checkBatch(b: TransitionBatch): void {
    if (typeof b !== "object" || b === null) {
      this.fail("GYMKIT_INVALID_ARGUMENT", `addBatch() expects a transition batch, got ${describeValue(b)}`);
    }
    const n = b.count;
    if (!Number.isInteger(n) || n < 0) {
      this.fail(
        "GYMKIT_INVALID_ARGUMENT",
        `addBatch(): count must be an integer >= 0, got ${describeValue(n)}`,
      );
    }
    const d = this.observationSize;
    const lengths: Array<[string, ArrayLike<unknown> | undefined, number]> = [
      ["observations", b.observations, n * d],
      ["nextObservations", b.nextObservations, n * d],
      ["actions", b.actions, n],
      ["rewards", b.rewards, n],
      ["terminated", b.terminated, n],
      ["truncated", b.truncated, n],
    ];
    for (const [name, arr, want] of lengths) {
      if (arr === null || typeof arr !== "object" || arr.length < want) {
        this.fail(
          "GYMKIT_INVALID_ARGUMENT",
          `addBatch(): ${name} must hold at least ${want} values (count ${n}${want > n ? ` × observation size ${d}` : ""}), got length ${describeValue((arr as { length?: unknown } | null)?.length)}`,
        );
      }
    }
    for (let k = 0; k < n * d; k++) {
      if (!isFiniteF32(b.observations[k])) this.badBatchValue("observations", k, b.observations[k]);
      if (!isFiniteF32(b.nextObservations[k]))
        this.badBatchValue("nextObservations", k, b.nextObservations[k]);
    }
    for (let i = 0; i < n; i++) {
      this.checkAction(b.actions[i], `actions[${i}]`);
      if (!isFiniteF32(b.rewards[i])) {
        this.fail(
          "GYMKIT_INVALID_ARGUMENT",
          `addBatch(): rewards[${i}] must be finite, got ${describeValue(b.rewards[i])}`,
        );
      }
      if (flag(b.terminated[i]) < 0 || flag(b.truncated[i]) < 0) {
        this.fail(
          "GYMKIT_INVALID_ARGUMENT",
          `addBatch(): terminated[${i}] and truncated[${i}] must be booleans or 0/1, got ${describeValue(b.terminated[i])} and ${describeValue(b.truncated[i])}`,
        );
      }
    }
  }

  private checkObservation(obs: ArrayLike<number> | undefined, name: string): void {
    const d = this.observationSize;
    if (obs === null || typeof obs !== "object" || obs.length !== d) {
      const len = (obs as { length?: unknown } | null | undefined)?.length;
      this.fail(
        "GYMKIT_INVALID_ARGUMENT",
        `${name} must hold ${d} numbers (observation shape [${this.layout.observationShape.join(", ")}]), got ${describeValue(obs)}${typeof len === "number" ? ` of length ${len}` : ""}`,
      );
    }
    for (let j = 0; j < d; j++) {
      if (!isFiniteF32(obs[j])) {
        this.fail(
          "GYMKIT_INVALID_ARGUMENT",
          `${name}[${j}] is ${describeValue(obs[j])}; observations must be finite numbers (within float32 range)`,
        );
      }
    }
  }

  private checkAction(a: unknown, name: string): void {
    if (typeof a !== "number" || !Number.isInteger(a) || a < this.actionLow || a > this.actionHigh) {
      const { actionCount: n, actionStart: s } = this.layout;
      this.fail(
        "GYMKIT_INVALID_ACTION",
        `${name} ${describeValue(a)} is not in the action space Discrete(${n}${s ? `, start=${s}` : ""}): expected an integer in [${this.actionLow}, ${this.actionHigh}]`,
      );
    }
  }

  private badBatchValue(name: string, k: number, v: unknown): never {
    const d = this.observationSize;
    this.fail(
      "GYMKIT_INVALID_ARGUMENT",
      `addBatch(): ${name}[${k}] (transition ${Math.floor(k / d)}, element ${k % d}) is ${describeValue(v)}; observations must be finite numbers`,
    );
  }

  private fail(code: "GYMKIT_INVALID_ARGUMENT" | "GYMKIT_INVALID_ACTION", what: string): never {
    throw new GymkitError(code, `Replay buffer "${this.kind}": ${what}. Nothing was stored.`);
  }
}
