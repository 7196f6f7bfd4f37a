import type { Batch, ReplayBuffer, Rng, SampleOptions, Transition, TransitionBatch } from "@gymkit/core";
import { assertBatchSize, assertRng, copyBatch, ReusedBatch } from "./batch.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";
import type { Sampler } from "./sampler.js";
import type { TransitionStorage } from "./storage.js";
import {
  applyStorageImage,
  storageConfig,
  storageSections,
  verifyStorageImage,
} from "./storage-checkpoint.js";
import { TransitionChecker } from "./transition-check.js";

/**
 * A replay buffer assembled from a storage, a sampler and the input checks, as TorchRL's
 * `ReplayBuffer(storage=…, sampler=…)`: `add`, `addBatch`, `sample`, `serialize`, `deserialize`
 * and `clear` are written once here, and each registered kind is a configuration of it
 * (`uniform`: `ColumnStorage` + `UniformSampler`; `online`: `ColumnStorage` +
 * `NewestFirstSampler`; `prioritized`: `RowStorage` + `PrioritizedSampler`).
 *
 * Every input is checked in full before the storage writes any of it, so a rejected input leaves
 * the buffer untouched; `sample` fills one reused batch (no allocation per call) unless asked
 * for a copy.
 */
export class ReplayMemory<S extends TransitionStorage = TransitionStorage, P extends Sampler = Sampler>
  implements ReplayBuffer
{
  readonly capacity: number;
  readonly observationSize: number;
  readonly actionSize: number;
  private readonly checker: TransitionChecker;
  private readonly batch: ReusedBatch;

  constructor(
    /** Registered kind, e.g. `uniform`: it names the buffer in errors and images. */
    readonly kind: string,
    /** The rows (read-only use outside: benchmarks and tests read `byteLength` and `fields()`). */
    readonly storage: S,
    readonly sampler: P,
  ) {
    this.checker = new TransitionChecker(kind, storage.layout);
    this.batch = new ReusedBatch(storage.layout, sampler.weighted);
    this.capacity = storage.capacity;
    this.observationSize = storage.observationSize;
    this.actionSize = storage.actionSize;
  }

  get size(): number {
    return this.storage.size;
  }

  add(transition: Transition<ArrayLike<number>, number | ArrayLike<number>>): void {
    this.checker.check(transition);
    this.sampler.added(this.storage.write(transition));
  }

  addBatch(batch: TransitionBatch): void {
    this.checker.checkBatch(batch);
    for (let i = 0; i < batch.count; i++) this.sampler.added(this.storage.writeBatchRow(batch, i));
  }

  /**
   * `batchSize` transitions as the sampler picks them. The returned arrays are reused by the
   * next call unless `copy: true`.
   */
  sample(batchSize: number, rng: Rng, options?: SampleOptions): Batch {
    const s = this.storage;
    // The hint is built only for the error: it is a string per call otherwise.
    if (!(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= s.size)) {
      assertBatchSize(this.kind, batchSize, s.size, this.sampler.hint(s.capacity));
    }
    if (this.sampler.random) assertRng(this.kind, rng);
    const b = this.batch.get(batchSize);
    this.sampler.sample(s, batchSize, rng, b);
    s.gather(b.indices, batchSize, b);
    return options?.copy ? copyBatch(b) : b;
  }

  /** The rows and the sampler's state (prioritized: priorities, largest priority, β step) as one image. */
  serialize(): Uint8Array {
    const s = this.storage;
    const c = this.sampler.checkpoint;
    return encodeCheckpoint({
      kind: this.kind,
      config: this.config(),
      state: { size: s.size, cursor: s.cursor, ...c?.state() },
      sections: [...storageSections(s), ...(c?.sections(s.size) ?? [])],
    });
  }

  /** Verifies the whole image (rows and sampler state) before restoring either; throws, changing nothing. */
  deserialize(bytes: Uint8Array, source?: string): void {
    const loaded = decodeCheckpoint(bytes, source);
    const rows = verifyStorageImage(source, loaded, this.kind, this.config(), this.storage);
    const c = this.sampler.checkpoint;
    const extra = c?.verify(source, loaded, rows.size);
    applyStorageImage(this.storage, rows);
    c?.restore(extra);
  }

  /** Empties the buffer (the prioritized β schedule keeps counting). */
  clear(): void {
    this.storage.clear();
    this.sampler.clear();
  }

  /** What an image must match: the storage's layout and capacity, and the sampler's config. */
  private config(): Record<string, unknown> {
    return { ...storageConfig(this.storage), ...this.sampler.checkpoint?.config() };
  }
}
