import { ColumnStorage } from "./column-storage.js";
import { NewestFirstSampler } from "./newest-sampler.js";
import { type OnlineBufferOptions, parseOnlineBufferOptions } from "./options.js";
import { ReplayMemory } from "./replay-memory.js";

/**
 * The `online` buffer: keeps only the newest `capacity` transitions (1 by default) and returns
 * them without randomness. `sample(k)` gives the k newest, newest first; k above `size` is an
 * error rather than a silent repeat, because a batch of copies of one transition would hide the
 * misconfiguration. With capacity 1, `batchSize` 1 and the `none` target sync, DQN becomes plain
 * online neural Q-learning (learn from each transition once, as it happens). A `ReplayMemory`
 * of a `ColumnStorage` and a `NewestFirstSampler`; `sample` does not use its `rng`.
 */
export class OnlineReplayBuffer extends ReplayMemory<ColumnStorage, NewestFirstSampler> {
  declare readonly kind: "online";

  /** Options as `registry.create("buffer", "online", options)` takes them; errors name `path`. */
  constructor(options: OnlineBufferOptions, path = "buffer") {
    const o = parseOnlineBufferOptions(options, path);
    super("online", new ColumnStorage("online", o.capacity, o.layout), new NewestFirstSampler());
  }
}
