import type { Batch, ReplayBuffer, Rng, SampleOptions, Transition, TransitionBatch } from "@gymkit/core";
import { readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { copyBatch, createBatch, type MutableBatch, type TransitionStorage } from "./storage.js";
import {
  applyStorageImage,
  storageConfig,
  storageSections,
  verifyStorageImage,
} from "./storage-checkpoint.js";

/**
 * What every buffer kind shares: typed `TransitionStorage`, validated `add`/`addBatch`, one
 * reused `Batch`, a checkpoint of the storage, `clear`. A kind adds its sampling (and, for
 * `prioritized`, its priorities on top of `add`, `save`, `load` and `clear`).
 */
export abstract class StoredReplayBuffer<S extends TransitionStorage = TransitionStorage>
  implements ReplayBuffer
{
  abstract readonly kind: string;
  readonly capacity: number;
  readonly observationSize: number;
  private batch: MutableBatch | undefined;

  protected constructor(
    /** The typed storage (read-only use: benchmarks and tests read `byteLength`). */
    readonly storage: S,
    /** Whether batches carry importance `weights`. */
    private readonly weighted = false,
  ) {
    this.capacity = storage.capacity;
    this.observationSize = storage.observationSize;
  }

  get size(): number {
    return this.storage.size;
  }

  add(transition: Transition<ArrayLike<number>, number>): void {
    this.storage.check(transition);
    this.storage.write(transition);
  }

  addBatch(batch: TransitionBatch): void {
    this.storage.checkBatch(batch);
    for (let i = 0; i < batch.count; i++) this.storage.writeBatchRow(batch, i);
  }

  abstract sample(batchSize: number, rng: Rng, options?: SampleOptions): Batch;

  async save(path: string): Promise<void> {
    await writeCheckpoint(path, {
      kind: this.kind,
      config: storageConfig(this.storage),
      state: { size: this.storage.size, cursor: this.storage.cursor },
      sections: storageSections(this.storage),
    });
  }

  async load(path: string): Promise<void> {
    const loaded = await readCheckpoint(path);
    const image = verifyStorageImage(path, loaded, this.kind, storageConfig(this.storage), this.storage);
    applyStorageImage(this.storage, image);
  }

  clear(): void {
    this.storage.clear();
  }

  /** The batch arrays for `batchSize` rows, reused while the size stays the same. */
  protected reusedBatch(batchSize: number): MutableBatch {
    let b = this.batch;
    if (b === undefined || b.size !== batchSize) {
      b = createBatch(batchSize, this.observationSize, this.weighted);
      this.batch = b;
    }
    return b;
  }

  /** Fills `b` from its `indices` and returns it, or a copy when asked. */
  protected gathered(b: MutableBatch, batchSize: number, options: SampleOptions | undefined): Batch {
    this.storage.gather(b.indices, batchSize, b);
    return options?.copy ? copyBatch(b) : b;
  }
}
