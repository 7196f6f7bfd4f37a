import type { Rng } from "@gymkit/core";
import type { MutableBatch } from "./batch.js";
import type { Sampler } from "./sampler.js";
import type { TransitionStorage } from "./storage.js";

/**
 * The `online` sampler: the k newest slots of a ring, newest first, without randomness. It reads
 * only the storage's `cursor` (the slot after the newest) and `capacity`.
 */
export class NewestFirstSampler implements Sampler {
  readonly weighted = false;
  readonly random = false;

  sample(storage: TransitionStorage, k: number, _rng: Rng, out: MutableBatch): void {
    this.draw(storage.cursor, storage.capacity, k, out.indices);
  }

  added(_slot: number): void {}

  clear(): void {}

  hint(capacity: number): string {
    return `the online buffer returns the newest transitions only (capacity ${capacity}), so use batchSize <= ${capacity} (batchSize 1 for plain online Q-learning) and learningStarts >= batchSize.`;
  }

  /** Writes the k slots before `cursor` (wrapping at `capacity`), newest first, into `out`. */
  draw(cursor: number, capacity: number, k: number, out: Int32Array): void {
    let slot = cursor;
    for (let i = 0; i < k; i++) {
      slot = slot === 0 ? capacity - 1 : slot - 1;
      out[i] = slot;
    }
  }
}
