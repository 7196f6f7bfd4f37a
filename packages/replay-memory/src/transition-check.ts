import { describeValue, GymkitError, type TransitionBatch } from "@gymkit/core";
import type { ActionLayout, TransitionLayout } from "./layout.js";
import type { StoredTransition } from "./storage.js";

/** True when `v` is a number that stays finite once stored as float32. */
function isFiniteF32(v: unknown): boolean {
  if (typeof v !== "number") return false;
  const f = Math.fround(v);
  return f - f === 0;
}

/** A float32 as its shortest decimal (`0.1`, not `0.10000000149011612`); infinities as `-inf`/`inf`. */
export function f32(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return "inf";
  if (v === Number.NEGATIVE_INFINITY) return "-inf";
  for (let p = 1; p < 9; p++) {
    const c = Number(v.toPrecision(p));
    if (Math.fround(c) === v) return String(c);
  }
  return String(v);
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
  private readonly action: ActionLayout;
  private readonly actionSize: number;
  /** Discrete: the smallest and largest action (the hot path of `add` compares against them). */
  private readonly actionLow: number;
  private readonly actionHigh: number;

  constructor(
    private readonly kind: string,
    private readonly layout: TransitionLayout,
  ) {
    this.observationSize = layout.observationSize;
    this.action = layout.action;
    this.actionSize = layout.actionSize;
    const a = layout.action;
    this.actionLow = a.type === "Discrete" ? a.start : 0;
    this.actionHigh = a.type === "Discrete" ? a.start + a.count - 1 : 0;
  }

  /** Throws a clear error when `t` cannot be stored. */
  check(t: StoredTransition): void {
    if (typeof t !== "object" || t === null) {
      this.fail("GYMKIT_INVALID_ARGUMENT", `add() expects a transition object, got ${describeValue(t)}`);
    }
    this.checkObservation(t.observation, "observation");
    this.checkObservation(t.nextObservation, "nextObservation");
    const action = this.action;
    if (action.type === "Discrete") this.checkDiscrete(t.action, "action");
    else this.checkBox(action, t.action, "action");
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
    const a = this.actionSize;
    const lengths: Array<[string, ArrayLike<unknown> | undefined, number, string]> = [
      ["observations", b.observations, n * d, ` × observation size ${d}`],
      ["nextObservations", b.nextObservations, n * d, ` × observation size ${d}`],
      ["actions", b.actions, n * a, a > 1 ? ` × action size ${a}` : ""],
      ["rewards", b.rewards, n, ""],
      ["terminated", b.terminated, n, ""],
      ["truncated", b.truncated, n, ""],
    ];
    for (const [name, arr, want, per] of lengths) {
      if (arr === null || typeof arr !== "object" || arr.length < want) {
        this.fail(
          "GYMKIT_INVALID_ARGUMENT",
          `addBatch(): ${name} must hold at least ${want} values (count ${n}${want > n ? per : ""}), got length ${describeValue((arr as { length?: unknown } | null)?.length)}`,
        );
      }
    }
    for (let k = 0; k < n * d; k++) {
      if (!isFiniteF32(b.observations[k])) this.badBatchValue("observations", k, b.observations[k]);
      if (!isFiniteF32(b.nextObservations[k]))
        this.badBatchValue("nextObservations", k, b.nextObservations[k]);
    }
    const action = this.action;
    for (let i = 0; i < n; i++) {
      if (action.type === "Discrete") this.checkDiscrete(b.actions[i], `actions[${i}]`);
      else this.checkBoxValues(action, b.actions, i * a, `actions[${i}]`);
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

  private checkDiscrete(a: unknown, name: string): void {
    const low = this.actionLow;
    const high = this.actionHigh;
    if (typeof a !== "number" || !Number.isInteger(a) || a < low || a > high) {
      this.fail(
        "GYMKIT_INVALID_ACTION",
        `${name} ${describeValue(a)} is not in the action space ${this.action.text}: expected an integer in [${low}, ${high}]`,
      );
    }
  }

  /** A Box action: `size` numbers, each within its float32 bounds (NaN never is). */
  private checkBox(action: Extract<ActionLayout, { type: "Box" }>, a: unknown, name: string): void {
    const size = action.size;
    const len = (a as { length?: unknown } | null | undefined)?.length;
    if (a === null || typeof a !== "object" || len !== size) {
      this.fail(
        "GYMKIT_INVALID_ACTION",
        `${name} ${describeValue(a)}${typeof len === "number" ? ` of length ${len}` : ""} is not in the action space ${action.text}: expected ${size} number${size === 1 ? "" : "s"} (an array, also for one number)`,
      );
    }
    this.checkBoxValues(action, a as ArrayLike<unknown>, 0, name);
  }

  /** Numbers `values[offset .. offset + size)` of one Box action, each within its bounds. */
  private checkBoxValues(
    action: Extract<ActionLayout, { type: "Box" }>,
    values: ArrayLike<unknown>,
    offset: number,
    name: string,
  ): void {
    for (let j = 0; j < action.size; j++) {
      const v = values[offset + j];
      // Compared as stored: a float32 copy must be finite and within the float32 bounds.
      const f = typeof v === "number" ? Math.fround(v) : Number.NaN;
      if (!(f - f === 0 && f >= action.low[j]! && f <= action.high[j]!)) {
        this.fail(
          "GYMKIT_INVALID_ACTION",
          `${name}[${j}] is ${describeValue(v)}, not in the action space ${action.text}: expected a finite number in [${f32(action.low[j]!)}, ${f32(action.high[j]!)}]`,
        );
      }
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
