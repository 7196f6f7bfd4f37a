import { type Batch, describeValue, GymkitError, type Transition, type TransitionBatch } from "@gymkit/core";
import type { TransitionLayout } from "./layout.js";

/** A `Batch` the buffer fills in place (the public type is read-only). */
export interface MutableBatch {
  size: number;
  observations: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  nextObservations: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  indices: Int32Array;
  weights?: Float32Array | undefined;
}

/** Preallocated batch arrays for `size` rows of `observationSize` numbers. */
export function createBatch(size: number, observationSize: number, withWeights: boolean): MutableBatch {
  return {
    size,
    observations: new Float32Array(size * observationSize),
    actions: new Int32Array(size),
    rewards: new Float32Array(size),
    nextObservations: new Float32Array(size * observationSize),
    terminated: new Uint8Array(size),
    truncated: new Uint8Array(size),
    indices: new Int32Array(size),
    weights: withWeights ? new Float32Array(size) : undefined,
  };
}

/** Fresh copies of a batch's arrays (for `sample(..., { copy: true })`). */
export function copyBatch(b: Batch): Batch {
  return {
    size: b.size,
    observations: b.observations.slice(),
    actions: b.actions.slice(),
    rewards: b.rewards.slice(),
    nextObservations: b.nextObservations.slice(),
    terminated: b.terminated.slice(),
    truncated: b.truncated.slice(),
    indices: b.indices.slice(),
    weights: b.weights?.slice(),
  };
}

/** Stored rows field by field (views or copies), in the checkpoint's section order. */
export interface StorageFields {
  observations: Float32Array;
  nextObservations: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
}

/** Capacity from which `gather` first touches the rows (arrays beyond the caches). */
export const PREFETCH_FROM = 2 ** 17;

/** True when `v` is a number that stays finite once stored as float32. */
function isFiniteF32(v: unknown): boolean {
  if (typeof v !== "number") return false;
  const f = Math.fround(v);
  return f - f === 0;
}

/** Flags may be booleans (`Transition`) or 0/1 (vector envs' typed arrays). */
export function flag(v: unknown): number {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  return -1;
}

/**
 * Structure-of-arrays ring storage shared by all buffer kinds: one typed array per field, rows
 * written at `cursor`, which wraps to 0, so slots `[0, size)` are always the filled ones. Every
 * write is preceded by a full check, so a rejected transition leaves storage untouched.
 */
export class TransitionStorage {
  readonly observationSize: number;
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  readonly rewards: Float32Array;
  readonly actions: Int32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** Transitions stored. */
  size = 0;
  /** Slot the next transition goes to. */
  cursor = 0;
  private readonly actionLow: number;
  /** Sum of the values `touch` loaded; meaningless, kept only so the loads are not optimised away. */
  prefetchSink = 0;
  private readonly actionHigh: number;

