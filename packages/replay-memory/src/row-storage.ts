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

/** Floats per cache line: rows are padded to whole lines. */
const LINE = 16;

/**
 * Row-interleaved ring storage for the prioritized buffer: one transition is one record of
 * `stride` 4-byte words — observation (d floats), next observation (d), reward, the action (one
 * int32 for Discrete, `actionSize` floats for Box), then the two flags as bytes — padded to whole
 * 64-byte lines, so a CartPole row (11 words) is exactly one cache line.
 *
 * Why: prioritized samples are scattered over the whole buffer, and past the caches each
 * sampled row costs a DRAM (and TLB) miss per array it lives in. Structure of arrays makes that
 * six misses per row; one record makes it one (measured at 1M: gathering 64 rows 6.1 → 2.6 µs).
 * The uniform buffer keeps `ColumnStorage` (its rows are equally scattered, but its issue asks
 * for the smaller footprint: 42 B per CartPole row instead of 64 B here).
 *
 * Checkpoints do not see the layout: `fields()` and `restore()` convert to and from the same
 * field-by-field sections as `ColumnStorage`'s.
 */
export class RowStorage implements TransitionStorage {
  readonly observationSize: number;
  readonly actionSize: number;
  /** Discrete actions: one int32 word; Box actions: `actionSize` float32 words. */
  private readonly scalarAction: boolean;
  /** 4-byte words per row (a multiple of 16). */
  readonly stride: number;
  /** All rows, as floats (observations, next observations, reward). */
  readonly rows: Float32Array;
  /** The same memory as int32 (the action word). */
  private readonly rowInts: Int32Array;
  /** The same memory as bytes (the flags). */
  private readonly rowBytes: Uint8Array;
  size = 0;
  cursor = 0;
  /** Sum of the values the prefetch loop loaded; kept only so the loads are not optimised away. */
  prefetchSink = 0;

  constructor(
    kind: string,
    readonly capacity: number,
    readonly layout: TransitionLayout,
  ) {
    const d = layout.observationSize;
    const a = layout.actionSize;
    this.observationSize = d;
    this.actionSize = a;
    this.scalarAction = layout.action.type === "Discrete";
    const stride = Math.ceil((2 * d + a + 2) / LINE) * LINE;
    this.stride = stride;
    // The views inside too: a byte view of more than the engine's longest typed array (2^32 in
    // Node 20) failed here, outside the message, as "Invalid typed array length" (issue 19).
    [this.rows, this.rowInts, this.rowBytes] = allocateRows(
      kind,
      layout,
      capacity,
      capacity * stride * 4,
      "rows",
      () => {
        const rows = new Float32Array(capacity * stride);
        return [rows, new Int32Array(rows.buffer), new Uint8Array(rows.buffer)] as const;
      },
    );
  }

  get byteLength(): number {
    return this.rows.byteLength;
  }

  write(t: StoredTransition): number {
    const slot = this.cursor;
    const d = this.observationSize;
    const r = slot * this.stride;
    const rows = this.rows;
    const obs = t.observation;
    const next = t.nextObservation;
    for (let j = 0; j < d; j++) {
      rows[r + j] = obs[j]!;
      rows[r + d + j] = next[j]!;
    }
    rows[r + 2 * d] = t.reward;
    if (this.scalarAction) this.rowInts[r + 2 * d + 1] = t.action as number;
    else rows.set(t.action as ArrayLike<number>, r + 2 * d + 1);
    const f = 4 * (r + 2 * d + 1 + this.actionSize);
    this.rowBytes[f] = t.terminated ? 1 : 0;
    this.rowBytes[f + 1] = t.truncated ? 1 : 0;
    this.advance();
    return slot;
  }

  writeBatchRow(b: TransitionBatch, i: number): number {
    const slot = this.cursor;
    const d = this.observationSize;
    const r = slot * this.stride;
    const rows = this.rows;
    const src = i * d;
    for (let j = 0; j < d; j++) {
      rows[r + j] = b.observations[src + j]!;
      rows[r + d + j] = b.nextObservations[src + j]!;
    }
    rows[r + 2 * d] = b.rewards[i]!;
    const a = this.actionSize;
    if (this.scalarAction) this.rowInts[r + 2 * d + 1] = b.actions[i]!;
    else for (let j = 0; j < a; j++) rows[r + 2 * d + 1 + j] = b.actions[i * a + j]!;
    const f = 4 * (r + 2 * d + 1 + a);
    this.rowBytes[f] = flag(b.terminated[i]);
    this.rowBytes[f + 1] = flag(b.truncated[i]);
    this.advance();
    return slot;
  }

