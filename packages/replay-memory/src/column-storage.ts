import type { TransitionBatch } from "@gymkit/core";
import type { MutableBatch } from "./batch.js";
import type { TransitionLayout } from "./layout.js";
import {
  allocateRows,
  PREFETCH_FROM,
  type StorageFields,
  type StoredTransition,
  type TransitionStorage,
} from "./storage.js";
import { flag } from "./transition-check.js";

/**
 * Structure-of-arrays ring storage (`uniform`, `online`): one typed array per field —
 * `Float32Array` observations, next observations and rewards, actions as the layout says
 * (`Int32Array`, one per row, for Discrete; `Float32Array`, `actionSize` per row, for Box),
 * `Uint8Array` flags — 42 bytes per CartPole transition, the smallest layout.
 */
export class ColumnStorage implements TransitionStorage {
  readonly observationSize: number;
  readonly actionSize: number;
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  readonly rewards: Float32Array;
  readonly actions: Int32Array | Float32Array;
  /** Discrete actions: one int32 per row, read and written as a number. */
  private readonly scalarAction: boolean;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  size = 0;
  cursor = 0;
  /** Sum of the values `touch` loaded; meaningless, kept only so the loads are not optimised away. */
  prefetchSink = 0;

  constructor(
    kind: string,
    readonly capacity: number,
    readonly layout: TransitionLayout,
  ) {
    const d = layout.observationSize;
    this.observationSize = d;
    const obs = () => new Float32Array(capacity * d);
    this.observations = allocateRows(kind, layout, capacity, capacity * d * 4, "observations", obs);
    this.nextObservations = allocateRows(kind, layout, capacity, capacity * d * 4, "observations", obs);
    this.rewards = new Float32Array(capacity);
    const a = layout.actionSize;
    this.actionSize = a;
    this.scalarAction = layout.action.type === "Discrete";
    this.actions = this.scalarAction
      ? new Int32Array(capacity)
      : allocateRows(
          kind,
          layout,
          capacity,
          capacity * a * 4,
          "actions",
          () => new Float32Array(capacity * a),
        );
    this.terminated = new Uint8Array(capacity);
    this.truncated = new Uint8Array(capacity);
  }

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

  write(t: StoredTransition): number {
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
    if (this.scalarAction) this.actions[slot] = t.action as number;
    else this.actions.set(t.action as ArrayLike<number>, slot * this.actionSize);
    this.rewards[slot] = t.reward;
    this.terminated[slot] = t.terminated ? 1 : 0;
    this.truncated[slot] = t.truncated ? 1 : 0;
    this.advance();
    return slot;
  }

  writeBatchRow(b: TransitionBatch, i: number): number {
    const slot = this.cursor;
    const d = this.observationSize;
    const o = slot * d;
    const src = i * d;
    for (let j = 0; j < d; j++) {
      this.observations[o + j] = b.observations[src + j]!;
      this.nextObservations[o + j] = b.nextObservations[src + j]!;
    }
    if (this.scalarAction) this.actions[slot] = b.actions[i]!;
    else {
      const a = this.actionSize;
      for (let j = 0; j < a; j++) this.actions[slot * a + j] = b.actions[i * a + j]!;
    }
    this.rewards[slot] = b.rewards[i]!;
    this.terminated[slot] = flag(b.terminated[i]);
    this.truncated[slot] = flag(b.truncated[i]);
    this.advance();
    return slot;
  }

  /** Copies rows `slots[0..count)` into `out`. */
  gather(slots: Int32Array, count: number, out: MutableBatch): void {
    const d = this.observationSize;
    const so = this.observations;
    const sn = this.nextObservations;
    if (this.capacity >= PREFETCH_FROM) this.touch(slots, count);
    const oo = out.observations;
    const on = out.nextObservations;
    const a = this.actionSize;
    for (let i = 0; i < count; i++) {
      const s = slots[i]!;
      out.indices[i] = s;
      if (a === 1) out.actions[i] = this.actions[s]!;
      else for (let j = 0; j < a; j++) out.actions[i * a + j] = this.actions[s * a + j]!;
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
    for (let i = 0; i < count; i++) acc += this.actions[slots[i]! * this.actionSize]!;
    for (let i = 0; i < count; i++) acc += this.terminated[slots[i]!]! + this.truncated[slots[i]!]!;
    this.prefetchSink = acc;
  }

  /** Views of the filled part of each array (no copy). */
  fields(): StorageFields {
    const n = this.size;
    const d = this.observationSize;
    return {
      observations: this.observations.subarray(0, n * d),
      nextObservations: this.nextObservations.subarray(0, n * d),
      actions: this.actions.subarray(0, n * this.actionSize),
      rewards: this.rewards.subarray(0, n),
      terminated: this.terminated.subarray(0, n),
      truncated: this.truncated.subarray(0, n),
    };
  }

  restore(f: StorageFields, size: number, cursor: number): void {
    this.observations.set(f.observations);
    this.nextObservations.set(f.nextObservations);
    this.actions.set(f.actions);
    this.rewards.set(f.rewards);
    this.terminated.set(f.terminated);
    this.truncated.set(f.truncated);
    this.size = size;
    this.cursor = cursor;
  }

  clear(): void {
    this.size = 0;
    this.cursor = 0;
  }

  /** Moves `cursor` on after a write (wrapping) and grows `size` until full. */
  private advance(): void {
    this.cursor = this.cursor + 1 === this.capacity ? 0 : this.cursor + 1;
    if (this.size < this.capacity) this.size++;
  }
}
