import type { Batch, ReplayBuffer, Rng, SampleOptions, Transition, TransitionBatch } from "@gymkit/core";
import { readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { parseOnlineBufferOptions } from "./options.js";
import { copyBatch, createBatch, type MutableBatch, TransitionStorage } from "./storage.js";
import {
  applyStorageImage,
  assertBatchSize,
  storageConfig,
  storageSections,
  verifyStorageImage,
} from "./storage-checkpoint.js";

/**
 * The `online` buffer: keeps only the newest `capacity` transitions (1 by default) and returns
 * them without randomness. `sample(k)` gives the k newest, newest first; k above `size` is an
 * error rather than a silent repeat, because a batch of copies of one transition would hide the
 * misconfiguration. With capacity 1, `batchSize` 1 and the `none` target sync, DQN becomes plain
 * online neural Q-learning (learn from each transition once, as it happens).
 */
export class OnlineReplayBuffer implements ReplayBuffer {
  readonly kind = "online";
  readonly capacity: number;
  readonly observationSize: number;
  readonly storage: TransitionStorage;
  private batch: MutableBatch | undefined;

  /** Options as `registry.create("buffer", "online", options)` takes them. */
  constructor(options: unknown) {
    const o = parseOnlineBufferOptions(options);
    this.capacity = o.capacity;
    this.storage = new TransitionStorage(this.kind, o.capacity, o.layout);
    this.observationSize = this.storage.observationSize;
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

  /** The `batchSize` newest transitions, newest first; `rng` is not used. */
  sample(batchSize: number, _rng: Rng, options?: SampleOptions): Batch {
    const n = this.storage.size;
    assertBatchSize(
      this.kind,
      batchSize,
      n,
      `the online buffer returns the newest transitions only (capacity ${this.capacity}), so use batchSize <= ${this.capacity} (batchSize 1 for plain online Q-learning) and learningStarts >= batchSize.`,
    );
    let b = this.batch;
    if (b === undefined || b.size !== batchSize) {
      b = createBatch(batchSize, this.observationSize, false);
      this.batch = b;
    }
    const cap = this.capacity;
    let slot = this.storage.cursor;
    for (let i = 0; i < batchSize; i++) {
      slot = slot === 0 ? cap - 1 : slot - 1;
      b.indices[i] = slot;
    }
    this.storage.gather(b.indices, batchSize, b);
    return options?.copy ? copyBatch(b) : b;
  }

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
}