  /** Copies rows `slots[0..count)` into `out`. */
  gather(slots: Int32Array, count: number, out: MutableBatch): void {
    const d = this.observationSize;
    const stride = this.stride;
    const rows = this.rows;
    const ints = this.rowInts;
    const bytes = this.rowBytes;
    if (this.capacity >= PREFETCH_FROM) {
      // Touch every line of every row first, in a loop of independent loads, so the misses
      // overlap (see ColumnStorage.touch); the copy below then hits the cache.
      let acc = 0;
      for (let i = 0; i < count; i++) {
        const r = slots[i]! * stride;
        for (let k = 0; k < stride; k += LINE) acc += rows[r + k]!;
      }
      this.prefetchSink = acc;
    }
    const oo = out.observations;
    const on = out.nextObservations;
    const a = this.actionSize;
    const scalar = this.scalarAction;
    for (let i = 0; i < count; i++) {
      const s = slots[i]!;
      const r = s * stride;
      const dst = i * d;
      out.indices[i] = s;
      for (let j = 0; j < d; j++) {
        oo[dst + j] = rows[r + j]!;
        on[dst + j] = rows[r + d + j]!;
      }
      out.rewards[i] = rows[r + 2 * d]!;
      if (scalar) out.actions[i] = ints[r + 2 * d + 1]!;
      else for (let j = 0; j < a; j++) out.actions[i * a + j] = rows[r + 2 * d + 1 + j]!;
      const f = 4 * (r + 2 * d + 1 + a);
      out.terminated[i] = bytes[f]!;
      out.truncated[i] = bytes[f + 1]!;
    }
  }

  /** The filled rows, field by field: copies, as the checkpoint stores them. */
  fields(): StorageFields {
    const n = this.size;
    const d = this.observationSize;
    const a = this.actionSize;
    const f: StorageFields = {
      observations: new Float32Array(n * d),
      nextObservations: new Float32Array(n * d),
      actions: this.scalarAction ? new Int32Array(n) : new Float32Array(n * a),
      rewards: new Float32Array(n),
      terminated: new Uint8Array(n),
      truncated: new Uint8Array(n),
    };
    for (let i = 0; i < n; i++) {
      const r = i * this.stride;
      for (let j = 0; j < d; j++) {
        f.observations[i * d + j] = this.rows[r + j]!;
        f.nextObservations[i * d + j] = this.rows[r + d + j]!;
      }
      f.rewards[i] = this.rows[r + 2 * d]!;
      if (this.scalarAction) f.actions[i] = this.rowInts[r + 2 * d + 1]!;
      else for (let j = 0; j < a; j++) f.actions[i * a + j] = this.rows[r + 2 * d + 1 + j]!;
      f.terminated[i] = this.rowBytes[4 * (r + 2 * d + 1 + a)]!;
      f.truncated[i] = this.rowBytes[4 * (r + 2 * d + 1 + a) + 1]!;
    }
    return f;
  }

  /** Interleaves verified per-field rows into the records and sets the counters. */
  restore(f: StorageFields, size: number, cursor: number): void {
    const d = this.observationSize;
    const a = this.actionSize;
    const n = f.rewards.length;
    for (let i = 0; i < n; i++) {
      const r = i * this.stride;
      for (let j = 0; j < d; j++) {
        this.rows[r + j] = f.observations[i * d + j]!;
        this.rows[r + d + j] = f.nextObservations[i * d + j]!;
      }
      this.rows[r + 2 * d] = f.rewards[i]!;
      if (this.scalarAction) this.rowInts[r + 2 * d + 1] = f.actions[i]!;
      else for (let j = 0; j < a; j++) this.rows[r + 2 * d + 1 + j] = f.actions[i * a + j]!;
      this.rowBytes[4 * (r + 2 * d + 1 + a)] = f.terminated[i]!;
      this.rowBytes[4 * (r + 2 * d + 1 + a) + 1] = f.truncated[i]!;
    }
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
