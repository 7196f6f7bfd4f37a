import { GymkitError, type Transition, type TransitionBatch } from "@gymkit/core";
import type { MutableBatch } from "./batch.js";
import type { TransitionLayout } from "./layout.js";

/** Stored rows field by field (views or copies), in the checkpoint's section order. */
export interface StorageFields {
  observations: Float32Array;
  nextObservations: Float32Array;
  /** Int32 for Discrete actions, float32 × action size for Box. */
  actions: Int32Array | Float32Array;
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
}

/**
 * Where a buffer keeps its transitions: a ring of `capacity` rows written at `cursor`, which
 * wraps to 0, so slots `[0, size)` are always the filled ones. A storage copies rows in and out;
 * it does not check them (the buffer's `TransitionChecker` does, before any write) and knows
 * nothing of sampling (the buffer's sampler picks the slots). Two layouts implement it:
 * `ColumnStorage` (one typed array per field, the smallest) and `RowStorage` (one 64-byte
 * record per transition, the fewest cache misses per scattered row).
 */
export interface TransitionStorage {
  readonly capacity: number;
  readonly layout: TransitionLayout;
  /** Numbers per observation. */
  readonly observationSize: number;
  /** Numbers per action (1 for Discrete). */
  readonly actionSize: number;
  /** Transitions stored. */
  readonly size: number;
  /** Slot the next transition goes to. */
  readonly cursor: number;
  /** Bytes held by the typed arrays. */
  readonly byteLength: number;
  /** Stores a checked transition at `cursor` and advances it; returns the slot. */
  write(t: StoredTransition): number;
  /** Stores row `i` of a checked batch at `cursor` and advances it; returns the slot. */
  writeBatchRow(b: TransitionBatch, i: number): number;
  /** Copies rows `slots[0..count)` into `out` (whose `indices` are set to the slots). */
  gather(slots: Int32Array, count: number, out: MutableBatch): void;
  /** The filled rows (slots `[0, size)`) field by field, as the checkpoint stores them. */
  fields(): StorageFields;
  /** Copies verified rows in, field by field (the inverse of `fields`), and sets the counters. */
  restore(fields: StorageFields, size: number, cursor: number): void;
  /** Forgets all transitions (the arrays are kept and overwritten later). */
  clear(): void;
}

/** A transition as storages take it: checked, its action a number (Discrete) or numbers (Box). */
export type StoredTransition = Transition<ArrayLike<number>, number | ArrayLike<number>>;

/** Capacity from which `gather` first touches the rows (arrays beyond the caches). */
export const PREFETCH_FROM = 2 ** 17;

/** Why an allocation failed, in words (V8 says "Invalid typed array length: undefined"). */
export function refusal(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/Invalid typed array length|Invalid array buffer length/.test(message)) {
    return "is longer than the longest typed array this JavaScript engine allows";
  }
  if (/allocation failed/i.test(message)) return "is more memory than this machine could give";
  return `failed (${message})`;
}

/** Allocates a typed array of `capacity` rows, or says how big it was and what to lower. */
export function allocateRows<T>(
  kind: string,
  layout: TransitionLayout,
  capacity: number,
  bytes: number,
  what: string,
  allocate: () => T,
): T {
  try {
    return allocate();
  } catch (e) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Replay buffer "${kind}": cannot allocate ${capacity} transitions of ${layout.observationSize} numbers: ${(bytes / 2 ** 20).toFixed(0)} MiB of ${what} in one array, which ${refusal(e)}; lower capacity.`,
      { cause: e },
    );
  }
}
