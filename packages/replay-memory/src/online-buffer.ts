import type { Batch, Rng, SampleOptions } from "@gymkit/core";
import { parseOnlineBufferOptions } from "./options.js";
import { TransitionStorage } from "./storage.js";
import { assertBatchSize } from "./storage-checkpoint.js";
import { StoredReplayBuffer } from "./stored-buffer.js";

/**
 * The `online` buffer: keeps only the newest `capacity` transitions (1 by default) and returns
 * them without randomness. `sample(k)` gives the k newest, newest first; k above `size` is an
 * error rather than a silent repeat, because a batch of copies of one transition would hide the
 * misconfiguration. With capacity 1, `batchSize` 1 and the `none` target sync, DQN becomes plain
 * online neural Q-learning (learn from each transition once, as it happens).
 */
export class OnlineReplayBuffer extends StoredReplayBuffer {
  readonly kind = "online";

  /** Options as `registry.create("buffer", "online", options)` takes them. */
  constructor(options: unknown) {
    const o = parseOnlineBufferOptions(options);
    super(new TransitionStorage("online", o.capacity, o.layout));
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
    const b = this.reusedBatch(batchSize);
    const cap = this.capacity;
    let slot = this.storage.cursor;
    for (let i = 0; i < batchSize; i++) {
      slot = slot === 0 ? cap - 1 : slot - 1;
      b.indices[i] = slot;
    }
    return this.gathered(b, batchSize, options);
  }
}
