/**
 * The `online` sampler: the k newest slots of a ring, newest first, without randomness. It reads
 * only the storage's `cursor` (the slot after the newest) and `capacity`.
 */
export class NewestFirstSampler {
  /** Writes the k slots before `cursor` (wrapping at `capacity`), newest first, into `out`. */
  draw(cursor: number, capacity: number, k: number, out: Int32Array): void {
    let slot = cursor;
    for (let i = 0; i < k; i++) {
      slot = slot === 0 ? capacity - 1 : slot - 1;
      out[i] = slot;
    }
  }
}
