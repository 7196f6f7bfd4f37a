import type { Batch, ReplayBuffer, Rng, SampleOptions, Transition, TransitionBatch } from "@gymkit/core";
import { assertBatchSize, copyBatch, ReusedBatch } from "./batch.js";
import { ColumnStorage } from "./column-storage.js";
import { NewestFirstSampler } from "./newest-sampler.js";
import { parseOnlineBufferOptions } from "./options.js";
import { deserializeStorage, serializeStorage } from "./storage-checkpoint.js";
import { TransitionChecker } from "./transition-check.js";

/**
 * The `online` buffer: keeps only the newest `capacity` transitions (1 by default) and returns
 * them without randomness. `sample(k)` gives the k newest, newest first; k above `size` is an
 * error rather than a silent repeat, because a batch of copies of one transition would hide the
 * misconfiguration. With capacity 1, `batchSize` 1 and the `none` target sync, DQN becomes plain
 * online neural Q-learning (learn from each transition once, as it happens). Assembled from a
 * `ColumnStorage` and a `NewestFirstSampler`.
 */
export class OnlineReplayBuffer implements ReplayBuffer {
  readonly kind = "online";
  readonly capacity: number;
  readonly observationSize: number;
  readonly actionSize: number;
  /** The rows (read-only use: tests read `fields()`). */
  readonly storage: ColumnStorage;
  readonly sampler = new NewestFirstSampler();
  private readonly checker: TransitionChecker;
  private readonly batch: ReusedBatch;

  /** Options as `registry.create("buffer", "online", options)` takes them. */
  constructor(options: unknown) {
    const o = parseOnlineBufferOptions(options);
    this.storage = new ColumnStorage(this.kind, o.capacity, o.layout);
    this.checker = new TransitionChecker(this.kind, o.layout);
    this.batch = new ReusedBatch(o.layout, false);
    this.capacity = o.capacity;
    this.observationSize = o.layout.observationSize;
    this.actionSize = o.layout.actionSize;
  }

  get size(): number {
    return this.storage.size;
  }

  add(transition: Transition<ArrayLike<number>, number | ArrayLike<number>>): void {
    this.checker.check(transition);
    this.storage.write(transition);
  }

  addBatch(batch: TransitionBatch): void {
    this.checker.checkBatch(batch);
    for (let i = 0; i < batch.count; i++) this.storage.writeBatchRow(batch, i);
  }

  /** The `batchSize` newest transitions, newest first; `rng` is not used. */
  sample(batchSize: number, _rng: Rng, options?: SampleOptions): Batch {
    assertBatchSize(
      this.kind,
      batchSize,
      this.storage.size,
      `the online buffer returns the newest transitions only (capacity ${this.capacity}), so use batchSize <= ${this.capacity} (batchSize 1 for plain online Q-learning) and learningStarts >= batchSize.`,
    );
    const b = this.batch.get(batchSize);
    this.sampler.draw(this.storage.cursor, this.capacity, batchSize, b.indices);
    this.storage.gather(b.indices, batchSize, b);
    return options?.copy ? copyBatch(b) : b;
  }

  serialize(): Uint8Array {
    return serializeStorage(this.kind, this.storage);
  }

  deserialize(bytes: Uint8Array, source?: string): void {
    deserializeStorage(this.kind, this.storage, bytes, source);
  }

  clear(): void {
    this.storage.clear();
  }
}