  /**
   * `fieldRows` is the number of rows the per-field arrays get: `capacity`, or 0 for a subclass
   * that stores its rows elsewhere (`RowStorage`).
   */
  constructor(
    private readonly kind: string,
    readonly capacity: number,
    readonly layout: TransitionLayout,
    fieldRows = capacity,
  ) {
    const d = layout.observationSize;
    this.observationSize = d;
    try {
      this.observations = new Float32Array(fieldRows * d);
      this.nextObservations = new Float32Array(fieldRows * d);
    } catch (e) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Replay buffer "${kind}": cannot allocate ${capacity} transitions of ${d} numbers (${((capacity * d * 8) / 2 ** 20).toFixed(0)} MiB of observations); lower capacity.`,
        { cause: e },
      );
    }
    this.rewards = new Float32Array(fieldRows);
    this.actions = new Int32Array(fieldRows);
    this.terminated = new Uint8Array(fieldRows);
    this.truncated = new Uint8Array(fieldRows);
    this.actionLow = layout.actionStart;
    this.actionHigh = layout.actionStart + layout.actionCount - 1;
  }

  /** Bytes held by the typed arrays. */
  get byteLength(): number {
    return (
      this.observations.byteLength +
      this.nextObservations.byteLength +
      this.rewards.byteLength +
      this.actions.byteLength +
      this.terminated.byteLength +
      this.truncated.byteLength
    );
  }

  /** Throws a clear error when `t` cannot be stored; writes nothing. */
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
        `terminated and truncated must be booleans, got ${describeValue(t.terminated)} and ${describeValue(t.truncated)}`,
      );
    }
  }

  /** Stores a checked transition at `cursor` and advances it; returns the slot. */
  write(t: Transition<ArrayLike<number>, number>): number {
    const slot = this.cursor;
    const d = this.observationSize;
    const o = slot * d;
    const obs = t.observation;
    const next = t.nextObservation;
    const so = this.observations;
    const sn = this.nextObservations;
    for (let j = 0; j < d; j++) {
      so[o + j] = obs[j]!;
      sn[o + j] = next[j]!;
    }
    this.actions[slot] = t.action;
    this.rewards[slot] = t.reward;
    this.terminated[slot] = t.terminated ? 1 : 0;
    this.truncated[slot] = t.truncated ? 1 : 0;
    this.advance();
    return slot;
  }

  /** Throws when any row of `b` cannot be stored; writes nothing. */
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

  /** Stores row `i` of a checked batch at `cursor`; returns the slot. */
  writeBatchRow(b: TransitionBatch, i: number): number {
    const slot = this.cursor;
    const d = this.observationSize;
    const o = slot * d;
    const src = i * d;
    for (let j = 0; j < d; j++) {
      this.observations[o + j] = b.observations[src + j]!;
      this.nextObservations[o + j] = b.nextObservations[src + j]!;
    }
    this.actions[slot] = b.actions[i]!;
    this.rewards[slot] = b.rewards[i]!;
    this.terminated[slot] = flag(b.terminated[i]);
    this.truncated[slot] = flag(b.truncated[i]);
    this.advance();
    return slot;
  }

  /** Copies rows `slots[0..count)` into `out` (whose `indices` are set to the slots). */
  gather(slots: Int32Array, count: number, out: MutableBatch): void {
    const d = this.observationSize;
    const so = this.observations;
    const sn = this.nextObservations;
    if (this.capacity >= PREFETCH_FROM) this.touch(slots, count);
    const oo = out.observations;
    const on = out.nextObservations;
    for (let i = 0; i < count; i++) {
      const s = slots[i]!;
      out.indices[i] = s;
      out.actions[i] = this.actions[s]!;
      out.rewards[i] = this.rewards[s]!;
      out.terminated[i] = this.terminated[s]!;
      out.truncated[i] = this.truncated[s]!;
      const src = s * d;
      const dst = i * d;
      for (let j = 0; j < d; j++) {
        oo[dst + j] = so[src + j]!;
        on[dst + j] = sn[src + j]!;
      }
    }
  }

  /**
   * Loads one value of each row from each array, in simple independent loops, before the copy.
   * Past the caches, random rows cost a DRAM (and TLB) miss per array; a loop with nothing but
   * independent loads lets the CPU keep many misses in flight, and the copy then hits the cache.
   * Halves `sample` at capacity 1M; neutral when the arrays fit in cache.
   */
  private touch(slots: Int32Array, count: number): void {
    const d = this.observationSize;
    let acc = 0;
    for (let i = 0; i < count; i++) acc += this.observations[slots[i]! * d]!;
    for (let i = 0; i < count; i++) acc += this.nextObservations[slots[i]! * d]!;
    for (let i = 0; i < count; i++) acc += this.rewards[slots[i]!]!;
    for (let i = 0; i < count; i++) acc += this.actions[slots[i]!]!;
    for (let i = 0; i < count; i++) acc += this.terminated[slots[i]!]! + this.truncated[slots[i]!]!;
    this.prefetchSink = acc;
  }

  /** The filled rows (slots `[0, size)`) field by field, as the checkpoint stores them. */
  fields(): StorageFields {
    const n = this.size;
    const d = this.observationSize;
    return {
      observations: this.observations.subarray(0, n * d),
      nextObservations: this.nextObservations.subarray(0, n * d),
      actions: this.actions.subarray(0, n),
      rewards: this.rewards.subarray(0, n),
      terminated: this.terminated.subarray(0, n),
      truncated: this.truncated.subarray(0, n),
    };
  }

  /** Copies verified rows in, field by field (the inverse of `fields`); counters are not set. */
  setFields(f: StorageFields): void {
    this.observations.set(f.observations);
    this.nextObservations.set(f.nextObservations);
    this.actions.set(f.actions);
    this.rewards.set(f.rewards);
    this.terminated.set(f.terminated);
    this.truncated.set(f.truncated);
  }

  /** Forgets all transitions (the arrays are kept and overwritten later). */
  clear(): void {
    this.size = 0;
    this.cursor = 0;
  }

  /** Moves `cursor` on after a write (wrapping) and grows `size` until full. */
  protected advance(): void {
    this.cursor = this.cursor + 1 === this.capacity ? 0 : this.cursor + 1;
    if (this.size < this.capacity) this.size++;
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
